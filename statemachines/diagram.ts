/**
 * Renders an ASL definition as a Mermaid `flowchart TD` for the README.
 *
 * Flowchart rather than stateDiagram-v2: only flowcharts offer dashed *labelled* edges
 * (Catch), distinct shapes (Choice diamonds, terminal stadiums) and edges into and out of
 * subgraphs (Map/Parallel) all at once, and their layout of long labels reads better.
 */
import type {
  AslDefinition,
  BooleanExpression,
  DataTestExpression,
  MapState,
  Retrier,
  State,
  StateMachineScope,
  TaskState,
  WaitState,
} from './asl-types';

/** Options for {@link toMermaid}. */
export interface DiagramOptions {
  /** Shown above the diagram (Mermaid front-matter `title`). */
  readonly title?: string;
}

/** A quoted Mermaid label; lines are escaped first so our own `<br/>` survives. */
function label(...lines: string[]): string {
  // Anything that could close the quoted label, start Mermaid syntax or inject HTML becomes
  // a numeric Mermaid entity (`#34;`), which renders as the character itself.
  const escape = (raw: string) =>
    raw.replace(/\s+/g, ' ').replace(/[#"<>&%[\]{}|`]/g, (c) => `#${c.charCodeAt(0)};`);
  return `"${lines.map(escape).join('<br/>')}"`;
}

const COMPARISON =
  /^(?:String|Numeric|Boolean|Timestamp)(Equals|LessThanEquals|GreaterThanEquals|LessThan|GreaterThan)(Path)?$/;
const SYMBOL: Readonly<Record<string, string>> = {
  Equals: '==',
  LessThan: '<',
  GreaterThan: '>',
  LessThanEquals: '<=',
  GreaterThanEquals: '>=',
};

/**
 * Short, code-like form of a Choice condition, e.g. `$.plan.db.status == "available"` or
 * `$.a > 1 && !($.b exists)`, so an edge label stays one readable line.
 */
export function describeCondition(expr: BooleanExpression): string {
  // Nested And/Or are parenthesised so mixed operators keep their meaning.
  const group = (e: BooleanExpression) =>
    'And' in e || 'Or' in e ? `(${describeCondition(e)})` : describeCondition(e);
  if ('And' in expr) return expr.And.map(group).join(' && ');
  if ('Or' in expr) return expr.Or.map(group).join(' || ');
  if ('Not' in expr) return `!(${describeCondition(expr.Not)})`;
  if ('Condition' in expr) return expr.Condition.replace(/^\{%\s*|\s*%\}$/g, '');
  return describeTest(expr);
}

function describeTest(test: DataTestExpression): string {
  const v = test.Variable;
  for (const [op, value] of Object.entries(test)) {
    const match = COMPARISON.exec(op);
    if (match) return `${v} ${SYMBOL[match[1]]} ${match[2] ? value : JSON.stringify(value)}`;
    if (op === 'StringMatches') return `${v} matches ${JSON.stringify(value)}`;
    if (op === 'IsPresent') return value ? `${v} exists` : `${v} is missing`;
    if (op === 'IsNull') return `${v} ${value ? '==' : '!='} null`;
    const kind = /^Is(String|Numeric|Boolean|Timestamp)$/.exec(op);
    if (kind) return `${v} is ${value ? '' : 'not '}${kind[1].toLowerCase()}`;
  }
  throw new Error(`Unsupported Choice rule: ${JSON.stringify(test)}`);
}

/** `${RunScriptFunctionArn}` or a Lambda ARN → "RunScript fn": the name operators know. */
function functionHint(ref: unknown): string {
  if (typeof ref !== 'string') return 'Lambda fn';
  const placeholder = /^\$\{(\w+?)(?:Function)?(?:Arn|Name)?\}/.exec(ref);
  const arn = /:function:([^:]+)/.exec(ref);
  return `${placeholder?.[1] ?? arn?.[1] ?? ref} fn`;
}

const INTEGRATION = /^arn:aws:states:::(?:aws-sdk:)?(.+?)(\.sync(?::\d+)?|\.waitForTaskToken)?$/;

/** What a Task calls, plus whether it blocks on someone else. */
function taskHint(task: TaskState): string[] {
  const match = INTEGRATION.exec(task.Resource);
  if (!match) {
    const isFunction = /^\$\{|:function:/.test(task.Resource);
    return [isFunction ? functionHint(task.Resource) : task.Resource];
  }
  const [, integration, suffix] = match;
  const args = task.Parameters ?? task.Arguments ?? {};
  const call = integration === 'lambda:invoke' ? functionHint(args.FunctionName) : integration;
  if (suffix === '.waitForTaskToken') {
    // The approval requester waits for a person; every other callback task for AWS's event.
    const approval = String(args.FunctionName).includes('RequestApproval');
    return [call, approval ? 'waits for approval' : 'waits for its event or poll'];
  }
  return suffix ? [call, 'waits for completion'] : [call];
}

/** One compact line; Lambda's long default error lists are cut to the first name and a count. */
function retryHint(retry: readonly Retrier[] = []): string[] {
  const parts = retry
    .filter((r) => r.MaxAttempts !== 0)
    .map((r) => {
      const more = r.ErrorEquals.length > 1 ? ` (+${r.ErrorEquals.length - 1})` : '';
      return `${r.ErrorEquals[0]}${more} ×${r.MaxAttempts ?? 3}`;
    });
  return parts.length > 0 ? [`retries: ${parts.join('; ')}`] : [];
}

function waitHint(state: WaitState): string {
  if (state.Seconds !== undefined) return `wait ${state.Seconds}s`;
  if (state.SecondsPath !== undefined) return `wait ${state.SecondsPath} seconds`;
  return `wait until ${state.Timestamp ?? state.TimestampPath}`;
}

function mapTitle(name: string, state: MapState): string {
  const over = state.ItemsPath ? ` over ${state.ItemsPath}` : '';
  const limit = state.MaxConcurrency ? `, ${state.MaxConcurrency} at a time` : '';
  return `${name} (Map${over}${limit})`;
}

/** Hands out Mermaid-safe ids, unique even when nested state names repeat or sanitise alike. */
class Ids {
  private readonly used = new Set<string>();

  take(base: string): string {
    const safe = base.replace(/\W/g, '_');
    let id = safe;
    for (let n = 2; this.used.has(id); n++) id = `${safe}_${n}`;
    this.used.add(id);
    return id;
  }
}

interface Context {
  readonly ids: Ids;
  readonly out: string[];
}

/**
 * Emits one scope (the machine, a Map processor or a Parallel branch): its start node, all
 * states, an end node if any state ends there, then the edges. Edges come last so that every
 * node is first mentioned inside its own subgraph, which is what places it there in Mermaid.
 */
function renderScope(scope: StateMachineScope, scopeId: string, depth: number, ctx: Context) {
  const emit = (line: string) => ctx.out.push(`${'  '.repeat(depth)}${line}`);
  const startId = ctx.ids.take(`${scopeId}_start`);
  const entries = Object.entries(scope.States);
  const nodes = new Map(entries.map(([name]) => [name, ctx.ids.take(`${scopeId}__${name}`)]));
  const to = (target: string) => {
    const id = nodes.get(target);
    if (id === undefined) throw new Error(`Transition to unknown state "${target}"`);
    return id;
  };
  const endsHere = entries.some(([, s]) => 'End' in s && s.End === true);
  const endId = endsHere ? ctx.ids.take(`${scopeId}_end`) : '';

  emit(`${startId}(("start"))`);
  entries.forEach(([name, state]) => renderState(name, state, to(name), depth, ctx));
  if (endsHere) emit(`${endId}((("end")))`);

  emit(`${startId} --> ${to(scope.StartAt)}`);
  for (const [name, state] of entries) {
    const from = to(name);
    if (state.Type === 'Choice') {
      state.Choices.forEach((r) =>
        emit(`${from} -->|${label(describeCondition(r))}| ${to(r.Next)}`),
      );
      if (state.Default !== undefined) emit(`${from} -->|"Default"| ${to(state.Default)}`);
      continue;
    }
    if ('Next' in state && state.Next !== undefined) emit(`${from} --> ${to(state.Next)}`);
    if ('End' in state && state.End === true) emit(`${from} --> ${endId}`);
    for (const c of ('Catch' in state && state.Catch) || []) {
      emit(`${from} -.->|${label(c.ErrorEquals.join(', '))}| ${to(c.Next)}`);
    }
  }
}

/** Declares one state: a node in the shape of its type, or a subgraph for Map/Parallel. */
function renderState(name: string, state: State, id: string, depth: number, ctx: Context) {
  const emit = (line: string) => ctx.out.push(`${'  '.repeat(depth)}${line}`);
  switch (state.Type) {
    case 'Task':
      return emit(`${id}[${label(name, ...taskHint(state), ...retryHint(state.Retry))}]`);
    case 'Pass':
      return emit(`${id}[${label(name, 'Pass')}]`);
    case 'Wait':
      return emit(`${id}[${label(name, waitHint(state))}]`);
    case 'Choice':
      return emit(`${id}{${label(name)}}`);
    case 'Succeed':
      return emit(`${id}([${label(name, 'Succeed')}]):::succeed`);
    case 'Fail': {
      const error = state.Error ?? state.ErrorPath;
      return emit(`${id}([${label(name, error ? `Fail: ${error}` : 'Fail')}]):::fail`);
    }
    case 'Map': {
      const processor = state.ItemProcessor ?? state.Iterator;
      if (!processor) throw new Error(`Map state "${name}" has no ItemProcessor or Iterator`);
      emit(`subgraph ${id} [${label(mapTitle(name, state), ...retryHint(state.Retry))}]`);
      renderScope(processor, id, depth + 1, ctx);
      return emit('end');
    }
    case 'Parallel':
      emit(`subgraph ${id} [${label(`${name} (Parallel)`, ...retryHint(state.Retry))}]`);
      state.Branches.forEach((branch, i) => {
        const branchId = ctx.ids.take(`${id}__branch${i + 1}`);
        emit(`  subgraph ${branchId} [${label(`branch ${i + 1}`)}]`);
        renderScope(branch, branchId, depth + 2, ctx);
        emit('  end');
      });
      return emit('end');
    default:
      throw new Error(`State "${name}" has unsupported Type ${(state as { Type: unknown }).Type}`);
  }
}

const CLASS_DEFS = [
  '  classDef succeed fill:#e6f4ea,stroke:#1e8e3e',
  '  classDef fail fill:#fce8e6,stroke:#d93025',
];

/**
 * Renders a state machine as a Mermaid flowchart. Output depends only on the definition
 * (key order included), so README diffs appear only when the ASL changes.
 * @throws when a transition names a state outside its scope or a state type is unsupported.
 */
export function toMermaid(definition: AslDefinition, options: DiagramOptions = {}): string {
  const out: string[] = [];
  if (options.title !== undefined) {
    // A JSON string is also a valid YAML scalar, so any title survives the front-matter.
    out.push('---', `title: ${JSON.stringify(options.title)}`, '---');
  }
  out.push('flowchart TD');
  renderScope(definition, 's', 1, { ids: new Ids(), out });
  out.push(...CLASS_DEFS);
  return `${out.join('\n')}\n`;
}
