import { formatInZone } from '../../contract/zoned-time';

/** "6 min 24 s", "45 s", "1 h 2 min": how long a run took, at the precision people read. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.max(0, Math.round(ms / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  if (minutes > 0) return seconds > 0 ? `${minutes} min ${seconds} s` : `${minutes} min`;
  return `${seconds} s`;
}

/** "22:01 UTC": operators read the time of day; the date is the message's own. */
export function clockTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(11, 16)} UTC`;
}

/** "2025-11-29 22:01 UTC", where a past run's date matters (the status list). */
export function dateTime(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** "Wed 2 Dec 2026": the date part of formatInZone, compared to tell two days apart. */
const DAY_PART = /^\S+ \d+ \S+ \d{4}/;

/**
 * "Wed 2 Dec 22:00 JST · 13:00 UTC": an occurrence as people in the zone read it, and in UTC
 * beside it (with the UTC day when it is another day). A zone that is UTC shows once.
 * `withYear` keeps the year, for a date that may be months away.
 */
export function zonedAndUtc(at: Date, timeZone: string, withYear = false): string {
  const local = formatInZone(at, timeZone);
  const utc = formatInZone(at, 'UTC');
  const shown = (text: string) => (withYear ? text : text.replace(/ \d{4} /, ' '));
  if (local === utc) return shown(local);
  const sameDay = DAY_PART.exec(local)?.[0] === DAY_PART.exec(utc)?.[0];
  return `${shown(local)} · ${sameDay ? utc.slice(-9) : shown(utc)}`;
}

/**
 * "Sat 5 Dec 2026 22:00 JST (13:00 UTC)": a one-off run's time, in its zone and UTC (with the
 * UTC day when it is another day); `withYear: false` for "Sat 5 Dec 22:00 JST (13:00 UTC)".
 */
export function oneOffTime(at: Date, timeZone: string, withYear = true): string {
  const shown = (text: string) => (withYear ? text : text.replace(/ \d{4} /, ' '));
  const local = formatInZone(at, timeZone);
  const utc = formatInZone(at, 'UTC');
  if (local === utc) return shown(local);
  const sameDay = DAY_PART.exec(local)?.[0] === DAY_PART.exec(utc)?.[0];
  return `${shown(local)} (${sameDay ? utc.slice(-9) : shown(utc)})`;
}
