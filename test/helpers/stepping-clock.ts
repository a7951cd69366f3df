import type { Clock } from '../../contract/clock';

/** A clock whose sleep moves time at once: unit tests of waiting code run instantly. */
export function steppingClock(start = 0): Clock & { sleeps: number[] } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}
