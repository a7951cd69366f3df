import { ErrorCode, WebClient, type WebAPICallError } from '@slack/web-api';
import { countRateLimits, observedClientOptions, type SlackObservers } from './slack-observers';

/**
 * A Web API client for the task functions, which run outside Slack's three-second window:
 * it retries 5xx and network errors a few times and waits out `Retry-After` on 429; it logs
 * through the function's logger and counts its 429s and retries.
 * `SLACK_API_URL` points it at a Slack-compatible endpoint (local mode, tests).
 */
export function createSlackClient(
  botToken: string,
  observers: SlackObservers,
  slackApiUrl = process.env.SLACK_API_URL,
): WebClient {
  const client = new WebClient(botToken, {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    timeout: 10_000,
    ...observedClientOptions(observers, {
      retries: 3,
      factor: 2,
      minTimeout: 1_000,
      maxTimeout: 10_000,
    }),
  });
  return countRateLimits(client, observers);
}

/** True when Slack could not be reached or answered with a server or rate-limit error. */
export function isSlackUnavailable(error: unknown): boolean {
  const code = (error as WebAPICallError | undefined)?.code;
  return (
    code === ErrorCode.RequestError ||
    code === ErrorCode.HTTPError ||
    code === ErrorCode.RateLimitedError
  );
}

/** An error named for Step Functions: `Slack.Unavailable` is retried by the state machine. */
export class SlackError extends Error {
  constructor(
    name: 'Slack.Unavailable' | 'Slack.RequestFailed' | 'Slack.NoThread',
    message: string,
  ) {
    super(message);
    this.name = name;
  }
}

/** Rethrows a Web API error as a SlackError, so the state machine can tell an outage from a mistake. */
export function asSlackError(error: unknown, what: string): SlackError {
  const message = `${what}: ${(error as Error).message}`;
  return new SlackError(
    isSlackUnavailable(error) ? 'Slack.Unavailable' : 'Slack.RequestFailed',
    message,
  );
}
