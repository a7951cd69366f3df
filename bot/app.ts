// Deep imports: the package index also loads the Express receiver and its dependencies,
// which the Lambda bundle does not need.
import App from '@slack/bolt/dist/App';
import type { Receiver } from '@slack/bolt';
import { SlackFunction } from '../observability/metric-names';
import type { Powertools } from '../observability/powertools';
import { register as registerActions } from './listeners/actions';
import { register as registerCommands } from './listeners/commands';
import { requestKeys } from './request-keys';
import type { BotServices } from './services/bot-services';
import { slackLogger } from './slack/slack-logger';
import { countRateLimits, observedClientOptions } from './slack/slack-observers';

export interface BotAppOptions {
  readonly receiver: Receiver;
  readonly botToken: string;
  /** The Web API base URL (SLACK_API_URL), for a local Slack-compatible endpoint. */
  readonly slackApiUrl?: string;
  readonly services: BotServices;
  /** The function's logger and metrics, for Bolt's own lines and its Web API clients. */
  readonly powertools: Pick<Powertools, 'logger' | 'metrics'>;
}

/**
 * The Bolt app. `authorize` hands over the token directly, so no `auth.test` runs at cold
 * start; the Web API client gives up after two seconds (each call also races the request's
 * budget), does not retry and does not wait out a rate limit inside a request, because
 * everything a listener does must fit in Slack's three-second window. Bolt logs through
 * Powertools, and a first middleware puts the request's run keys on every line that follows.
 */
export function createBotApp(options: BotAppOptions): App {
  const { logger } = options.powertools;
  const observers = { ...options.powertools, functionName: SlackFunction.bot };
  const app = new App({
    receiver: options.receiver,
    authorize: async () => ({ botToken: options.botToken }),
    ignoreSelf: false,
    logger: slackLogger(logger),
    clientOptions: {
      ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
      timeout: 2_000,
      // A 429 answers at once with its Retry-After instead of waiting it out (up to minutes):
      // the person is told when to try again.
      rejectRateLimitedCalls: true,
      ...observedClientOptions(observers, { retries: 0 }),
    },
  });
  countRateLimits(app.client, observers);
  app.use(async ({ body, client, next }) => {
    // Bolt gives listeners a client per workspace, made on first use.
    countRateLimits(client, observers);
    logger.appendKeys({ ...requestKeys(body, options.services.config.systems) });
    await next();
  });
  registerCommands(app, options.services);
  registerActions(app, options.services);
  return app;
}
