import {
  StateMachine,
  type RunOptions,
  type StateMachineDefinition,
} from 'aws-local-stepfunctions';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import type { JobnetName } from '../../contract/jobnets';
import type { StateMachineScope } from '../../statemachines/asl-types';
import type { SimulatedAccount } from '../sim-aws';
import { historyOf } from './history';
import { namedError } from './named-error';
import { stateLayout, type StateInfo } from './state-layout';
import {
  bindTasks,
  type InvocationListener,
  type LocalFunction,
  type TaskRecord,
} from './task-bindings';
import { globalTimer, TaskTokenBroker, type Timer } from './task-tokens';

/** One entry of the interpreter's event log (the package does not export the type). */
export type EventLog =
  ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;
type LocalHandlers = NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers'];

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';

/** One execution, with the fields DescribeExecution would give and the interpreter's event log. */
export interface LocalExecution {
  readonly executionArn: string;
  readonly name: string;
  readonly jobnet: JobnetName;
  readonly input: unknown;
  readonly startDate: number;
  readonly events: EventLog[];
  status: ExecutionStatus;
  stopDate?: number;
  output?: unknown;
  error?: string;
  cause?: string;
  /** How many times the execution was redriven (emulated locally as a rerun). */
  redriveCount: number;
  redriveDate?: number;
  /** What StopExecution gave as the reason, once it stopped the execution. */
  stoppedWith?: { error?: string; cause?: string };
  /** Callback tasks (the approval) settled so far, by state name; a redrive does not ask again. */
  readonly settled: Map<string, unknown>;
  /** Every task attempt of every run, for the history. */
  readonly tasks: TaskRecord[];
  /** Settles when the execution ends; never rejects. */
  done: Promise<void>;
}

export interface LocalStepFunctionsOptions {
  readonly account: SimulatedAccount;
  /** Rendered definitions (every placeholder substituted). */
  readonly definitions: Record<JobnetName, string>;
  readonly functions: Readonly<Record<string, LocalFunction>>;
  readonly tokens?: TaskTokenBroker;
  /**
   * The service's clock: execution dates, history timestamps and task timeouts follow it.
   * Default: the global Date and timers (wall-clock time, or a test's virtual time).
   */
  readonly clock?: { readonly now: () => number; readonly timer: Timer };
  readonly onInvoke?: InvocationListener;
  readonly onEvent?: (execution: LocalExecution, event: EventLog) => void;
  /** Callback functions whose decision a rerun reuses (see BindingContext.gates). */
  readonly gates?: readonly string[];
}

/** An execution name that is already taken, named as the Step Functions API names it. */
export class ExecutionAlreadyExists extends Error {
  override readonly name = 'ExecutionAlreadyExists';
}

/**
 * Step Functions on one machine: runs the jobnets' real definitions on aws-local-stepfunctions
 * with every Task bound to local code, and keeps executions as the service would
 * (StartExecution is idempotent for the same name and input while the run is going).
 */
export class LocalStepFunctions {
  readonly tokens: TaskTokenBroker;
  private readonly executions = new Map<string, LocalExecution>();
  private readonly aborts = new Map<string, () => void>();
  private readonly now: () => number;
  private readonly layouts: Record<JobnetName, ReadonlyMap<string, StateInfo>>;

  constructor(private readonly options: LocalStepFunctionsOptions) {
    const clock = options.clock ?? { now: () => Date.now(), timer: globalTimer };
    this.now = clock.now;
    this.tokens = options.tokens ?? new TaskTokenBroker(clock.timer);
    const layout = (jobnet: JobnetName) =>
      stateLayout(JSON.parse(options.definitions[jobnet]) as StateMachineScope);
    this.layouts = { stop: layout('stop'), start: layout('start') };
  }

  stateMachineArn(jobnet: JobnetName): string {
    const { region, accountId } = this.options.account;
    return `arn:aws:states:${region}:${accountId}:stateMachine:webapp-chatops-${jobnet}`;
  }

  startExecution(jobnet: JobnetName, request: { name: string; input: unknown }): LocalExecution {
    const executionArn = this.stateMachineArn(jobnet)
      .replace(':stateMachine:', ':execution:')
      .concat(`:${request.name}`);
    const existing = this.executions.get(executionArn);
    if (existing) {
      const sameInput = JSON.stringify(existing.input) === JSON.stringify(request.input);
      if (existing.status === 'RUNNING' && sameInput) return existing;
      throw new ExecutionAlreadyExists(`Execution Already Exists: '${executionArn}'`);
    }
    const execution: LocalExecution = {
      executionArn,
      name: request.name,
      jobnet,
      input: request.input,
      startDate: this.now(),
      events: [],
      status: 'RUNNING',
      redriveCount: 0,
      settled: new Map(),
      tasks: [],
      done: Promise.resolve(),
    };
    this.executions.set(executionArn, execution);
    this.run(execution);
    return execution;
  }

  /**
   * RedriveExecution, emulated: the local interpreter cannot resume mid-run, so the same input
   * runs again from the top under the same execution (its history grows, as the service's
   * does). Every step being idempotent, what already happened is skipped or repeated harmlessly;
   * the approval already given is not asked for again, as on the service.
   */
  redriveExecution(executionArn: string): LocalExecution {
    const execution = this.executions.get(executionArn);
    if (!execution)
      throw namedError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    if (execution.status !== 'FAILED') {
      throw namedError('ExecutionNotRedrivable', `Execution is ${execution.status}, not FAILED`);
    }
    Object.assign(execution, {
      status: 'RUNNING',
      error: undefined,
      cause: undefined,
      stopDate: undefined,
      stoppedWith: undefined,
    });
    execution.redriveCount += 1;
    execution.redriveDate = this.now();
    this.tokens.reopenExecution(executionArn);
    this.run(execution);
    return execution;
  }

