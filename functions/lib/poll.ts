import type { Clock } from '../../contract/clock';
import { JobnetError, JobnetErrors } from '../../contract/errors';
import { isTransientAwsError } from './transient';

/** How often to look: proportional to how long we have waited, within [minMs, maxMs]. */
export interface PollCadence {
  readonly minMs: number;
  readonly maxMs: number;
  /** Next interval as a fraction of the time waited so far; bounds detection delay to ~ratio. */
  readonly ratio: number;
}

/**
 * Commands finish in seconds, instances in a minute or two; a DB cluster or a target group is
 * one resource per run, so looking at it often costs little.
 */
export const COMMAND_CADENCE: PollCadence = { minMs: 250, maxMs: 5_000, ratio: 0.05 };
export const INSTANCE_CADENCE: PollCadence = { minMs: 1_000, maxMs: 10_000, ratio: 0.05 };
export const SINGLE_RESOURCE_CADENCE: PollCadence = { minMs: 1_000, maxMs: 5_000, ratio: 0.05 };

/**
 * The pause before the next look. A fixed interval either wastes calls on long operations or
 * notices short ones late; growing with the time waited keeps the delay a small, bounded
 * fraction of each operation while the number of calls grows only logarithmically.
 */
export function nextPollDelay(waitedMs: number, cadence: PollCadence): number {
  return Math.min(cadence.maxMs, Math.max(cadence.minMs, Math.round(waitedMs * cadence.ratio)));
}

export type Observation<T> = { done: true; value: T } | { done: false; seen: string };

export interface WaitOptions {
  /** What we wait for, for the timeout message: "i-0abc to reach stopped". */
  readonly what: string;
  readonly timeoutMs: number;
  readonly cadence: PollCadence;
  readonly clock: Clock;
}

/**
 * Looks at once, then again on the adaptive cadence until `observe` says done. A look that
 * fails transiently (throttling, a 5xx, a dropped connection) is just a look that saw nothing:
 * the wait goes on. Gives up with Jobnet.WaitTimedOut naming what it waited for, for how long,
 * and the last state it saw.
 */
export async function waitFor<T>(
  observe: () => Promise<Observation<T>>,
  options: WaitOptions,
): Promise<T> {
  const { clock, cadence, timeoutMs } = options;
  const started = clock.now();
  for (;;) {
    const observation = await observeOnce(observe);
    if (observation.done) return observation.value;
    const waited = clock.now() - started;
    if (waited >= timeoutMs) {
      throw new JobnetError(
        JobnetErrors.waitTimedOut,
        `Gave up waiting for ${options.what} after ${Math.round(waited / 1000)} s (limit ${Math.round(timeoutMs / 1000)} s); last seen: ${observation.seen}`,
      );
    }
    await clock.sleep(Math.min(nextPollDelay(waited, cadence), timeoutMs - waited));
  }
}

async function observeOnce<T>(observe: () => Promise<Observation<T>>): Promise<Observation<T>> {
  try {
    return await observe();
  } catch (error) {
    if (!isTransientAwsError(error)) throw error;
    return { done: false, seen: `no answer (${(error as Error).name}), looking again` };
  }
}
