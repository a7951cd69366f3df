import { TZDate } from '@date-fns/tz';
import ICAL from 'ical.js';

type Component = InstanceType<typeof ICAL.Component>;
type IcalEvent = InstanceType<typeof ICAL.Event>;
type Time = InstanceType<typeof ICAL.Time>;
type Property = InstanceType<typeof ICAL.Property>;

/** The two kinds of Change Calendar: what the calendar is when no event is going on. */
export type CalendarType = 'DEFAULT_OPEN' | 'DEFAULT_CLOSED';

/** One occurrence of an event, as instants (epoch ms); `end` is exclusive. */
export interface Occurrence {
  summary: string;
  start: number;
  end: number;
}

/** A Change Calendar document read once, ready to list its events' occurrences. */
export interface ParsedCalendar {
  type: CalendarType;
  /** The zone all-day (DATE) and floating times are read in: X-WR-TIMEZONE, else UTC. */
  zone: string;
  events: IcalEvent[];
}

// A runaway rule (FREQ=MINUTELY from years back) must not hang a firing.
const MAX_OCCURRENCES_PER_EVENT = 100_000;

/** True if the runtime knows the IANA zone (or an alias such as UTC). */
export function isKnownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Parses iCalendar text with ical.js into its VCALENDAR component. Throws with the parser's
 * message when the text is not iCalendar.
 */
export function parseVcalendar(ics: string): Component {
  const jcal: unknown = ICAL.parse(ics);
  // Several top-level components parse to an array of them; a Change Calendar is one.
  const first = Array.isArray(jcal) && Array.isArray(jcal[0]) ? jcal[0] : jcal;
  const root = new ICAL.Component(first as unknown[]);
  if (root.name !== 'vcalendar')
    throw new Error(`the top component is ${root.name}, not VCALENDAR`);
  return root;
}

/** X-CALENDAR-TYPE as written, or undefined. */
export function calendarTypeOf(root: Component): string | undefined {
  const value = root.getFirstPropertyValue('x-calendar-type');
  return typeof value === 'string' ? value.trim().toUpperCase() : undefined;
}

/** X-WR-TIMEZONE as written, or undefined. */
export function declaredZoneOf(root: Component): string | undefined {
  const value = root.getFirstPropertyValue('x-wr-timezone');
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * The calendar's events, each master with its overridden occurrences (RECURRENCE-ID) related
 * to it, so an edited single occurrence replaces the one its rule would give.
 */
export function eventsOf(root: Component): IcalEvent[] {
  const components = root.getAllSubcomponents('vevent');
  const masters = new Map<string, IcalEvent>();
  const events: IcalEvent[] = [];
  for (const c of components) {
    if (c.hasProperty('recurrence-id')) continue;
    const event = new ICAL.Event(c, { strictExceptions: false });
    events.push(event);
    if (event.uid) masters.set(event.uid, event);
  }
  for (const c of components) {
    if (!c.hasProperty('recurrence-id')) continue;
    const master = masters.get(String(c.getFirstPropertyValue('uid') ?? ''));
    // An override whose master is missing still closes (or opens) its own span.
    if (master?.isRecurring()) master.relateException(c);
    else events.push(new ICAL.Event(c));
  }
  return events;
}

/**
 * The occurrences of every event that overlap [from, to), sorted by start. Zero-length ones
 * are left out: they cover no instant, so they change no state.
 */
export function occurrencesBetween(cal: ParsedCalendar, from: number, to: number): Occurrence[] {
  const found: Occurrence[] = [];
  for (const event of cal.events) {
    for (const o of occurrencesOf(event, cal.zone, to)) {
      if (o.end > from && o.start < to && o.end > o.start) found.push(o);
    }
  }
  return found.sort((a, b) => a.start - b.start || a.end - b.end);
}

function* occurrencesOf(event: IcalEvent, zone: string, until: number): Generator<Occurrence> {
  if (!event.isRecurring()) {
    yield occurrence(event, event.startDate, event.endDate, zone);
    return;
  }
  const iterator = event.iterator();
  const dtstart = event.component.getFirstProperty('dtstart');
  for (let n = 0; n < MAX_OCCURRENCES_PER_EVENT; n += 1) {
    const next = iterator.next();
    // The rule's occurrences come in order, so the first one past the window ends the walk.
    if (!next || instant(next, dtstart, zone) >= until) return;
    const details = event.getOccurrenceDetails(next);
    yield occurrence(details.item, details.startDate, details.endDate, zone);
  }
}

function occurrence(item: IcalEvent, start: Time, end: Time, zone: string): Occurrence {
  const dtstart = item.component.getFirstProperty('dtstart');
  // Without DTEND the end is in the start's zone (ical.js adds DURATION, or a day to a DATE).
  const dtend = item.component.getFirstProperty('dtend') ?? dtstart;
  return {
    summary: item.summary ?? '',
    start: instant(start, dtstart, zone),
    end: instant(end, dtend, zone),
  };
}

/**
 * The instant a DTSTART/DTEND value names:
 * - UTC (a trailing Z) as is;
 * - with a TZID the document defines in a VTIMEZONE: by that definition (ical.js);
 * - with any other TZID: as an IANA zone (SSM writes TZIDs without VTIMEZONEs);
 * - floating, and all-day DATE values (midnight): in the calendar's zone.
 */
function instant(time: Time, prop: Property | null, calendarZone: string): number {
  if (time.isDate) return wallClock(time, calendarZone);
  const tzid = time.zone?.tzid;
  if (tzid === 'UTC' || (tzid !== undefined && tzid !== 'floating')) {
    return time.toUnixTime() * 1000;
  }
  const param = prop?.getParameter('tzid');
  return wallClock(time, typeof param === 'string' ? param : calendarZone);
}

function wallClock(t: Time, zone: string): number {
  return new TZDate(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, zone).getTime();
}

/**
 * True if DTEND's value lies before DTSTART's. Compared as ical.js reads them, which is exact
 * when both are in one zone — as every calendar writer puts them.
 */
export function endsBefore(end: unknown, start: unknown): boolean {
  return end instanceof ICAL.Time && start instanceof ICAL.Time && end.compare(start) < 0;
}
