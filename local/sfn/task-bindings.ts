import type { SimulatedAccount } from '../sim-aws';
import { callIntegration, isSupportedIntegration } from './sdk-integration';
import type { TaskTokenBroker } from './task-tokens';
import { namedError } from './named-error';

/** A task function as the local runner calls it: the Lambda event in, the result out. */
export type LocalFunction = (event: never) => Promise<unknown>;

/** Notified of each function invocation, for counting and tracing. */
export type InvocationListener = (record: {
  functionArn: string;
  stateName: string;
  event: unknown;
  startedAt: number;
  endedAt: number;
  result?: unknown;
  error?: Error;
}) => void;

/**
 * What the runner notes about each task attempt it schedules, for the execution history: the
 * interpreter reports states, not the tasks inside them (their parameters, the callback's
 * submission, the result).
 */
export interface TaskRecord {
  /** The execution's redrive count when the task was scheduled: 0 for the first run. */
  readonly run: number;
  readonly stateName: string;
  /** The Task's Resource ARN. */
  readonly resource: string;
  /** The effective parameters, the minted task token in place of `$$.Task.Token`. */
  readonly parameters: unknown;
  readonly timeoutSeconds?: number;
  readonly scheduledAt: number;
  /** A callback task's function has returned; the task now waits for its token. */
  submitted?: { readonly at: number; readonly output: unknown };
  /** The task's result, once it succeeded. */
  output?: unknown;
  /** When the task succeeded (its output arrived), on the service's clock. */
  completedAt?: number;
}

export interface BindingContext {
  readonly account: SimulatedAccount;
  /** Local functions by the ARN the definition names. */
  readonly functions: Readonly<Record<string, LocalFunction>>;
  readonly tokens: TaskTokenBroker;
  readonly executionArn: string;
  /** The one `$$.Task.Token` the interpreter hands out per run; swapped for a fresh one per task. */
  readonly contextToken: string;
  readonly onInvoke?: InvocationListener;
  /**
   * Outcomes of callback tasks already settled in this execution. A redrive resumes after the
   * approval on the service; the local rerun passes the same gate with the same decision.
   */
  readonly settled: Map<string, unknown>;
  /**
   * The functions whose callback is such a gate (the approval requesters). Other callback tasks
   * (the waits) run again on a rerun: they find their resource already there and complete.
   */
  readonly gates: ReadonlySet<string>;
  /** The execution's task records; each task attempt adds one. */
  readonly tasks: TaskRecord[];
  /** Which run of the execution this is (its redrive count). */
  readonly run: number;
  /** The service's clock, for the records' times. */
  readonly now: () => number;
}

type Handler = (input: unknown) => Promise<unknown>;
interface TaskLike {
  Type: string;
  Resource?: string;
  TimeoutSeconds?: number | string;
  TimeoutSecondsPath?: string;
  ItemProcessor?: { States: Record<string, TaskLike> };
  Iterator?: { States: Record<string, TaskLike> };
  Branches?: { States: Record<string, TaskLike> }[];
}

/**
 * Binds every Task state of a definition (Map and Parallel bodies included) to local code,
 * by its Resource: Lambda invokes call the local function, `.waitForTaskToken` also waits on
 * the token broker, and `aws-sdk:*` integrations call the simulated account. A Task this runner
 * cannot bind fails here, before the run, rather than halfway through it.
 */
export function bindTasks(
  definition: { States: Record<string, TaskLike> },
  ctx: BindingContext,
): Record<string, Handler> {
  const handlers: Record<string, Handler> = {};
  for (const [name, state] of allStates(definition.States)) {
    if (state.Type !== 'Task') continue;
    handlers[name] = bindOne(name, state, ctx);
  }
  return handlers;
}

function* allStates(states: Record<string, TaskLike>): Generator<[string, TaskLike]> {
  for (const entry of Object.entries(states)) {
    yield entry;
    const [, state] = entry;
    const body = state.ItemProcessor ?? state.Iterator;
    if (body) yield* allStates(body.States);
    for (const branch of state.Branches ?? []) yield* allStates(branch.States);
  }
}

/**
 * The timeout of a task that reads it from its input (`TimeoutSecondsPath`). A task handler here
 * sees only its Parameters, not the state input the path points into, so such a task must also
 * pass the value as `Payload.timeoutSeconds` (the approval requester shows it); a test holds the
 * definitions to that, so this reads the same number Step Functions does.
 */