  /** Stops every running execution (for shutting the local mode down). */
  abortAll(): void {
    for (const execution of this.executions.values()) {
      if (execution.status !== 'RUNNING') continue;
      this.aborts.get(execution.executionArn)?.();
      this.tokens.closeExecution(execution.executionArn);
    }
  }

  /**
   * StopExecution: a running execution ends ABORTED with `error` and `cause` in its history; one
   * that has already ended is left as it is. Returns when it stopped (or stops now).
   */
  stopExecution(executionArn: string, reason: { error?: string; cause?: string }): number {
    const execution = this.executions.get(executionArn);
    if (!execution)
      throw namedError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    if (execution.status !== 'RUNNING') return execution.stopDate ?? this.now();
    // Stopped when StopExecution answers, as on the service; the interpreter winds down after.
    execution.status = 'ABORTED';
    execution.stoppedWith = {
      ...(reason.error ? { error: reason.error } : {}),
      ...(reason.cause ? { cause: reason.cause } : {}),
    };
    this.aborts.get(executionArn)?.();
    this.tokens.closeExecution(executionArn);
    return this.now();
  }

  describeExecution(executionArn: string): LocalExecution | undefined {
    return this.executions.get(executionArn);
  }

  listExecutions(jobnet?: JobnetName): LocalExecution[] {
    return [...this.executions.values()].filter((e) => !jobnet || e.jobnet === jobnet);
  }

  /** The execution's history, as GetExecutionHistory returns it (oldest first). */
  history(execution: LocalExecution): HistoryEvent[] {
    return historyOf(execution, this.layouts[execution.jobnet]);
  }

  private run(execution: LocalExecution): void {
    const { jobnet, executionArn, name } = execution;
    const definition = JSON.parse(this.options.definitions[jobnet]) as StateMachineDefinition;
    const contextToken = `context-token-${name}`;
    const handlers = bindTasks(definition as never, {
      account: this.options.account,
      functions: this.options.functions,
      tokens: this.tokens,
      executionArn,
      contextToken,
      onInvoke: this.options.onInvoke,
      settled: execution.settled,
      gates: new Set(this.options.gates ?? []),
      tasks: execution.tasks,
      run: execution.redriveCount,
      now: this.now,
    });
    const clockNow = this.now;
    const machine = new StateMachine(withoutTimeoutPaths(definition), {
      validationOptions: { checkArn: false },
    });
    const run = machine.run(JSON.parse(JSON.stringify(execution.input)), {
      overrides: { taskResourceLocalHandlers: handlers as LocalHandlers },
      context: {
        Execution: {
          Id: executionArn,
          Name: name,
          StartTime: new Date(execution.startDate).toISOString(),
        },
        Task: { Token: contextToken },
        // The interpreter keeps no per-state context; read when a state uses it, this is the
        // time that state runs, on the service's clock (as Step Functions' own EnteredTime).
        State: {
          get EnteredTime() {
            return new Date(clockNow()).toISOString();
          },
        },
      },
    });
    this.aborts.set(executionArn, run.abort);
    const collect = (async () => {
      for await (const event of run.eventLogs) {
        // The interpreter stamps events with Date.now(); the service's clock may be another
        // (the local mode's simulated one). Events arrive here within the same tick.
        event.timestamp = this.now();
        execution.events.push(event);
        this.options.onEvent?.(execution, event);
      }
    })();
    const finished = run.result.then(
      (output) => {
        execution.status = 'SUCCEEDED';
        execution.output = output;
      },
      (error: unknown) => {
        this.tokens.closeExecution(executionArn);
        if (error instanceof Error && error.name === 'ExecutionAbortedError') {
          execution.status = 'ABORTED';
          return;
        }
        const cause =
          error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
        execution.status = 'FAILED';
        execution.error = cause?.name ?? 'States.Runtime';
        execution.cause = cause?.message ?? String(error);
      },
    );
    execution.done = Promise.all([finished, collect]).then(() => {
      execution.stopDate = this.now();
    });
  }
}

/**
 * The definition as the interpreter is given it: a `TimeoutSecondsPath` becomes a bound no run
 * reaches. The interpreter reads that path from the task's Parameters output (Step Functions
 * reads it from the state input) and so fails the task; the task bindings enforce the real
 * timeout on the run's clock instead (see task-bindings.ts).
 */
/** 20 days: longer than any approval waits, and within setTimeout's 2^31 ms (past it fires at once). */
const NEVER_SECONDS = 20 * 86_400;

function withoutTimeoutPaths(definition: StateMachineDefinition): StateMachineDefinition {
  return JSON.parse(JSON.stringify(definition), (_key, value: unknown) => {
    if (value && typeof value === 'object' && 'TimeoutSecondsPath' in value) {
      const { TimeoutSecondsPath: _path, ...rest } = value as Record<string, unknown>;
      return { ...rest, TimeoutSeconds: NEVER_SECONDS };
    }
    return value;
  }) as StateMachineDefinition;
}
