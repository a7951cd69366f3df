/**
 * EventBridge event patterns: what a rule of the default bus may say, checked before it is
 * deployed, so a pattern that can never match fails the configuration (and synth) naming the
 * field instead of deploying a rule that silently never fires. Pure.
 *
 * The matcher that applies a pattern to an event is in event-pattern-match.ts.
 */

/** An event pattern: envelope fields at the top, nested objects under `detail`. */
export type EventPattern = { readonly [field: string]: unknown };

/** One reason a pattern cannot match, at a path inside the pattern. */
export interface PatternProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** The fields of every event's envelope: the only fields a pattern may name at its top. */
export const EVENT_ENVELOPE_FIELDS = [
  'version',
  'id',
  'detail-type',
  'source',
  'account',
  'time',
  'region',
  'resources',
  'detail',
] as const;

/** The comparison operators a pattern may use inside a field's array. */
export const PATTERN_OPERATORS = [
  'prefix',
  'suffix',
  'anything-but',
  'numeric',
  'exists',
  'equals-ignore-case',
  'wildcard',
  'cidr',
] as const;

/**
 * The `detail` fields of the AWS events this app documents triggers for. A pattern that only
 * matches such an event (its `detail-type` names nothing else) and names another field in
 * `detail` can never match: the event does not carry it.
 */
export const KNOWN_EVENT_DETAIL: Readonly<Record<string, readonly string[]>> = {
  // CloudWatch: "Alarm events and EventBridge" (alarmTags with tag propagation on).
  'CloudWatch Alarm State Change': [
    'alarmName',
    'state',
    'previousState',
    'configuration',
    'alarmTags',
    'alarmTagsStatus',
  ],
  // RDS: the event's detail is DescribeEvents' Event, plus EventID and the resource's Tags.
  'RDS DB Cluster Event': [
    'EventCategories',
    'SourceType',
    'SourceArn',
    'Date',
    'Message',
    'SourceIdentifier',
    'EventID',
    'Tags',
  ],
};

type Path = readonly (string | number)[];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads a pattern given as an object or as the same in a JSON string (as the console shows
 * it): the object, or the problem with it.
 */
export function readEventPattern(
  value: unknown,
): { readonly pattern: EventPattern } | { readonly problem: PatternProblem } {
  let pattern = value;
  if (typeof value === 'string') {
    try {
      pattern = JSON.parse(value);
    } catch (error) {
      return { problem: { path: [], message: `is not JSON: ${(error as Error).message}` } };
    }
  }
  if (!isObject(pattern)) return { problem: { path: [], message: 'must be a JSON object' } };
  return { pattern };
}

/**
 * Every reason a pattern cannot match, each at its path inside the pattern (empty: it is
 * fine). Given as a string, it must hold a JSON object.
 */
export function eventPatternProblems(value: unknown): PatternProblem[] {
  const read = readEventPattern(value);
  if ('problem' in read) return [read.problem];
  const problems: PatternProblem[] = [];
  checkTop(read.pattern, [], problems);
  checkKnownDetail(read.pattern, problems);
  return problems;
}

function checkTop(pattern: EventPattern, path: Path, problems: PatternProblem[]): void {
  const fields = Object.keys(pattern);
  if (fields.length === 0) {
    problems.push({ path, message: 'must name at least one field' });
  }
  for (const field of fields) {
    const at = [...path, field];
    const value = pattern[field];
    if (field === '$or') {
      checkOr(value, at, problems, (sub, subPath) => checkTop(sub, subPath, problems));
    } else if (!(EVENT_ENVELOPE_FIELDS as readonly string[]).includes(field)) {
      problems.push({
        path: at,
        message: `is not a field of an event's envelope (${EVENT_ENVELOPE_FIELDS.join(', ')}); put the event's own fields under detail`,
      });
    } else if (field === 'detail') {
      if (!isObject(value)) {
        problems.push({ path: at, message: 'must be an object of detail fields' });
      } else checkNested(value, at, problems);
    } else checkLeaf(value, at, problems);
  }
}