function pathTimeout(state: TaskLike, payload: unknown): number | undefined {
  if (state.TimeoutSecondsPath === undefined) return undefined;
  const seconds = (payload as { timeoutSeconds?: unknown } | undefined)?.timeoutSeconds;
  if (typeof seconds !== 'number' || !(seconds > 0)) {
    throw new Error(`A TimeoutSecondsPath task must pass its timeout as Payload.timeoutSeconds`);
  }
  return seconds;
}

function bindOne(name: string, state: TaskLike, ctx: BindingContext): Handler {
  const resource = state.Resource ?? '';
  const timeoutSeconds =
    state.TimeoutSeconds === undefined ? undefined : Number(state.TimeoutSeconds);
  const record = (parameters: unknown, seconds = timeoutSeconds): TaskRecord => {
    const task: TaskRecord = {
      run: ctx.run,
      stateName: name,
      resource,
      parameters,
      ...(seconds === undefined ? {} : { timeoutSeconds: seconds }),
      scheduledAt: ctx.now(),
    };
    ctx.tasks.push(task);
    return task;
  };
  if (resource === 'arn:aws:states:::lambda:invoke') {
    return async (input) => {
      const task = record(input);
      return succeed(task, invokeResult(await invoke(name, input, ctx)), ctx);
    };
  }
  if (resource === 'arn:aws:states:::lambda:invoke.waitForTaskToken') {
    return async (input) => {
      const { Payload, FunctionName } = input as { Payload: unknown; FunctionName: string };
      const gate = ctx.gates.has(FunctionName);
      if (gate && ctx.settled.has(name)) return ctx.settled.get(name);
      const seconds = pathTimeout(state, Payload) ?? timeoutSeconds;
      const token = ctx.tokens.open(
        ctx.executionArn,
        name,
        Payload,
        (seconds ?? 99_999_999) * 1000,
      );
      const withToken = replaceString(input, ctx.contextToken, token);
      const task = record(withToken, seconds);
      try {
        const response = await invoke(name, withToken, ctx);
        task.submitted = { at: ctx.now(), output: invokeResult(response) };
      } catch (error) {
        // The request never went out: nobody holds this token, and a retry mints another.
        ctx.tokens.retire(token);
        throw error;
      }
      const output = succeed(task, await ctx.tokens.wait(token), ctx);
      if (gate) ctx.settled.set(name, output);
      return output;
    };
  }
  if (resource.startsWith('arn:aws:states:::aws-sdk:') && isSupportedIntegration(resource)) {
    return async (input) => {
      const task = record(input);
      const output = await callIntegration(ctx.account, resource, input as Record<string, unknown>);
      return succeed(task, output, ctx);
    };
  }
  throw new Error(`State ${name}: no local binding for Resource ${resource}`);
}

/** Notes a task's result and when it arrived; returns the result. */
function succeed(task: TaskRecord, output: unknown, ctx: BindingContext): unknown {
  task.output = output;
  task.completedAt = ctx.now();
  return output;
}

/** What `lambda:invoke` returns: Lambda's Invoke response around the function's result. */
function invokeResult(payload: unknown) {
  return { ExecutedVersion: '$LATEST', StatusCode: 200, Payload: payload };
}

async function invoke(stateName: string, input: unknown, ctx: BindingContext): Promise<unknown> {
  const { FunctionName, Payload } = input as { FunctionName: string; Payload: unknown };
  const fn = ctx.functions[FunctionName];
  if (!fn)
    throw namedError('Lambda.ResourceNotFoundException', `Function not found: ${FunctionName}`);
  const startedAt = Date.now();
  // A JSON round trip each way, as Lambda serialises events and results.
  const event = JSON.parse(JSON.stringify(Payload ?? null)) as never;
  try {
    const raw = await fn(event);
    const result = raw === undefined ? null : (JSON.parse(JSON.stringify(raw)) as unknown);
    ctx.onInvoke?.({
      functionArn: FunctionName,
      stateName,
      event,
      startedAt,
      endedAt: Date.now(),
      result,
    });
    return result;
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    ctx.onInvoke?.({
      functionArn: FunctionName,
      stateName,
      event,
      startedAt,
      endedAt: Date.now(),
      error: err,
    });
    // Step Functions names a function error by its errorType and carries Lambda's JSON as Cause.
    throw namedError(
      err.name,
      JSON.stringify({ errorType: err.name, errorMessage: err.message, trace: [] }),
    );
  }
}

function replaceString(value: unknown, from: string, to: string): unknown {
  if (value === from) return to;
  if (Array.isArray(value)) return value.map((v) => replaceString(v, from, to));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, replaceString(v, from, to)]),
    );
  }
  return value;
}
