import awsCronParser from 'aws-cron-parser';
import { parseWallClock } from './zoned-time';

/**
 * EventBridge Scheduler schedule expressions: `cron(minutes hours day-of-month month
 * day-of-week year)`, `rate(value unit)` and `at(yyyy-mm-ddThh:mm:ss)`. The cron library
 * (aws-cron-parser) reads and evaluates cron fields; this file checks the rules of EventBridge
 * it does not enforce, so a bad expression is refused here rather than misread there.
 */

/** A cron expression's six fields, as written. */
export interface CronExpression {
  readonly kind: 'cron';
  readonly minutes: string;
  readonly hours: string;
  readonly dayOfMonth: string;
  readonly month: string;
  readonly dayOfWeek: string;
  readonly year: string;
}

/** A rate expression; the unit is always plural here (`rate(1 hour)` is `1, 'hours'`). */
export interface RateExpression {
  readonly kind: 'rate';
  readonly value: number;
  readonly unit: 'minutes' | 'hours' | 'days';
}

/** A one-time expression: a local date and time, read in the schedule's time zone. */
export interface AtExpression {
  readonly kind: 'at';
  readonly local: string;
}

export type ScheduleExpression = CronExpression | RateExpression | AtExpression;

type CronField = Exclude<keyof CronExpression, 'kind'>;
type ParsedCron = ReturnType<typeof awsCronParser.parse>;