/** Inside `detail`: a field is a nested object of fields, or an array of values to match. */
function checkNested(pattern: Record<string, unknown>, path: Path, problems: PatternProblem[]) {
  const fields = Object.keys(pattern);
  if (fields.length === 0) problems.push({ path, message: 'must name at least one field' });
  for (const field of fields) {
    const at = [...path, field];
    const value = pattern[field];
    if (field === '$or') {
      checkOr(value, at, problems, (sub, subPath) => checkNested(sub, subPath, problems));
    } else if (isObject(value)) checkNested(value, at, problems);
    else checkLeaf(value, at, problems);
  }
}

function checkOr(
  value: unknown,
  path: Path,
  problems: PatternProblem[],
  each: (sub: Record<string, unknown>, path: Path) => void,
): void {
  if (!Array.isArray(value) || value.length < 2) {
    problems.push({ path, message: 'must be an array of at least two patterns' });
    return;
  }
  value.forEach((sub, i) => {
    if (isObject(sub)) each(sub, [...path, i]);
    else problems.push({ path: [...path, i], message: 'must be a pattern (an object)' });
  });
}

/** A field's values: a non-empty array of strings, numbers, booleans, null or one operator. */
function checkLeaf(value: unknown, path: Path, problems: PatternProblem[]): void {
  if (!Array.isArray(value)) {
    problems.push({ path, message: 'must be an array' });
    return;
  }
  if (value.length === 0) {
    problems.push({ path, message: 'must not be empty (an empty array matches nothing)' });
    return;
  }
  value.forEach((item, i) => {
    const at = [...path, i];
    if (isObject(item)) checkOperator(item, at, problems);
    else if (Array.isArray(item)) problems.push({ path: at, message: 'must not be an array' });
  });
}

function checkOperator(item: Record<string, unknown>, path: Path, problems: PatternProblem[]) {
  const keys = Object.keys(item);
  if (keys.length !== 1) {
    problems.push({
      path,
      message: `must hold exactly one operator (${PATTERN_OPERATORS.join(', ')})`,
    });
    return;
  }
  const [operator] = keys;
  const at = [...path, operator];
  const operand = item[operator];
  const problem = operandProblem(operator, operand);
  if (problem) problems.push({ path: at, message: problem });
}

/** What is wrong with one operator's operand, or undefined. */
function operandProblem(operator: string, operand: unknown): string | undefined {
  switch (operator) {
    case 'prefix':
    case 'suffix':
      return stringOrIgnoreCase(operand, operator);
    case 'equals-ignore-case':
      return typeof operand === 'string' ? undefined : 'must be a string';
    case 'wildcard':
      return wildcardProblem(operand);
    case 'exists':
      return typeof operand === 'boolean' ? undefined : 'must be true or false';
    case 'numeric':
      return numericProblem(operand);
    case 'cidr':
      return typeof operand === 'string' && parseCidr(operand)
        ? undefined
        : 'must be an IPv4 or IPv6 CIDR block, e.g. 10.0.0.0/24';
    case 'anything-but':
      return anythingButProblem(operand);
    default:
      return `is not an operator (${PATTERN_OPERATORS.join(', ')})`;
  }
}

function stringOrIgnoreCase(operand: unknown, operator: string): string | undefined {
  if (typeof operand === 'string') return undefined;
  if (
    isObject(operand) &&
    Object.keys(operand).length === 1 &&
    typeof operand['equals-ignore-case'] === 'string'
  ) {
    return undefined;
  }
  return `must be a string, or {"equals-ignore-case": string} (${operator} ignoring case)`;
}

function wildcardProblem(operand: unknown): string | undefined {
  if (typeof operand !== 'string') return 'must be a string';
  // EventBridge refuses consecutive wildcards; an escaped star (\*) is a literal one.
  if (/(^|[^\\])\*\*/.test(operand)) return 'must not hold two * in a row';
  return undefined;
}

const LOWER = ['>', '>='];
const UPPER = ['<', '<='];

