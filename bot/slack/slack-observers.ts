import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import {
  WebClientEvent,
  type RetryOptions,
  type WebClient,
  type WebClientOptions,
} from '@slack/web-api';
import { countSlackRateLimited, countSlackRetry } from '../../observability/app-metrics';
import type { SlackFunctionName } from '../../observability/metric-names';
import { slackLogger } from './slack-logger';

/** Where a function's Slack clients report: its logger, and its metrics under its name. */
export interface SlackObservers {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly functionName: SlackFunctionName;
}

/**
 * Web API client options that log through Powertools and count retries. The client hands its
 * `retryConfig` to p-retry, whose failed-attempt hook runs after every failed attempt; one with
 * retries left is followed by a retry.
 */
export function observedClientOptions(
  observers: SlackObservers,
  retryPolicy: RetryOptions,
): Pick<WebClientOptions, 'logger' | 'retryConfig'> {
  const retryConfig: RetryOptions & { onFailedAttempt: (error: { retriesLeft: number }) => void } =
    {
      ...retryPolicy,
      onFailedAttempt: (error) => {
        if (error.retriesLeft > 0) countSlackRetry(observers.metrics, observers.functionName);
      },
    };
  return { logger: slackLogger(observers.logger), retryConfig };
}

const counted = new WeakSet<WebClient>();

/** Counts every 429 Slack answers this client, once per client however often it is handed over. */
export function countRateLimits(client: WebClient, observers: SlackObservers): WebClient {
  if (!counted.has(client)) {
    counted.add(client);
    client.on(WebClientEvent.RATE_LIMITED, () =>
      countSlackRateLimited(observers.metrics, observers.functionName),
    );
  }
  return client;
}
