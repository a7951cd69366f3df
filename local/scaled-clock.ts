import type { Clock } from '../contract/clock';

/**
 * Where the local mode's simulated time starts: a fixed instant, so a run's transcript (message
 * timestamps, "Approved at 22:01 UTC", dates in the status) reads the same every time.
 */
export const SIMULATED_START = Date.parse('2025-11-29T22:00:00Z');

/** Simulated time, with a timer on it. */
export interface ScaledClock extends Clock {
  readonly speed: number;
  /** Calls `fire` after `ms` of simulated time; the returned function cancels it. */
  after(ms: number, fire: () => void): () => void;
}

/**
 * Simulated time running `speed` times faster than the wall clock from `start`: the simulated
 * account's transitions, the task functions' waits, the local service's dates and timeouts, the
 * bot's and Slack's times all follow it, so a 40-minute start takes seconds and every time the
 * transcript shows is on the same clock. HTTP and request signatures stay on real time.
 */
export function scaledClock(
  speed: number,
  start = SIMULATED_START,
  wallStart = Date.now(),
): ScaledClock {
  if (!(speed >= 1)) throw new Error(`speed must be at least 1, got ${speed}`);
  return {
    speed,
    now: () => start + (Date.now() - wallStart) * speed,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms / speed)),
    after: (ms, fire) => {
      const handle = setTimeout(fire, ms / speed);
      return () => clearTimeout(handle);
    },
  };
}
