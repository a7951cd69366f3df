import {
  calendarTypeOf,
  declaredZoneOf,
  endsBefore,
  eventsOf,
  isKnownZone,
  occurrencesBetween,
  parseVcalendar,
  type CalendarType,
  type Occurrence,
  type ParsedCalendar,
} from './change-calendar-events';

/**
 * AWS Systems Manager Change Calendar documents (iCalendar text, document type ChangeCalendar):
 * read with ical.js, never by hand. The state follows GetCalendarState: a DEFAULT_OPEN
 * calendar is CLOSED while any of its events is going on, a DEFAULT_CLOSED one is OPEN then.
 *
 * Times: a UTC value is UTC; a TZID is the document's VTIMEZONE if it has one, otherwise the
 * IANA zone of that name. All-day (VALUE=DATE) events and floating times are read in the
 * calendar's zone — X-WR-TIMEZONE, which the SSM console writes and asks for on import, or
 * UTC when the document names none. An event's end is exclusive; without DTEND an all-day
 * event lasts its day.
 */

export type { CalendarType } from './change-calendar-events';

/** OPEN: changes may go ahead; CLOSED: they may not. */
export type CalendarStateName = 'OPEN' | 'CLOSED';

/** One occurrence of a calendar event. */
export interface CalendarEvent {
  summary: string;
  start: Date;
  end: Date;
}

/** The calendar at one instant. */
export interface CalendarState {
  state: CalendarStateName;
  /** The event that makes the state differ from the calendar's default, if one does. */
  event?: CalendarEvent;
  /** When the state next changes, if it does within the look-ahead (a little over two years). */
  nextTransitionTime?: Date;
}

/** A document that is not a Change Calendar this module can read; `problems` says why. */
export class CalendarDocumentError extends Error {
  constructor(readonly problems: string[]) {
    super(`not a usable Change Calendar: ${problems.join('; ')}`);
    this.name = 'CalendarDocumentError';
  }
}

const DAY_MS = 86_400_000;
/** How far ahead a transition is looked for (and one chain of back-to-back events followed). */
const LOOK_AHEAD_MS = 800 * DAY_MS;
const MAX_LOOK_AHEADS = 5;

/**
 * What is wrong with a Change Calendar document, in words; empty when nothing is. Checks that
 * it is iCalendar with one VCALENDAR, that X-CALENDAR-TYPE is DEFAULT_OPEN or DEFAULT_CLOSED,
 * that every event has a start (and does not end before it), and that every time zone named
 * is known.
 */
export function validateCalendar(ics: string): string[] {
  return inspect(ics).problems;
}

/** The document read, or the problems that keep it from being read. */
function inspect(ics: string): { problems: string[]; cal?: ParsedCalendar } {
  let root;
  try {
    root = parseVcalendar(ics);
  } catch (error) {
    return { problems: [`not iCalendar: ${(error as Error).message}`] };
  }
  const problems: string[] = [];
  const type = calendarTypeOf(root);
  if (type === undefined) {
    problems.push('no X-CALENDAR-TYPE (DEFAULT_OPEN or DEFAULT_CLOSED)');
  } else if (type !== 'DEFAULT_OPEN' && type !== 'DEFAULT_CLOSED') {
    problems.push(`X-CALENDAR-TYPE is ${type}, not DEFAULT_OPEN or DEFAULT_CLOSED`);
  }
  const zone = declaredZoneOf(root);
  if (zone !== undefined && !isKnownZone(zone)) {
    problems.push(`X-WR-TIMEZONE ${zone} is not a known time zone`);
  }
  problems.push(...eventProblems(root));
  if (problems.length > 0) return { problems };
  return {
    problems,
    cal: { type: type as CalendarType, zone: zone ?? 'UTC', events: eventsOf(root) },
  };
}

/** Events without a start, ending before they start, or in a zone nobody defines. */
function eventProblems(root: ReturnType<typeof parseVcalendar>): string[] {
  const problems: string[] = [];
  const defined = new Set(
    root.getAllSubcomponents('vtimezone').map((z) => String(z.getFirstPropertyValue('tzid'))),
  );
  root.getAllSubcomponents('vevent').forEach((event, i) => {
    const name = `event ${i + 1} (${String(event.getFirstPropertyValue('summary') ?? 'no summary')})`;
    const start = event.getFirstProperty('dtstart');
    if (start === null) {
      problems.push(`${name} has no DTSTART`);
      return;
    }
    const end = event.getFirstProperty('dtend');
    for (const prop of [start, end]) {
      const tzid = prop?.getParameter('tzid');
      if (typeof tzid === 'string' && !defined.has(tzid) && !isKnownZone(tzid)) {
        problems.push(`${name}: ${prop?.name.toUpperCase()} has unknown TZID ${tzid}`);
      }
    }
    if (end !== null && endsBefore(end.getFirstValue(), start.getFirstValue())) {
      problems.push(`${name} ends before it starts`);
    }
  });
  return problems;
}

/**
 * The state of a Change Calendar document at `at`, the event that makes it so, and when it
 * next changes (back-to-back and overlapping events count as one stretch). Throws
 * CalendarDocumentError for a document validateCalendar finds problems in.
 */
export function calendarStateAt(ics: string, at: Date): CalendarState {
  const { problems, cal } = inspect(ics);
  if (cal === undefined) throw new CalendarDocumentError(problems);
  const t = at.getTime();
  const inEvent: CalendarStateName = cal.type === 'DEFAULT_OPEN' ? 'CLOSED' : 'OPEN';
  const outside: CalendarStateName = inEvent === 'OPEN' ? 'CLOSED' : 'OPEN';

  let to = t + LOOK_AHEAD_MS;
  let spans = occurrencesBetween(cal, t, to);
  const covering = spans.find((o) => o.start <= t);
  if (covering === undefined) {
    const next = spans[0];
    return { state: outside, ...(next && { nextTransitionTime: new Date(next.start) }) };
  }
  // Follow the stretch of events that overlap or touch, further ahead while it reaches the edge.
  let end = stretchEnd(spans, t);
  for (let n = 1; end >= to && n < MAX_LOOK_AHEADS; n += 1) {
    to = end + LOOK_AHEAD_MS;
    spans = occurrencesBetween(cal, t, to);
    end = stretchEnd(spans, t);
  }
  return {
    state: inEvent,
    event: toEvent(covering),
    ...(end < to && { nextTransitionTime: new Date(end) }),
  };
}

/** The end of the stretch of occurrences covering t; spans are sorted by start. */
function stretchEnd(spans: Occurrence[], t: number): number {
  let end = t;
  for (const o of spans) {
    if (o.start > end) break;
    end = Math.max(end, o.end);
  }
  return end;
}

function toEvent(o: Occurrence): CalendarEvent {
  return { summary: o.summary, start: new Date(o.start), end: new Date(o.end) };
}
