import { tzOffset } from '@date-fns/tz';

/**
 * Local times in an IANA time zone, as EventBridge Scheduler reads them. A "wall-clock" Date
 * is a Date whose UTC fields are the zone's local fields (what a clock on the wall shows); the
 * cron library evaluates those, and these helpers turn them into instants and back.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;

/** `Area/Location` (`Asia/Tokyo`, `America/Argentina/Salta`, `Etc/GMT+5`), `UTC` or `GMT`. */
const ZONE_NAME = /^(UTC|GMT|[A-Z][A-Za-z_-]*(\/[A-Za-z0-9_+-]+)+)$/;

/**
 * Whether `zone` is an IANA time zone name this runtime knows. Intl also accepts a name in the
 * wrong case (`asia/tokyo`) and abbreviations (`JST`), which EventBridge does not: both are
 * refused here.
 */
export function isTimeZone(zone: string): boolean {
  if (!ZONE_NAME.test(zone)) return false;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions()
      .timeZone;
    return resolved === zone || resolved.toLowerCase() !== zone.toLowerCase();
  } catch {
    return false;
  }
}

/** What the zone's clocks show at `instant`, as a wall-clock Date. */
export function toWallClock(instant: Date, timeZone: string): Date {
  return new Date(instant.getTime() + tzOffset(timeZone, instant) * MINUTE);
}

/**
 * The instants at which the zone's clocks show `wall`, earliest first: none for a time skipped
 * when the clocks go forward, two for a time repeated when they go back, else one.
 */
export function fromWallClock(wall: Date, timeZone: string): Date[] {
  // Every offset the zone uses around that day; one that maps back to `wall` is an answer.
  const offsets = new Set(
    [-DAY, 0, DAY].map((shift) => tzOffset(timeZone, new Date(wall.getTime() + shift))),
  );
  return [...offsets]
    .map((offset) => ({ offset, instant: new Date(wall.getTime() - offset * MINUTE) }))
    .filter(({ offset, instant }) => tzOffset(timeZone, instant) === offset)
    .map(({ instant }) => instant)
    .sort((a, b) => a.getTime() - b.getTime());
}

/** `YYYY-MM-DD HH:mm` of a wall-clock Date. */
export function wallClockText(wall: Date): string {
  return wall.toISOString().slice(0, 16).replace('T', ' ');
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A wall-clock Date from `YYYY-MM-DD HH:mm`, `YYYY-MM-DDTHH:mm` (seconds optional), or a
 * problem naming what is wrong with the text.
 */
export function parseWallClock(text: string): Date | string {
  const match = LOCAL_DATE_TIME.exec(text.trim());
  if (!match)
    return `"${text}" is not a date and time: write YYYY-MM-DD HH:mm (e.g. 2026-12-05 22:00)`;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0));
  const wall = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (
    wall.getUTCMonth() !== month - 1 ||
    wall.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return `"${text}" is not a date and time that exists on a calendar`;
  }
  return wall;
}

/**
 * The instant of a local date and time in a zone: `2026-12-05 22:00` or `2026-12-05T22:00`
 * (seconds optional). A time the clocks skip when they go forward does not exist and is a
 * problem; a time repeated when they go back is the earlier instant, as EventBridge Scheduler
 * reads it.
 */
export function parseLocalDateTime(text: string, timeZone: string): Date | string {
  if (!isTimeZone(timeZone)) return `unknown time zone "${timeZone}"`;
  const wall = parseWallClock(text);
  if (typeof wall === 'string') return wall;
  const [first] = fromWallClock(wall, timeZone);
  return (
    first ?? `${wallClockText(wall)} does not exist in ${timeZone}: the clocks go forward over it`
  );
}

const FORMAT = {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
} as const;

/**
 * Locales whose short zone names include common abbreviations: en-US has the American ones,
 * en-GB the European (BST, CET), en-AU the Australian, en-IN IST, ja-JP JST. The first that
 * names the zone with letters wins, so the words are the same on every run of one Node version.
 */
const ABBREVIATION_LOCALES = ['en-US', 'en-GB', 'en-AU', 'en-IN', 'ja-JP'];

function zoneAbbreviation(date: Date, timeZone: string): string {
  const names = ABBREVIATION_LOCALES.map(
    (locale) =>
      new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' })
        .formatToParts(date)
        .find((part) => part.type === 'timeZoneName')?.value ?? timeZone,
  );
  return names.find((name) => /^[A-Z]{2,5}$/.test(name)) ?? names[0];
}

/** A date as people in the zone read it: `Sat 5 Dec 2026 22:00 JST`. */
export function formatInZone(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { ...FORMAT, timeZone })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  ) as Record<string, string>;
  const { weekday, day, month, year, hour, minute } = parts;
  return `${weekday} ${day} ${month} ${year} ${hour}:${minute} ${zoneAbbreviation(date, timeZone)}`;
}
