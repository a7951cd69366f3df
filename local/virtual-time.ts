import FakeTimers from '@sinonjs/fake-timers';

type InstalledClock = ReturnType<typeof FakeTimers.install>;

/**
 * Real I/O — a request to the loopback DynamoDB — takes real event-loop turns, not simulated
 * time. Virtual time must not jump to its next timer (a task's timeout, say) while such a
 * request is out, or simulated minutes would pass during one database write. Clients made for
 * a clock report their requests to it (see local/local-dynamodb.ts).
 */
export type IoTracker = <T>(work: () => Promise<T>) => Promise<T>;

/** Fires after this many timer-free turns with the goal unmet: nothing can make progress. */
const IDLE_TURNS_LIMIT = 1000;

/**
 * Real I/O still out after this much real time is taken to be waiting on simulated time itself
 * (an SDK's retry backoff or a socket timer is a faked setTimeout): time moves on to its next
 * timer rather than both waiting on each other for ever. A loopback request takes milliseconds.
 */
const IO_WAITING_ON_TIME_MS = 2_000;

/**
 * Virtual time for the whole process: `setTimeout` and `Date` become simulated, and the driver
 * jumps from one timer to the next once every promise chain has settled. A run that would take
 * forty simulated minutes (interpreter timeouts, polling sleeps, the simulated account's
 * transitions) takes milliseconds, and the same inputs always give the same timings.
 */
export class VirtualTime {
  private readonly clock: InstalledClock;
  private readonly io = new Set<Promise<unknown>>();

  constructor(startAt = Date.parse('2026-11-29T22:00:00Z')) {
    this.clock = FakeTimers.install({
      now: startAt,
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    });
  }

  now(): number {
    return this.clock.now;
  }

  /** Runs simulated time until `goal()` is true; throws if nothing is left to happen first. */
  async runUntil(goal: () => boolean, limitMs = 7 * 24 * 3600 * 1000): Promise<void> {
    const deadline = this.clock.now + limitMs;
    let idleTurns = 0;
    let ioSince: number | undefined;
    for (;;) {
      await settle();
      if (goal()) return;
      if (this.io.size > 0) {
        ioSince ??= performance.now();
        const waitingOnTime = performance.now() - ioSince >= IO_WAITING_ON_TIME_MS;
        if (!waitingOnTime || this.clock.countTimers() === 0) continue;
      }
      ioSince = undefined;
      if (this.clock.countTimers() === 0) {
        if (++idleTurns > IDLE_TURNS_LIMIT)
          throw new Error('Virtual time: stuck with nothing scheduled');
        continue;
      }
      idleTurns = 0;
      if (this.clock.now > deadline)
        throw new Error(`Virtual time: goal not met within ${limitMs} ms`);
      this.clock.next();
    }
  }

  /** Runs simulated time until the promise settles, and returns its value. */
  async run<T>(promise: Promise<T>): Promise<T> {
    let settled = false;
    promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    await this.runUntil(() => settled);
    return promise;
  }

  /** Lets `ms` of simulated time pass, with everything scheduled in it running. */
  advance(ms: number): Promise<void> {
    return this.run(new Promise<void>((resolve) => setTimeout(resolve, ms)));
  }

  uninstall(): void {
    this.clock.uninstall();
  }

  /** Resolves once no real I/O of this clock is out (at most `limitMs` of real time). */
  async drainIo(limitMs = 2_000): Promise<void> {
    const until = performance.now() + limitMs;
    while (this.io.size > 0 && performance.now() < until) await settle();
  }

  /** Marks `work` as real I/O this clock waits for before it moves. */
  readonly trackIo: IoTracker = async (work) => {
    const running = work();
    this.io.add(running);
    try {
      return await running;
    } finally {
      this.io.delete(running);
    }
  };
}

/** Lets every pending promise chain run to its next wait (setImmediate is not faked). */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
