import { createHash } from 'node:crypto';

/**
 * The account's events as one stream read with a cursor. Nothing is pushed: each source lists
 * what it raised (and will raise) from its resources' timelines, and a reader takes what has
 * happened since its cursor. An event whose transition was cancelled before it happened is no
 * longer listed, so it is never read.
 */

/** Where a reader of the events stands: the instant read up to and the events seen at it. */
export interface EventCursor {
  readonly at: number;
  readonly seen: readonly string[];
}

/** One event a source raised or will raise: when, a key unique to it, and how to build it. */
export interface Happening<E> {
  readonly at: number;
  /** Stable across reads, so the cursor can tell an event already read at its instant. */
  readonly key: string;
  readonly event: () => E;
}

/** Happenings from several sources in time order; ties keep the sources' own order. */
export function inTimeOrder<E>(...sources: readonly Happening<E>[][]): Happening<E>[] {
  return sources.flat().sort((a, b) => a.at - b.at);
}

/**
 * The events that happened after `cursor` and by `now`, built, with the cursor to read from
 * next. Events at the cursor's instant that it has not seen are included, so one raised at the
 * very instant of a read is not lost.
 */
export function happenedSince<E>(
  all: readonly Happening<E>[],
  cursor: EventCursor | undefined,
  now: number,
): { events: { at: number; event: E }[]; cursor: EventCursor } {
  const from = cursor?.at ?? -Infinity;
  const seen = new Set(cursor?.seen ?? []);
  const due = all.filter(
    (h) => h.at <= now && (h.at > from || (h.at === from && !seen.has(h.key))),
  );
  const last = due.at(-1)?.at ?? cursor?.at ?? now;
  const atLast = due.filter((h) => h.at === last).map((h) => h.key);
  return {
    events: due.map((h) => ({ at: h.at, event: h.event() })),
    cursor: { at: last, seen: last === cursor?.at ? [...seen, ...atLast] : atLast },
  };
}

/** When the next listed event will happen, if one is planned after `now`. */
export function nextAfter(all: readonly Happening<unknown>[], now: number): number | undefined {
  return all.find((h) => h.at > now)?.at;
}

/** The envelope every event on the default bus has, as EventBridge fills it in. */
export interface EnvelopeInput<T extends string, S extends string, D> {
  readonly id: string;
  readonly at: number;
  readonly detailType: T;
  readonly source: S;
  readonly resources: string[];
  readonly detail: D;
}

/**
 * An AWS service event as EventBridge delivers it: version "0", the account and region, and
 * `time` in whole seconds (the detail keeps the service's own precise dates).
 */
export function awsEventEnvelope<T extends string, S extends string, D>(
  account: { readonly accountId: string; readonly region: string },
  e: EnvelopeInput<T, S, D>,
) {
  return {
    version: '0',
    id: e.id,
    'detail-type': e.detailType,
    source: e.source,
    account: account.accountId,
    time: `${new Date(e.at).toISOString().slice(0, 19)}Z`,
    region: account.region,
    resources: e.resources,
    detail: e.detail,
  } as const;
}

/**
 * A UUID-shaped event id derived from the happening's key: the same event read twice has the
 * same id (as a redelivered EventBridge event has), and two runs of a scenario agree.
 */
export function eventIdFor(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
