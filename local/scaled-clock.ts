import type { Clock } from '../contract/clock';

/**
 * Simulated time running `speed` times faster than the wall clock: the simulated account's
 * transitions and the task functions' waits both follow it, so a 40-minute start takes seconds.
 * Slack, HTTP and the interpreter's own timeouts stay on real time.
 */
export function scaledClock(speed: number, origin = Date.now()): Clock {
  if (!(speed >= 1)) throw new Error(`speed must be at least 1, got ${speed}`);
  return {
    now: () => origin + (Date.now() - origin) * speed,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms / speed)),
  };
}