function numericProblem(operand: unknown): string | undefined {
  const shape = 'must be ["=", n], or one or two comparisons such as [">", 0, "<=", 5]';
  if (!Array.isArray(operand) || (operand.length !== 2 && operand.length !== 4)) return shape;
  const pairs: [unknown, unknown][] = [];
  for (let i = 0; i < operand.length; i += 2) pairs.push([operand[i], operand[i + 1]]);
  for (const [op, n] of pairs) {
    if (![...LOWER, ...UPPER, '='].includes(op as string)) {
      return `${JSON.stringify(op)} is not a comparison (<, <=, =, >, >=)`;
    }
    if (typeof n !== 'number' || !Number.isFinite(n)) return `${JSON.stringify(n)} is not a number`;
  }
  if (pairs.length === 2) {
    const lower = pairs.find(([op]) => LOWER.includes(op as string));
    const upper = pairs.find(([op]) => UPPER.includes(op as string));
    if (!lower || !upper) return 'a range needs one lower bound (>, >=) and one upper (<, <=)';
    if ((lower[1] as number) >= (upper[1] as number)) return 'the range is empty';
  }
  return undefined;
}

function anythingButProblem(operand: unknown): string | undefined {
  if (typeof operand === 'string' || typeof operand === 'number') return undefined;
  if (Array.isArray(operand)) {
    if (operand.length === 0) return 'must not be an empty array';
    const allStrings = operand.every((v) => typeof v === 'string');
    const allNumbers = operand.every((v) => typeof v === 'number');
    return allStrings || allNumbers ? undefined : 'must be strings only or numbers only';
  }
  if (isObject(operand) && Object.keys(operand).length === 1) {
    const [inner] = Object.keys(operand);
    const value = operand[inner];
    if (inner === 'prefix' || inner === 'suffix' || inner === 'equals-ignore-case') {
      const ok = typeof value === 'string' || (Array.isArray(value) && value.every(isString));
      return ok ? undefined : `${inner} must be a string`;
    }
    if (inner === 'wildcard') {
      const values = Array.isArray(value) ? value : [value];
      return values.map(wildcardProblem).find(Boolean);
    }
  }
  return 'must be a value, a list of values, or {prefix|suffix|equals-ignore-case|wildcard: …}';
}

const isString = (v: unknown): v is string => typeof v === 'string';

/** Whether a pattern can only match events of the listed detail-types (and which they are). */
function detailTypesOf(pattern: EventPattern): string[] | undefined {
  const types = pattern['detail-type'];
  if (!Array.isArray(types) || types.length === 0 || !types.every(isString)) return undefined;
  return types;
}

function checkKnownDetail(pattern: EventPattern, problems: PatternProblem[]): void {
  const types = detailTypesOf(pattern);
  const detail = pattern.detail;
  if (!types || !isObject(detail)) return;
  const known = types.map((t) => KNOWN_EVENT_DETAIL[t]);
  if (known.some((fields) => fields === undefined)) return;
  const fields = new Set(known.flat());
  for (const field of Object.keys(detail)) {
    if (field === '$or' || fields.has(field)) continue;
    problems.push({
      path: ['detail', field],
      message: `is not a field of ${types.join(' or ')} events (${[...fields].join(', ')})`,
    });
  }
}

/** An IPv4 or IPv6 CIDR block: its address as bits and its prefix length; undefined if not one. */
export function parseCidr(
  text: string,
): { bits: bigint; size: number; prefix: number } | undefined {
  const [address, prefixText, ...rest] = text.split('/');
  if (rest.length > 0 || prefixText === undefined || !/^\d{1,3}$/.test(prefixText)) {
    return undefined;
  }
  const ip = parseIp(address);
  const prefix = Number(prefixText);
  if (!ip || prefix > ip.size) return undefined;
  return { ...ip, prefix };
}

/** An IPv4 or IPv6 address as bits; undefined if it is not one. */
export function parseIp(text: string): { bits: bigint; size: number } | undefined {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const octets = v4.slice(1).map(Number);
    if (octets.some((o) => o > 255)) return undefined;
    return { bits: octets.reduce((acc, o) => (acc << 8n) | BigInt(o), 0n), size: 32 };
  }
  if (!/^[0-9A-Fa-f:]+$/.test(text) || !text.includes(':')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string) => (half === '' ? [] : half.split(':'));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (all.some((g) => !/^[0-9A-Fa-f]{1,4}$/.test(g))) return undefined;
  return { bits: all.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n), size: 128 };
}
