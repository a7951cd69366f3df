import awsCronParser from 'aws-cron-parser';
import { cronRules, parseScheduleExpression, type ScheduleExpression } from './schedule-expression';
import { fromWallClock, isTimeZone, parseWallClock, toWallClock } from './zoned-time';

/**
 * When a schedule fires, as EventBridge Scheduler fires it. The cron library evaluates in UTC
 * only, so cron fields are evaluated on the zone's wall clock and each match is turned into an
 * instant: a local time the clocks skip (spring forward) does not fire, a local time they repeat
 * (fall back) fires once, at the first. A rate counts from its start date in fixed steps (a day
 * is 24 hours, as EventBridge counts it for rates).
 */

const MINUTE = 60_000;
const UNIT_MS = { minutes: MINUTE, hours: 60 * MINUTE, days: 24 * 60 * MINUTE } as const;

/**
 * Where a rate without a start date counts from: 2026-01-01 00:00 in the schedule's zone. (A
 * deployed rate schedule without a StartDate counts from its creation; a fixed anchor keeps
 * the local mode and the tests repeatable.)
 */
export const RATE_ANCHOR_LOCAL = '2026-01-01T00:00:00';

type CronRules = ReturnType<typeof cronRules>;

/**
 * Where to resume after the month in which a search from `from` starts (the library starts at
 * the minute after `from`): the last millisecond of that month.
 */
function afterSearchedMonth(from: Date): Date {
  const start = new Date((Math.floor(from.getTime() / MINUTE) + 1) * MINUTE);
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1) - 1);
}

/** Whether a match of the library is a real date: it runs day 31 of April on into May 1st. */
function isRealMatch(rules: CronRules, wall: Date): boolean {
  const days = rules.daysOfMonth;
  if (days.length === 0 || days[0] === 'L' || days[0] === 'W') return true;
  return days.includes(wall.getUTCDate()) && rules.months.includes(wall.getUTCMonth() + 1);
}

/**
 * aws-cron-parser finds "the last X of the month" (day-of-week `nL`) from local-time dates plus
 * 7 × 24 h, which misses a month's last X when the process's own zone goes back an hour in that
 * week (Europe, October). Such rules are evaluated with the process zone set to UTC, and set
 * back before anything else can run.
 */
function inUtcProcess<T>(run: () => T): T {
  const saved = process.env.TZ;
  if (saved === 'UTC') return run();
  process.env.TZ = 'UTC';
  try {
    return run();
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}

function libraryNext(rules: CronRules, from: Date): Date | null {
  return rules.daysOfWeek[0] === 'L'
    ? inUtcProcess(() => awsCronParser.next(rules, from))
    : awsCronParser.next(rules, from);
}

/** The first wall-clock minute after `wall` that the rules match, up to `until`; else null. */
function nextWallMatch(rules: CronRules, wall: Date, until: Date | undefined): Date | null {
  let from = wall;
  for (;;) {
    if (until && from > until) return null;
    let match: Date | null;
    try {
      match = libraryNext(rules, from);
    } catch {
      // The library gives up after a few empty months (or on a W day a month lacks, 30W in
      // February); it never gives up before a match in the month it starts in: skip that month.
      from = afterSearchedMonth(from);
      continue;
    }
    if (!match || (until && match > until)) return null;
    if (isRealMatch(rules, match)) return match;
    // An overrun day: no listed day is left in the month it meant; look from the 1st of the next.
    from = new Date(Date.UTC(match.getUTCFullYear(), match.getUTCMonth(), 1) - 1);
  }
}

function cronOccurrences(
  rules: CronRules,
  timeZone: string,
  after: Date,
  count: number,
  untilWall?: Date,
): Date[] {
  const found: Date[] = [];
  let wall = toWallClock(after, timeZone);
  while (found.length < count) {
    const match = nextWallMatch(rules, wall, untilWall);
    if (!match) break;
    wall = match;
    // None in a skipped hour; the earlier of two in a repeated hour, and only if still ahead
    // (after the clocks went back, the first pass of the repeated hour has already fired).
    const [first] = fromWallClock(match, timeZone);
    if (first && first > after) found.push(first);
  }
  return found;
}

function rateOccurrences(period: number, start: Date, after: Date, count: number): Date[] {
  const steps = after < start ? 0 : Math.floor((after.getTime() - start.getTime()) / period) + 1;
  return Array.from({ length: count }, (_, i) => new Date(start.getTime() + (steps + i) * period));
}

function parsed(expression: string | ScheduleExpression, timeZone: string): ScheduleExpression {
  if (!isTimeZone(timeZone)) throw new Error(`Unknown time zone "${timeZone}"`);
  if (typeof expression !== 'string') return expression;
  const result = parseScheduleExpression(expression);
  if (typeof result === 'string') throw new Error(result);
  return result;
}

/** The instant of a local date and time in a zone, or undefined when the clocks skip it. */
function localInstant(local: string, timeZone: string): Date | undefined {
  const wall = parseWallClock(local);
  return typeof wall === 'string' ? undefined : fromWallClock(wall, timeZone)[0];
}

/**
 * The next `count` times (UTC instants, strictly after `after`) at which the schedule fires in
 * the time zone; fewer when it stops firing. `startDate` is the schedule's StartDate: a rate
 * counts from it (default: {@link RATE_ANCHOR_LOCAL} in the zone), and nothing fires before it.
 * Throws on an expression or zone that does not parse: validate configuration first.
 */
export function nextOccurrences(
  expression: string | ScheduleExpression,
  timeZone: string,
  after: Date,
  count: number,
  options: { startDate?: Date } = {},
): Date[] {
  const schedule = parsed(expression, timeZone);
  const { startDate } = options;
  const from =
    startDate && startDate.getTime() - 1 > after.getTime()
      ? new Date(startDate.getTime() - 1)
      : after;
  switch (schedule.kind) {
    case 'cron':
      return cronOccurrences(cronRules(schedule), timeZone, from, count);
    case 'rate': {
      const start = startDate ?? localInstant(RATE_ANCHOR_LOCAL, timeZone);
      if (!start) throw new Error(`${RATE_ANCHOR_LOCAL} does not exist in ${timeZone}`);
      return rateOccurrences(schedule.value * UNIT_MS[schedule.unit], start, after, count);
    }
    case 'at': {
      const instant = localInstant(schedule.local, timeZone);
      return instant && instant > from && count > 0 ? [instant] : [];
    }
  }
}

/** How far ahead {@link neverFires} looks. */
export const NEVER_FIRES_YEARS = 5;

/**
 * Whether the schedule has no occurrence in the {@link NEVER_FIRES_YEARS} years after `from`:
 * `cron(0 0 30 2 ? *)` (no February 30th), a year list all in the past, a one-time schedule in
 * the past or in a skipped hour.
 */
export function neverFires(
  expression: string | ScheduleExpression,
  timeZone: string,
  from: Date,
): boolean {
  const schedule = parsed(expression, timeZone);
  const horizon = new Date(from);
  horizon.setUTCFullYear(horizon.getUTCFullYear() + NEVER_FIRES_YEARS);
  if (schedule.kind === 'cron') {
    const untilWall = toWallClock(horizon, timeZone);
    return cronOccurrences(cronRules(schedule), timeZone, from, 1, untilWall).length === 0;
  }
  const [next] = nextOccurrences(schedule, timeZone, from, 1);
  return next === undefined || next > horizon;
}
