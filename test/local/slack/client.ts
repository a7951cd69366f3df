import { LogLevel, WebClient, type Logger, type WebClientOptions } from '@slack/web-api';
import type { LocalSlack } from '../../../local/slack';

/** The tests provoke Slack errors on purpose; the WebClient would log each one. */
const silent: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

/** A real WebClient pointed at the local server, without retries unless asked. */
export function localClient(
  slack: LocalSlack,
  options: WebClientOptions = {},
  token = 'xoxb-local',
): WebClient {
  return new WebClient(token, {
    slackApiUrl: slack.apiUrl,
    retryConfig: { retries: 0 },
    logger: silent,
    ...options,
  });
}
