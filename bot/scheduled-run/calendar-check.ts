import {
  GetCalendarStateCommand,
  GetDocumentCommand,
  type GetCalendarStateResponse,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { calendarStateAt, type CalendarEvent } from '../../contract/change-calendar';
import { systemClock, type Clock } from '../../contract/clock';
import { isTransientAwsError } from '../../contract/transient-aws-error';

/** A scheduled firing's look at its Change Calendar. */
export type CalendarCheck =
  | { state: 'OPEN' }
  | {
      state: 'CLOSED';
      /** The calendar as the schedule names it. */
      calendar: string;
      /** The event that closes it, when the document could be read and names one. */
      event?: CalendarEvent;
      /** When the calendar opens again, if SSM (or the document) says. */
      reopensAt?: Date;
    };

/**
 * The calendar could not be checked. `transient` says whether SSM was only unavailable
 * (throttled, failing), so the firing may be tried again, or refused the request (no such
 * calendar, not a Change Calendar, no access), which trying again will not change.
 */
export class CalendarUnavailable extends Error {
  constructor(
    readonly calendar: string,
    message: string,
    readonly transient: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CalendarUnavailable';
  }
}

/** How hard to try SSM: a firing waits a few seconds, not minutes. */
export interface CalendarCheckOptions {
  clock?: Clock;
  /** Tries in all, the first included (default 3). */
  attempts?: number;
  /** Delay before the second try, doubled for each later one (default 500 ms). */
  baseDelayMs?: number;
}

/**
 * Checks the Change Calendar `name` (a document name or ARN) at `at` with GetCalendarState.
 * When it is CLOSED, reads the document once with GetDocument to name the event that closes
 * it; if that read fails the answer is still CLOSED, only without the event. Transient SSM
 * errors are tried again a few times; anything else throws CalendarUnavailable naming the
 * calendar.
 */
export async function checkCalendar(
  ssm: SSMClient,
  name: string,
  at: Date,
  options: CalendarCheckOptions = {},
): Promise<CalendarCheck> {
  const retry = retrying(options);
  let state: GetCalendarStateResponse;
  try {
    state = await retry(() =>
      ssm.send(new GetCalendarStateCommand({ CalendarNames: [name], AtTime: at.toISOString() })),
    );
  } catch (error) {
    throw unavailable(name, error);
  }
  if (state.State !== 'CLOSED') return { state: 'OPEN' };
  const named = await closingEvent(ssm, name, at, retry);
  const reopensAt = parseTime(state.NextTransitionTime) ?? named?.reopensAt;
  return {
    state: 'CLOSED',
    calendar: name,
    ...(named && { event: named.event }),
    ...(reopensAt && { reopensAt }),
  };
}

/** The event closing the calendar at `at`, from its document; undefined if it cannot say. */
async function closingEvent(
  ssm: SSMClient,
  name: string,
  at: Date,
  retry: Retry,
): Promise<{ event: CalendarEvent; reopensAt?: Date } | undefined> {
  try {
    const doc = await retry(() => ssm.send(new GetDocumentCommand({ Name: name })));
    const local = calendarStateAt(doc.Content ?? '', at);
    // Read differently here than SSM did (an all-day event's zone, say): name no event.
    if (local.state !== 'CLOSED' || local.event === undefined) return undefined;
    return { event: local.event, reopensAt: local.nextTransitionTime };
  } catch {
    // Naming the event is a courtesy: the state SSM gave is what decides the firing.
    return undefined;
  }
}

type Retry = <T>(send: () => Promise<T>) => Promise<T>;

function retrying(options: CalendarCheckOptions): Retry {
  const clock = options.clock ?? systemClock;
  const attempts = options.attempts ?? 3;
  const baseDelayMs = options.baseDelayMs ?? 500;
  return async (send) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await send();
      } catch (error) {
        if (!isTransientAwsError(error) || attempt >= attempts) throw error;
        await clock.sleep(baseDelayMs * 2 ** (attempt - 1));
      }
    }
  };
}

const REFUSALS: Record<string, string> = {
  InvalidDocument: 'does not exist in this account and region (or is not shared with it)',
  InvalidDocumentType: 'is an SSM document but not a Change Calendar',
  UnsupportedCalendarException: 'holds a calendar entry SSM cannot read',
};

function unavailable(calendar: string, error: unknown): CalendarUnavailable {
  const e = error instanceof Error ? error : new Error(String(error));
  const transient = isTransientAwsError(e);
  const why =
    REFUSALS[e.name] ??
    (transient
      ? `could not be checked: SSM kept failing (${e.name}: ${e.message})`
      : `could not be checked: ${e.name}: ${e.message}`);
  return new CalendarUnavailable(calendar, `Change Calendar ${calendar} ${why}`, transient, {
    cause: e,
  });
}

function parseTime(iso: string | undefined): Date | undefined {
  const ms = iso === undefined || iso === '' ? NaN : Date.parse(iso);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}