interface FieldSpec {
  readonly field: CronField;
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  /** Whether EventBridge allows `/` increments in the field. */
  readonly increments: boolean;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** The fields in order, with EventBridge's values and wildcards for each. */
const FIELDS: readonly FieldSpec[] = [
  { field: 'minutes', label: 'minutes', min: 0, max: 59, increments: true },
  { field: 'hours', label: 'hours', min: 0, max: 23, increments: true },
  { field: 'dayOfMonth', label: 'day-of-month', min: 1, max: 31, increments: true },
  { field: 'month', label: 'month', min: 1, max: 12, names: MONTHS, increments: true },
  { field: 'dayOfWeek', label: 'day-of-week', min: 1, max: 7, names: DAYS, increments: false },
  { field: 'year', label: 'year', min: 1970, max: 2199, increments: true },
];

class FieldProblem extends Error {}

/** A value of the field as a number: digits, or a name (JAN, MON) in any case. */
function fieldValue(spec: FieldSpec, text: string): number {
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  const value = named >= 0 ? named + 1 : /^\d+$/.test(text) ? Number(text) : NaN;
  if (Number.isNaN(value)) {
    const kind = spec.names
      ? `${spec.min}-${spec.max} or ${spec.names[0]}-${spec.names.at(-1)}`
      : `${spec.min}-${spec.max}`;
    throw new FieldProblem(`"${text}" is not a value (${kind})`);
  }
  if (value < spec.min || value > spec.max) {
    throw new FieldProblem(`${value} is out of range ${spec.min}-${spec.max}`);
  }
  return value;
}

/** `L`, `nW`, `nL`, `n#k`: the field's special forms, which stand alone. */
function specialForm(spec: FieldSpec, text: string): string | undefined {
  const upper = text.toUpperCase();
  if (spec.field === 'dayOfMonth') {
    if (upper === 'L') return 'L';
    const weekday = /^(\d+)W$/.exec(upper);
    if (weekday) return `${fieldValue(spec, weekday[1])}W`;
  }
  if (spec.field === 'dayOfWeek') {
    // Alone, L is the last day of the week: Saturday. The library would never match it.
    if (upper === 'L') return '7';
    const last = /^(\w+)L$/.exec(upper);
    if (last) return `${fieldValue(spec, last[1])}L`;
    const nth = /^(\w+)#(\d+)$/.exec(upper);
    if (nth) {
      const n = Number(nth[2]);
      if (n < 1 || n > 5) throw new FieldProblem(`#${nth[2]}: a month has a 1st to a 5th, no more`);
      return `${fieldValue(spec, nth[1])}#${n}`;
    }
  }
  return undefined;
}

/** One term of a list: `*`, `5`, `MON-FRI`, `0/15`, `8-17/2`. */
function listTerm(spec: FieldSpec, term: string, inList: boolean): string {
  const match = /^(\*|\w+(?:-\w+)?)(?:\/(\d+))?$/.exec(term);
  if (!match) throw new FieldProblem(`"${term}" is not a value, range or increment`);
  const [, base, step] = match;
  if (step !== undefined) {
    if (!spec.increments) throw new FieldProblem(`increments (/) are not allowed here`);
    // The library reads `0/15,45` as `0/15`: refuse rather than misread.
    if (inList) throw new FieldProblem(`an increment (/) cannot be part of a list (,)`);
    if (Number(step) < 1 || Number(step) > spec.max) {
      throw new FieldProblem(`increment ${step} is out of range 1-${spec.max}`);
    }
  }
  let text = base;
  if (base !== '*') {
    const [from, to] = base.split('-').map((value) => fieldValue(spec, value));
    if (to !== undefined && to < from) {
      // EventBridge would wrap (22-2); the library would match nothing. Ask for two ranges.
      throw new FieldProblem(`range ${base} runs backwards; write it as two ranges`);
    }
    text = to === undefined ? `${from}` : `${from}-${to}`;
  }
  return step === undefined ? text : `${text}/${step}`;
}

/** A field as the library reads it (names as numbers), or a FieldProblem. */
function normalizeField(spec: FieldSpec, text: string): string {
  if (text === '?') {
    if (spec.field === 'dayOfMonth' || spec.field === 'dayOfWeek') return '?';
    throw new FieldProblem(`? is allowed only in day-of-month or day-of-week`);
  }
  const special = specialForm(spec, text);
  if (special !== undefined) return special;
  const terms = text.split(',');
  return terms.map((term) => listTerm(spec, term, terms.length > 1)).join(',');
}

function parseCron(body: string): CronExpression | string {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) {
    return `cron needs six fields (minutes hours day-of-month month day-of-week year), not ${fields.length}`;
  }
  const cron = Object.fromEntries(FIELDS.map((spec, i) => [spec.field, fields[i]]));
  for (const [i, spec] of FIELDS.entries()) {
    try {
      normalizeField(spec, fields[i]);
    } catch (error) {
      if (!(error instanceof FieldProblem)) throw error;
      return `cron ${spec.label} field "${fields[i]}": ${error.message}`;
    }
  }
  const [dom, dow] = [fields[2], fields[4]];
  if (dom === '?' && dow === '?') return 'cron: only one of day-of-month and day-of-week may be ?';
  if (dom !== '?' && dow !== '?') {
    return 'cron: one of day-of-month and day-of-week must be ? (EventBridge cannot combine them)';
  }
  return { kind: 'cron', ...cron } as CronExpression;
}

/** The cron fields as aws-cron-parser's rules; the expression must have been parsed. */
export function cronRules(cron: CronExpression): ParsedCron {
  return awsCronParser.parse(
    FIELDS.map((spec) => normalizeField(spec, cron[spec.field])).join(' '),
  );
}

const RATE_UNITS = ['minute', 'hour', 'day'] as const;

function parseRate(body: string): RateExpression | string {
  const match = /^\s*(\d+)\s+([a-z]+)\s*$/.exec(body);
  const singular = match?.[2].replace(/s$/, '') as (typeof RATE_UNITS)[number] | undefined;
  if (!match || !singular || !RATE_UNITS.includes(singular)) {
    return `rate(${body}) is not rate(value unit) with a unit of minutes, hours or days`;
  }
  const value = Number(match[1]);
  if (value < 1) return `rate(${body}): the value must be 1 or more`;
  // As EventBridge requires: rate(1 hour), rate(5 hours); never rate(1 hours) or rate(5 hour).
  const unit = value === 1 ? singular : `${singular}s`;
  if (match[2] !== unit) return `rate(${body}): write rate(${value} ${unit})`;
  return { kind: 'rate', value, unit: `${singular}s` };
}

