import type { WaitItem } from '../../contract/waits';

/** The shortest and the longest gap between two polls of a run. */
export const POLL_GAP_MS = { min: 1_000, max: 60_000 } as const;
/** A wait that has waited long is polled less often: 5% of the time it has waited. */
export const POLL_GAP_SHARE = 0.05;

/**
 * When one wait next needs a look: not before its `notBefore` (status checks a minute after
 * running; target health after enough passing checks), otherwise after a gap that grows with
 * the time it has waited, 1 s to 60 s.
 */
export function waitDueAt(wait: Pick<WaitItem, 'registeredAt' | 'notBefore'>, now: number): number {
  const waited = Math.max(0, now - (wait.registeredAt ?? now));
  const gap = Math.min(POLL_GAP_MS.max, Math.max(POLL_GAP_MS.min, waited * POLL_GAP_SHARE));
  return Math.max(wait.notBefore ?? 0, now + gap);
}

/**
 * A run's next poll: when the first of its pending polled waits is due (one batched look
 * serves them all). Undefined when nothing is pending.
 */
export function nextPollAt(
  waits: readonly Pick<WaitItem, 'registeredAt' | 'notBefore'>[],
  now: number,
): number | undefined {
  if (waits.length === 0) return undefined;
  return Math.min(...waits.map((wait) => waitDueAt(wait, now)));
}
