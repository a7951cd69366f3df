import type { Clock } from '../contract/clock';

/**
 * Where the local mode's simulated time starts: a fixed instant, so a run's transcript (message
 * timestamps, "Approved at 22:01 UTC", dates in the status) reads the same every time.
 */
export const SIMULATED_START = Date.parse('2025-11-29T22:00:00Z');

/** setTimeout's longest delay (2^31 - 1 ms); past it Node fires at once, so longer waits re-arm. */
const MAX_WALL_DELAY_MS = 2 ** 31 - 1;

/** Simulated time, with a timer on it, that can be moved forward at once. */
export interface ScaledClock extends Clock {
  /** How many times faster than the wall clock simulated time runs now. */
  readonly speed: number;
  /** Calls `fire` after `ms` of simulated time; the returned function cancels it. */
  after(ms: number, fire: () => void): () => void;
  /**
   * Calls `fire` at the simulated instant `epochMs` (at once if past): unlike `after`, the due
   * time does not shift by however long it took to compute the delay while the clock ran on.
   */
  at(epochMs: number, fire: () => void): () => void;
  /** Moves simulated time `ms` forward at once; timers due by then fire, in due order. */
  advance(ms: number): void;
  /** Moves simulated time forward to `epochMs` at once (never back); as {@link advance}. */
  jumpTo(epochMs: number): void;
  /** Runs simulated time `speed` times faster than the wall clock from now on. */
  setSpeed(speed: number): void;
}

interface PendingTimer {
  readonly due: number;
  readonly seq: number;
  readonly fire: () => void;
}

/**
 * Simulated time running `speed` times faster than the wall clock from `start`: the simulated
 * account's transitions, the task functions' waits, the local service's dates and timeouts, the
 * bot's and Slack's times all follow it, so a 40-minute start takes seconds and every time the
 * transcript shows is on the same clock. HTTP and request signatures stay on real time.
 *
 * The clock keeps its own list of timers, each due at a simulated instant, and one wall-clock
 * timer for the earliest: a jump or a change of speed only re-arms that one from the simulated
 * time left, so every `after` and `sleep` ends at its simulated moment whatever happened to the
 * clock meanwhile. Every function is a closure (no `this`), so `clock.after` can be handed on.
 */
export function scaledClock(
  speed: number,
  start = SIMULATED_START,
  wallStart = Date.now(),
): ScaledClock {
  checkSpeed(speed);
  // Simulated time is base + (wall - wallBase) * rate; a jump or a new speed moves the anchor.
  let rate = speed;
  let base = start;
  let wallBase = wallStart;
  let seq = 0;
  let pending: PendingTimer[] = [];
  let wallTimer: ReturnType<typeof setTimeout> | undefined;

  const now = () => base + (Date.now() - wallBase) * rate;

  /** Sets the one wall-clock timer for the earliest pending timer (or none). */
  const arm = () => {
    if (wallTimer !== undefined) clearTimeout(wallTimer);
    wallTimer = undefined;
    const first = pending[0];
    if (first === undefined) return;
    const wallMs = Math.max(0, (first.due - now()) / rate);
    wallTimer = setTimeout(fireDue, Math.min(wallMs, MAX_WALL_DELAY_MS));
  };

  /**
   * Fires, in due order, the timers due by now. A timer set by one of them joins the list for
   * the next turn even when already due, so a callback that sets `after(0)` cannot spin here.
   */
  function fireDue() {
    // Called by a jump as well as by the wall-clock timer: that timer must not outlive it.
    if (wallTimer !== undefined) clearTimeout(wallTimer);
    wallTimer = undefined;
    const t = now();
    const due = pending.filter((p) => p.due <= t);
    pending = pending.filter((p) => p.due > t);
    const errors: unknown[] = [];
    for (const timer of due) {
      try {
        timer.fire();
      } catch (err) {
        errors.push(err);
      }
    }
    arm();
    // As a throwing setTimeout callback would, but only once every due timer has fired.
    if (errors.length > 0) throw errors[0];
  }

  const moveTo = (epochMs: number) => {
    base = epochMs;
    wallBase = Date.now();
    fireDue();
  };

  const after = (ms: number, fire: () => void) => at(now() + Math.max(0, ms), fire);

  const at = (epochMs: number, fire: () => void) => {
    const timer: PendingTimer = { due: Math.max(epochMs, now()), seq: seq++, fire };
    const before = pending.findIndex((p) => p.due > timer.due);
    pending.splice(before === -1 ? pending.length : before, 0, timer);
    if (pending[0] === timer) arm();
    return () => {
      const index = pending.indexOf(timer);
      if (index === -1) return;
      pending.splice(index, 1);
      if (index === 0) arm();
    };
  };

  const jumpTo = (epochMs: number) => {
    const current = now();
    if (!Number.isFinite(epochMs) || epochMs < current) {
      throw new Error(
        `the clock only moves forward: ${new Date(epochMs).toISOString()} is before ${new Date(current).toISOString()}`,
      );
    }
    moveTo(epochMs);
  };

  return {
    get speed() {
      return rate;
    },
    now,
    sleep: (ms) => new Promise<void>((resolve) => after(ms, resolve)),
    after,
    at,
    advance: (ms) => {
      if (!(ms >= 0)) throw new Error(`the clock only moves forward: cannot advance by ${ms} ms`);
      moveTo(now() + ms);
    },
    jumpTo,
    setSpeed: (next) => {
      checkSpeed(next);
      base = now();
      wallBase = Date.now();
      rate = next;
      arm();
    },
  };
}

function checkSpeed(speed: number): void {
  if (!(speed >= 1) || !Number.isFinite(speed)) {
    throw new Error(`speed must be at least 1, got ${speed}`);
  }
}
