import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry';
import { ErrorCode, type WebAPIRateLimitedError } from '@slack/web-api';
import { OutOfTime } from './request-budget';

/**
 * What went wrong with a dependency, in words for the person who clicked or typed: which
 * service, and what to do. Never the raw stack; never a secret (errors carry neither).
 */
export function dependencyProblem(error: unknown): string {
  if (error instanceof OutOfTime) return `${error.dependency} did not answer in time`;
  const e = error as Partial<WebAPIRateLimitedError> & {
    name?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
  };
  if (e.code === ErrorCode.RateLimitedError) {
    return `Slack is rate limiting us; try again in ${e.retryAfter ?? 30} s`;
  }
  if (e.code === ErrorCode.RequestError || e.code === ErrorCode.HTTPError) {
    return 'Slack could not be reached';
  }
  if (e.code === ErrorCode.PlatformError) {
    return `Slack refused the call (${(e as { data?: { error?: string } }).data?.error ?? 'error'})`;
  }
  const classified = error as Parameters<typeof isThrottlingError>[0];
  if (e.$metadata && isThrottlingError(classified)) {
    return `AWS is throttling requests (${e.name}); try again in a minute`;
  }
  if (e.$metadata && (isServerError(classified) || isTransientError(classified))) {
    return `AWS had a problem (${e.name})`;
  }
  return `${e.name ?? 'Error'}: ${e.message ?? String(error)}`;
}
