import { parseCidr, parseIp, type EventPattern } from './event-pattern';

/**
 * EventBridge's matching of an event against a pattern, for the local event bus and the tests
 * (on AWS the service does it). Every field the pattern names must match; a field's array
 * matches when any of its values does; an event field holding an array matches when any of
 * its elements does; `$or` matches when any of its patterns does. A field the event does not
 * carry matches only `{"exists": false}`. Pure; assumes a pattern that eventPatternProblems
 * (event-pattern.ts) found nothing wrong with.
 */
export function matchesEventPattern(pattern: EventPattern, event: unknown): boolean {
  return matchObject(pattern, event);
}

type Json = unknown;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function matchObject(pattern: Record<string, unknown>, value: Json): boolean {
  // An array of objects matches when one of them does (EventBridge flattens such arrays).
  if (Array.isArray(value)) return value.some((element) => matchObject(pattern, element));
  const object = isObject(value) ? value : {};
  return Object.entries(pattern).every(([field, expected]) => {
    if (field === '$or') {
      return (expected as Record<string, unknown>[]).some((sub) => matchObject(sub, object));
    }
    const actual = Object.hasOwn(object, field) ? object[field] : undefined;
    if (isObject(expected)) return matchObject(expected, actual);
    return matchField(expected as readonly Json[], actual);
  });
}

/** A field's array against the event's value (absent: undefined). */
function matchField(expected: readonly Json[], actual: Json): boolean {
  return expected.some((item) => {
    if (isObject(item) && 'exists' in item) return matchExists(item.exists === true, actual);
    if (actual === undefined) return false;
    const values = Array.isArray(actual) ? actual : [actual];
    return values.some((value) => !isObject(value) && matchValue(item, value));
  });
}

function matchExists(wanted: boolean, actual: Json): boolean {
  const present = actual !== undefined && !isObject(actual);
  return wanted ? present : actual === undefined;
}

/** One value of a field's array against one leaf value of the event. */
function matchValue(item: Json, value: Json): boolean {
  if (!isObject(item)) return item === value;
  const [operator] = Object.keys(item);
  const operand = item[operator];
  switch (operator) {
    case 'prefix':
      return affix(operand, value, (v, p) => v.startsWith(p));
    case 'suffix':
      return affix(operand, value, (v, s) => v.endsWith(s));
    case 'equals-ignore-case':
      return typeof value === 'string' && fold(value) === fold(operand as string);
    case 'wildcard':
      return typeof value === 'string' && wildcardRegex(operand as string).test(value);
    case 'numeric':
      return typeof value === 'number' && numericHolds(operand as readonly Json[], value);
    case 'cidr':
      return typeof value === 'string' && inCidr(operand as string, value);
    case 'anything-but':
      return anythingBut(operand, value);
    default:
      return false;
  }
}

const fold = (text: string) => text.toLowerCase();

/** prefix / suffix, plain or `{"equals-ignore-case": …}`. */
function affix(operand: Json, value: Json, test: (value: string, affix: string) => boolean) {
  if (typeof value !== 'string') return false;
  if (typeof operand === 'string') return test(value, operand);
  const ignoringCase = (operand as Record<string, string>)['equals-ignore-case'];
  return test(fold(value), fold(ignoringCase));
}

/** `*` matches any run of characters (none too); `\*` is a literal star. */
function wildcardRegex(pattern: string): RegExp {
  const parts = pattern.split(/(\\\*|\*)/).map((part) => {
    if (part === '*') return '.*';
    if (part === '\\*') return '\\*';
    return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  });
  return new RegExp(`^${parts.join('')}$`, 's');
}

function numericHolds(operand: readonly Json[], value: number): boolean {
  for (let i = 0; i < operand.length; i += 2) {
    const bound = operand[i + 1] as number;
    const holds = {
      '<': value < bound,
      '<=': value <= bound,
      '=': value === bound,
      '>': value > bound,
      '>=': value >= bound,
    }[operand[i] as '<' | '<=' | '=' | '>' | '>='];
    if (!holds) return false;
  }
  return true;
}

function inCidr(block: string, address: string): boolean {
  const cidr = parseCidr(block);
  const ip = parseIp(address);
  if (!cidr || !ip || cidr.size !== ip.size) return false;
  const shift = BigInt(cidr.size - cidr.prefix);
  return ip.bits >> shift === cidr.bits >> shift;
}

/** Matches a present value that is none of the operand's. */
function anythingBut(operand: Json, value: Json): boolean {
  if (!isObject(operand)) {
    const excluded = Array.isArray(operand) ? operand : [operand];
    return !excluded.some((x) => x === value);
  }
  const [inner] = Object.keys(operand);
  const listed = operand[inner];
  const each = (Array.isArray(listed) ? listed : [listed]) as string[];
  if (typeof value !== 'string') return true;
  const hit = each.some((x) =>
    inner === 'prefix'
      ? value.startsWith(x)
      : inner === 'suffix'
        ? value.endsWith(x)
        : inner === 'equals-ignore-case'
          ? fold(value) === fold(x)
          : wildcardRegex(x).test(value),
  );
  return !hit;
}