function parseAt(body: string): AtExpression | string {
  const wall = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(body)
    ? parseWallClock(body)
    : undefined;
  if (!(wall instanceof Date)) return `at(${body}) is not at(yyyy-mm-ddThh:mm:ss) on a real date`;
  return { kind: 'at', local: body };
}

/**
 * Reads an EventBridge Scheduler expression, or says what is wrong with it: a cron expression
 * has six fields with `?` in exactly one of day-of-month and day-of-week; a rate has a whole
 * value of 1 or more and a singular unit for 1, plural otherwise.
 */
export function parseScheduleExpression(text: string): ScheduleExpression | string {
  const match = /^(cron|rate|at)\((.*)\)$/.exec(text.trim());
  if (!match) {
    return `"${text}" is not a schedule expression: write cron(minutes hours day-of-month month day-of-week year) or rate(value unit)`;
  }
  const [, kind, body] = match;
  if (kind === 'cron') return parseCron(body);
  if (kind === 'rate') return parseRate(body);
  return parseAt(body);
}

/** `Mon` for 2 or MON (any case), else undefined. */
function dayName(value: string): string | undefined {
  const n = /^\d$/.test(value) ? Number(value) : DAYS.indexOf(value.toUpperCase()) + 1;
  return n >= 1 && n <= 7 ? DAYS[n - 1][0] + DAYS[n - 1].slice(1).toLowerCase() : undefined;
}

/** `Mon–Fri`, `Mon, Wed, Fri` for a day-of-week field of days and ranges, else undefined. */
function describeDays(field: string): string | undefined {
  const terms = field.split(',').map((term) => {
    const names = term.split('-').map(dayName);
    return names.length <= 2 && names.every(Boolean) ? names.join('–') : undefined;
  });
  return terms.every(Boolean) ? terms.join(', ') : undefined;
}

const ORDINALS = ['1st', '2nd', '3rd', '4th', '5th'];

/** The words for a cron expression of one time a day, or undefined for any other. */
function describeCron(cron: CronExpression, timeZone: string): string | undefined {
  if (!/^\d+$/.test(cron.minutes) || !/^\d+$/.test(cron.hours)) return undefined;
  if (cron.month !== '*' || cron.year !== '*') return undefined;
  const time = `${cron.hours.padStart(2, '0')}:${cron.minutes.padStart(2, '0')} ${timeZone}`;
  if (cron.dayOfMonth === '*' || (cron.dayOfMonth === '?' && cron.dayOfWeek === '*')) {
    return `daily ${time}`;
  }
  if (cron.dayOfMonth !== '?') return undefined;
  const nth = /^(\w+)#([1-5])$/.exec(cron.dayOfWeek);
  if (nth) {
    const day = describeDays(nth[1]);
    return day && `${ORDINALS[Number(nth[2]) - 1]} ${day} of the month ${time}`;
  }
  const days = describeDays(cron.dayOfWeek);
  return days && `${days} ${time}`;
}

/**
 * Short words for a schedule, for the root message of a scheduled run: `Mon–Fri 22:00
 * Asia/Tokyo`, `daily 01:30 UTC`, `every 2 hours`. Only these simple shapes are put in words;
 * any other expression is shown as written, with its time zone.
 */
export function describeSchedule(expression: string, timeZone: string): string {
  const parsed = parseScheduleExpression(expression);
  if (typeof parsed !== 'string') {
    if (parsed.kind === 'rate') {
      return parsed.value === 1
        ? `every ${parsed.unit.slice(0, -1)}`
        : `every ${parsed.value} ${parsed.unit}`;
    }
    if (parsed.kind === 'at')
      return `once, ${parsed.local.slice(0, 16).replace('T', ' ')} ${timeZone}`;
    const words = describeCron(parsed, timeZone);
    if (words) return words;
  }
  return `${expression} ${timeZone}`;
}
