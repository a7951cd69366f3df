/**
 * CloudWatch Logs filter patterns, the subset the simulated account understands: the empty
 * pattern (everything), terms (`ERROR`, `"two words"`: every term must occur), and JSON
 * patterns — `{ $.a.b = "x" && ($.c != "y" || $.n = 3) }`, with `=` / `!=` on strings (a `*`
 * in a string matches any run of characters) and numbers, `&&` binding tighter than `||`, and
 * parentheses. As in the service, a selector that names no value (missing, an object, a list)
 * matches neither `=` nor `!=`. Anything else is refused, as the service refuses a pattern it
 * cannot parse, rather than matching wrongly.
 */

/** What a compiled pattern is asked about one event: its message and, lazily, its JSON. */
export interface FilterSubject {
  readonly message: string;
  /** The message parsed as JSON, or undefined when it is not a JSON object. */
  json(): Record<string, unknown> | undefined;
}

export type FilterMatcher = (event: FilterSubject) => boolean;

/** A pattern the simulation (like the service) cannot parse. */
export class FilterPatternError extends Error {}

type Token =
  | { kind: 'selector'; path: string[] }
  | { kind: 'op'; op: '=' | '!=' }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'and' | 'or' | 'open' | 'close' };

/** Compiles a filter pattern once; the matcher then runs per event. */
export function compileFilterPattern(pattern: string | undefined): FilterMatcher {
  const text = (pattern ?? '').trim();
  if (text === '') return () => true;
  if (text.startsWith('{')) {
    if (!text.endsWith('}')) throw new FilterPatternError('A JSON pattern must end with }');
    const parser = new Parser(tokenize(text.slice(1, -1)));
    const matcher = parser.expression();
    parser.end();
    return (event) => {
      const json = event.json();
      return json !== undefined && matcher(json);
    };
  }
  const terms = termsOf(text);
  return (event) => terms.every((term) => event.message.includes(term));
}

function termsOf(text: string): string[] {
  const terms: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const term = m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2];
    if (/^[-+?]/.test(term) || /[[\]{}]/.test(term)) {
      throw new FilterPatternError(`Unsupported filter pattern term: ${term}`);
    }
    terms.push(term);
  }
  return terms;
}

function tokenize(body: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < body.length) {
    const c = body[i];
    if (/\s/.test(c)) {
      i += 1;
    } else if (body.startsWith('&&', i)) {
      tokens.push({ kind: 'and' });
      i += 2;
    } else if (body.startsWith('||', i)) {
      tokens.push({ kind: 'or' });
      i += 2;
    } else if (body.startsWith('!=', i)) {
      tokens.push({ kind: 'op', op: '!=' });
      i += 2;
    } else if (c === '=') {
      tokens.push({ kind: 'op', op: '=' });
      i += 1;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: c === '(' ? 'open' : 'close' });
      i += 1;
    } else if (c === '$') {
      const m = /^\$((?:\.[A-Za-z_][A-Za-z0-9_-]*)+)/.exec(body.slice(i));
      if (!m) throw new FilterPatternError(`Bad selector at ${body.slice(i, i + 20)}`);
      tokens.push({ kind: 'selector', path: m[1].slice(1).split('.') });
      i += m[0].length;
    } else if (c === '"') {
      const m = /^"((?:[^"\\]|\\.)*)"/.exec(body.slice(i));
      if (!m) throw new FilterPatternError('Unterminated string');
      tokens.push({ kind: 'string', value: m[1].replace(/\\(.)/g, '$1') });
      i += m[0].length;
    } else {
      const m = /^-?\d+(?:\.\d+)?(?![\w.])/.exec(body.slice(i));
      if (m) {
        tokens.push({ kind: 'number', value: Number(m[0]) });
        i += m[0].length;
      } else {
        // An unquoted word is a string value, as the service reads `$.level = ERROR`.
        const word = /^[A-Za-z_*][A-Za-z0-9_*:/.-]*/.exec(body.slice(i));
        if (!word) throw new FilterPatternError(`Unexpected ${body.slice(i, i + 20)}`);
        tokens.push({ kind: 'string', value: word[0] });
        i += word[0].length;
      }
    }
  }
  return tokens;
}

type JsonMatcher = (json: Record<string, unknown>) => boolean;

/** Recursive descent: expression := conjunction ('||' conjunction)*; conjunction := term ('&&' term)*. */
class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  expression(): JsonMatcher {
    const parts = [this.conjunction()];
    while (this.peek()?.kind === 'or') {
      this.at += 1;
      parts.push(this.conjunction());
    }
    return parts.length === 1 ? parts[0] : (json) => parts.some((p) => p(json));
  }

  end(): void {
    if (this.at !== this.tokens.length) throw new FilterPatternError('Unexpected trailing input');
  }

  private conjunction(): JsonMatcher {
    const parts = [this.term()];
    while (this.peek()?.kind === 'and') {
      this.at += 1;
      parts.push(this.term());
    }
    return parts.length === 1 ? parts[0] : (json) => parts.every((p) => p(json));
  }

  private term(): JsonMatcher {
    const token = this.next();
    if (token.kind === 'open') {
      const inner = this.expression();
      if (this.next().kind !== 'close') throw new FilterPatternError('Missing )');
      return inner;
    }
    if (token.kind !== 'selector') throw new FilterPatternError('Expected a $. selector');
    const op = this.next();
    if (op.kind !== 'op') throw new FilterPatternError('Expected = or !=');
    const value = this.next();
    if (value.kind !== 'string' && value.kind !== 'number') {
      throw new FilterPatternError('Expected a string or a number');
    }
    const equals =
      value.kind === 'string' ? stringMatcher(value.value) : numberMatcher(value.value);
    const { path } = token;
    const negate = op.op === '!=';
    return (json) => {
      const found = select(json, path);
      if (found === undefined || found === null || typeof found === 'object') return false;
      return equals(found as string | number | boolean) !== negate;
    };
  }

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private next(): Token {
    const token = this.tokens[this.at];
    if (!token) throw new FilterPatternError('Unexpected end of pattern');
    this.at += 1;
    return token;
  }
}

function stringMatcher(expected: string): (v: string | number | boolean) => boolean {
  if (!expected.includes('*')) return (v) => String(v) === expected;
  const re = new RegExp(
    `^${expected
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    's',
  );
  return (v) => re.test(String(v));
}

function numberMatcher(expected: number): (v: string | number | boolean) => boolean {
  return (v) => typeof v === 'number' && v === expected;
}

function select(json: Record<string, unknown>, path: readonly string[]): unknown {
  let cursor: unknown = json;
  for (const key of path) {
    if (cursor === null || typeof cursor !== 'object' || Array.isArray(cursor)) return undefined;
    cursor = Object.hasOwn(cursor, key) ? (cursor as Record<string, unknown>)[key] : undefined;
  }
  return cursor;
}
