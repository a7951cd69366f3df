import {
  paginateGetExecutionHistory,
  type HistoryEvent,
  type SFNClient,
} from '@aws-sdk/client-sfn';

/** Where a run's fold stands: the newest event in it, and that event's anchor. */
export interface ReadFrom {
  readonly position: number;
  readonly anchor: string;
}

/** The events a delivery read. */
export interface NewEvents {
  /** Oldest first: every event after the position, or the whole history when `whole`. */
  readonly events: HistoryEvent[];
  /** The history did not continue from the anchor (or there was none): fold from scratch. */
  readonly whole: boolean;
  /** How many events the service returned, for the logs. */
  readonly read: number;
}

/** The largest page GetExecutionHistory returns. */
const MAX_PAGE = 1000;
/** The first page when the delivery does not say how far the history has grown. */
const DEFAULT_NEW_EVENTS = 100;

/** What identifies an event beyond its id: the id, the type and when it was recorded. */
export function anchorOf(event: HistoryEvent): string {
  return `${event.id ?? 0}:${event.type ?? ''}:${event.timestamp?.getTime() ?? ''}`;
}

/**
 * Reads the events after `from`, newest first, down to the anchor only: a delivery costs the
 * events it brings, not the whole history (a 500-instance run has thousands). `newestId` is
 * the newest event id the delivery carried (a log batch names them): pages are sized to it,
 * and when it is not past the position there is nothing to read. Should the event at the
 * position not be the anchor — a history is append-only on Step Functions, but an emulation
 * may list a pending event it later drops — the whole history is read instead.
 */
export async function readNewEvents(
  sfn: SFNClient,
  executionArn: string,
  from: ReadFrom | undefined,
  newestId?: number,
): Promise<NewEvents> {
  if (!from) return readWhole(sfn, executionArn);
  if (newestId !== undefined && newestId <= from.position) {
    return { events: [], whole: false, read: 0 };
  }
  // One more than the new events, to meet the anchor on the first page.
  const expected = (newestId ?? from.position + DEFAULT_NEW_EVENTS) - from.position + 1;
  const pages = paginateGetExecutionHistory(
    { client: sfn, pageSize: Math.min(MAX_PAGE, Math.max(2, expected)) },
    { executionArn, reverseOrder: true },
  );
  const newer: HistoryEvent[] = [];
  let read = 0;
  // Returning from inside the loop ends the paginator: no page past the anchor is read.
  for await (const page of pages) {
    for (const event of page.events ?? []) {
      read += 1;
      if ((event.id ?? 0) > from.position) {
        newer.push(event);
        continue;
      }
      if (anchorOf(event) === from.anchor) return { events: newer.reverse(), whole: false, read };
      const whole = await readWhole(sfn, executionArn);
      return { ...whole, read: read + whole.read };
    }
  }
  // Every event is past the position: this is the whole history.
  return { events: newer.reverse(), whole: true, read };
}

async function readWhole(sfn: SFNClient, executionArn: string): Promise<NewEvents> {
  const events: HistoryEvent[] = [];
  const pages = paginateGetExecutionHistory({ client: sfn, pageSize: MAX_PAGE }, { executionArn });
  for await (const page of pages) events.push(...(page.events ?? []));
  return { events, whole: true, read: events.length };
}
