import type { Transition } from './types';

/**
 * The states of one resource over time. Nothing here runs on a timer: an operation
 * schedules the transitions it will cause (some in the future) and every read asks
 * "what was the state at t?", so the account works the same under a real clock, a
 * hand-set test clock and fake timers.
 */
export class Timeline<S extends string = string> {
  private readonly entries: { at: number; state: S }[];

  /** `seededAt` is when the resource was added; its first state counts as long-established. */
  constructor(initial: S, seededAt: number) {
    this.entries = [{ at: seededAt, state: initial }];
  }

  /** The state at time t: the last transition with at <= t (the seeded state before that). */
  stateAt(t: number): S {
    return this.entries[this.indexAt(t)].state;
  }

  /** Records that the resource enters `state` at `at`; keeps time order, ties in call order. */
  schedule(at: number, state: S): void {
    let i = this.entries.length;
    while (i > 0 && this.entries[i - 1].at > at) i -= 1;
    this.entries.splice(i, 0, { at, state });
  }

  /** Drops transitions scheduled after t, e.g. a command's effect when the instance stops. */
  cancelAfter(t: number): void {
    while (this.entries.length > 1 && this.entries[this.entries.length - 1].at > t) {
      this.entries.pop();
    }
  }

  /**
   * When the resource entered the state it has at t. The seeded state reports -Infinity, so a
   * target seeded healthy does not first pretend to run its initial health checks.
   */
  enteredAt(t: number): number {
    let i = this.indexAt(t);
    const state = this.entries[i].state;
    while (i > 0 && this.entries[i - 1].state === state) i -= 1;
    return i === 0 ? -Infinity : this.entries[i].at;
  }

  /** Every transition, past and scheduled, without repeats of the same state. */
  transitions(): Transition[] {
    return collapse(this.entries);
  }

  private indexAt(t: number): number {
    let i = this.entries.length - 1;
    while (i > 0 && this.entries[i].at > t) i -= 1;
    return i;
  }
}

/** Removes entries that repeat the previous state: "stopped -> stopped" is not a transition. */
export function collapse(entries: readonly Transition[]): Transition[] {
  const out: Transition[] = [];
  for (const e of entries) {
    if (out.length === 0 || out[out.length - 1].state !== e.state) {
      out.push({ at: e.at, state: e.state });
    }
  }
  return out;
}

/**
 * The transitions of a state that is a function of time (status checks, target health):
 * evaluates it at every time where it can change and keeps the changes.
 */
export function deriveTransitions(
  times: readonly number[],
  evaluate: (t: number) => string,
): Transition[] {
  const sorted = [...new Set(times.filter((t) => Number.isFinite(t)))].sort((a, b) => a - b);
  return collapse(sorted.map((at) => ({ at, state: evaluate(at) })));
}

/** The first time at/after `afterMs` (and not after `now`) when `state` was entered. */
export function firstEntry(
  transitions: readonly Transition[],
  state: string,
  now: number,
  afterMs = -Infinity,
): number | undefined {
  return transitions.find((e) => e.state === state && e.at >= afterMs && e.at <= now)?.at;
}
