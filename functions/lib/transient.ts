import type { Clock } from '../../contract/clock';
import { JobnetError, JobnetErrors } from '../../contract/errors';
import { isTransientAwsError } from '../../contract/transient-aws-error';

// Lives in contract/ so the Slack side can use it too; re-exported for the task functions.
export { isTransientAwsError };

export interface BackoffPolicy {
  /** Tries in all, the first included. */
  readonly attempts: number;
  readonly baseMs: number;
  readonly maxMs: number;
}

/**
 * Inside one task invocation: about a minute of tries. Past that the step fails as
 * Jobnet.AwsUnavailable, which the definitions retry for minutes more, so throttling that lasts
 * long never ends a run — while a real refusal fails at once.
 */
export const ACTION_BACKOFF: BackoffPolicy = { attempts: 7, baseMs: 1_000, maxMs: 20_000 };

/** Exponential backoff with full jitter: spreads retries of many callers hitting one limit. */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random = Math.random): number {
  return Math.round(random() * Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1)));
}

/**
 * Calls `send`, trying again after a transient AWS error with backoff and jitter. When the
 * tries run out the error is renamed Jobnet.AwsUnavailable (the definitions retry that name),
 * its message keeping the AWS error's own name and saying how long it kept failing.
 */
export async function retryTransient<T>(
  send: () => Promise<T>,
  clock: Clock,
  policy: BackoffPolicy = ACTION_BACKOFF,
  random: () => number = Math.random,
): Promise<T> {
  const started = clock.now();
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await send();
    } catch (error) {
      if (!isTransientAwsError(error)) throw error;
      if (attempt >= policy.attempts)
        throw unavailable(error as Error, attempt, clock.now() - started);
      await clock.sleep(backoffDelay(attempt, policy, random));
    }
  }
}

function unavailable(error: Error, attempts: number, ms: number): JobnetError {
  return new JobnetError(
    JobnetErrors.awsUnavailable,
    `${error.name}: ${error.message} (still failing after ${attempts} tries over ${Math.round(ms / 1000)} s)`,
  );
}
