/** Time as the task functions see it; injected so tests and the benchmark can run on virtual time. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Wall-clock time. Uses the global timers, so fake timers in tests drive it too. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
