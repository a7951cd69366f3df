import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry';
import { JobnetError } from './errors';

/**
 * True for an AWS error worth trying again: throttling, a 5xx, a timeout or a dropped
 * connection — classified the way the SDK's own retry strategy does. A refusal (a 4xx such as
 * IncorrectInstanceState or AccessDenied) is not. Neutral, so both the task functions and the
 * Slack side's AWS callers (the scheduled-run starter) judge errors alike.
 */
export function isTransientAwsError(error: unknown): boolean {
  if (!(error instanceof Error) || error instanceof JobnetError) return false;
  const e = error as Parameters<typeof isTransientError>[0];
  return isThrottlingError(e) || isTransientError(e) || isServerError(e);
}
