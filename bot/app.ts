// Deep imports: the package index also loads the Express receiver and its dependencies,
// which the Lambda bundle does not need.
import App from '@slack/bolt/dist/App';
import type { Receiver } from '@slack/bolt';
import { register as registerActions } from './listeners/actions';
import { register as registerCommands } from './listeners/commands';
import type { BotServices } from './services/bot-services';

export interface BotAppOptions {
  readonly receiver: Receiver;
  readonly botToken: string;
  /** The Web API base URL (SLACK_API_URL), for a local Slack-compatible endpoint. */
  readonly slackApiUrl?: string;
  readonly services: BotServices;
}

/**
 * The Bolt app. `authorize` hands over the token directly, so no `auth.test` runs at cold
 * start; the Web API client gives up after two seconds and does not retry inside a request,
 * because everything a listener does must fit in Slack's three-second window.
 */
export function createBotApp(options: BotAppOptions): App {
  const app = new App({
    receiver: options.receiver,
    authorize: async () => ({ botToken: options.botToken }),
    ignoreSelf: false,
    clientOptions: {
      ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
      timeout: 2_000,
      retryConfig: { retries: 0 },
    },
  });
  registerCommands(app, options.services);
  registerActions(app, options.services);
  return app;
}
