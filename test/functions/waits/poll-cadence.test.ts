import { nextPollAt, waitDueAt } from '../../../functions/waits/poll-cadence';

const now = 1_000_000_000;
const s = 1_000;

describe('when a polled wait is due', () => {
  it.each([
    ['just registered: the shortest gap', 0, 1 * s],
    ['waited 10 s: still the shortest gap', 10 * s, 1 * s],
    ['waited 100 s: 5% of that', 100 * s, 5 * s],
    ['waited 600 s: 5% of that', 600 * s, 30 * s],
    ['waited an hour: the longest gap', 3_600 * s, 60 * s],
  ])('%s', (_case, waited, gap) => {
    expect(waitDueAt({ registeredAt: now - waited }, now)).toBe(now + gap);
  });

  it('is not before its notBefore (status checks a minute after running)', () => {
    expect(waitDueAt({ registeredAt: now, notBefore: now + 60 * s }, now)).toBe(now + 60 * s);
  });

  it('ignores a notBefore already passed', () => {
    expect(waitDueAt({ registeredAt: now - 100 * s, notBefore: now - 30 * s }, now)).toBe(
      now + 5 * s,
    );
  });
});

describe("a run's next poll", () => {
  it('is when the first of its waits is due', () => {
    const waits = [
      { registeredAt: now - 600 * s },
      { registeredAt: now - 10 * s, notBefore: now + 40 * s },
      { registeredAt: now - 200 * s },
    ];

    expect(nextPollAt(waits, now)).toBe(now + 10 * s);
  });

  it('is none when nothing is pending', () => {
    expect(nextPollAt([], now)).toBeUndefined();
  });
});
