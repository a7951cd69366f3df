import type { Timer } from '../../local/sfn/task-tokens';

/** A timer that fires only when the test says so, keeping every timer it was asked for. */
export function manualTimer() {
  const pending: { ms: number; fire: () => void; cancelled: boolean }[] = [];
  const timer: Timer = (ms, fire) => {
    const entry = { ms, fire, cancelled: false };
    pending.push(entry);
    return () => (entry.cancelled = true);
  };
  const fireAll = () => pending.filter((p) => !p.cancelled).forEach((p) => p.fire());
  /** The delays of the timers not cancelled, in the order they were set. */
  const live = () => pending.filter((p) => !p.cancelled).map((p) => p.ms);
  return { timer, pending, fireAll, live };
}
