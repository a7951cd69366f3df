import type { HistoryEvent, HistoryEventType } from '@aws-sdk/client-sfn';
import type { EventLog, LocalExecution } from './local-step-functions';
import { resourceParts, type StateInfo } from './state-layout';
import type { TaskRecord } from './task-bindings';

type Details = Omit<HistoryEvent, 'id' | 'previousEventId' | 'timestamp' | 'type'>;
type StateEvent = Extract<EventLog, { state: unknown }>;
type StateFailedEvent = Extract<EventLog, { type: 'StateFailed' }>;
type IterationEvent = Extract<EventLog, { type: `MapIteration${string}` }>;

const NOT_TRUNCATED = { truncated: false };

/** A state entered and not yet exited, in one lane (the top level, a Map iteration, a branch). */
interface OpenState {
  readonly lane: string;
  readonly name: string;
  readonly info: StateInfo;
  readonly input: unknown;
  /** The state's latest event: the next one of the same state points back to it. */
  lastId: number;
  /** The task attempt now running, when the runner recorded one. */
  task?: TaskRecord;
  attemptEnded: boolean;
  failed: boolean;
}

/**
 * The execution history Step Functions would return (GetExecutionHistory), rebuilt from the
 * interpreter's event log and the runner's task records, with the service's event types and
 * details: `<Type>StateEntered/Exited`; TaskScheduled (resource, region, parameters — the token
 * of a callback task among them — and timeoutInSeconds), TaskStarted, TaskSubmitted for a
 * callback whose function returned, TaskSucceeded, TaskFailed or TaskTimedOut; MapStateStarted
 * and MapIteration* events; Parallel and Execution events; ExecutionRedriven before a rerun.
 * Ids count from 1; each event's previousEventId is the event before it in the same state, Map
 * iteration or branch, so a task's failure leads back to the state it failed in.
 */
export function historyOf(
  execution: LocalExecution,
  layout: ReadonlyMap<string, StateInfo>,
): HistoryEvent[] {
  const writer = new HistoryWriter(execution, layout);
  for (const event of execution.events) writer.add(event);
  return writer.events;
}

class HistoryWriter {
  readonly events: HistoryEvent[] = [];
  private run = -1;
  private readonly lanes = new Map<string, number>();
  private readonly open = new Map<string, OpenState>();
  private readonly claimed = new Set<TaskRecord>();
  private readonly region: string;

  constructor(
    private readonly execution: LocalExecution,
    private readonly layout: ReadonlyMap<string, StateInfo>,
  ) {
    this.region = execution.executionArn.split(':')[3];
  }

  add(e: EventLog): void {
    switch (e.type) {
      case 'ExecutionStarted':
        return this.started(e.timestamp, e.input);
      case 'StateEntered':
        return this.entered(e);
      case 'StateFailed':
        return this.failed(e);
      case 'StateRetried':
        return this.retried(e);
      case 'StateExited':
        return this.exited(e);
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed':
        return this.iteration(e);
      case 'ExecutionSucceeded':
        this.push('ExecutionSucceeded', e.timestamp, this.last, {
          executionSucceededEventDetails: { output: json(e.output), outputDetails: NOT_TRUNCATED },
        });
        return;
      case 'ExecutionFailed':
        this.push('ExecutionFailed', e.timestamp, this.last, {
          executionFailedEventDetails: { error: e.Error, cause: text(e.Cause) },
        });
        return;
      case 'ExecutionAborted':
        // StopExecution's error and cause, as the service records them.
        this.push('ExecutionAborted', e.timestamp, this.last, {
          executionAbortedEventDetails: { ...this.execution.stoppedWith },
        });
        return;
      case 'ExecutionTimeout':
        this.push('ExecutionTimedOut', e.timestamp, this.last, {
          executionTimedOutEventDetails: {},
        });
        return;
      default:
        // Parallel branches have no events of their own in the service's history.
        return;
    }
  }

  /** The first start, or a second one: the local emulation of a redrive reruns the input. */
  private started(at: number, input: unknown): void {
    this.run += 1;
    this.lanes.clear();
    this.open.clear();
    const id =
      this.run === 0
        ? this.push('ExecutionStarted', at, 0, {
            executionStartedEventDetails: { input: json(input), inputDetails: NOT_TRUNCATED },
          })
        : this.push('ExecutionRedriven', at, this.last, {
            executionRedrivenEventDetails: { redriveCount: this.run },
          });
    this.lanes.set('top', id);
  }

  private entered(e: StateEvent): void {
    const info = this.layout.get(e.state.name);
    if (!info) return;
    const lane = laneOf(info, e.index);
    const type = info.state.Type;
    const id = this.push(`${type}StateEntered`, e.timestamp, this.lanes.get(lane) ?? this.last, {
      stateEnteredEventDetails: {
        name: e.state.name,
        input: json(e.state.input),
        inputDetails: NOT_TRUNCATED,
      },
    });
    const open: OpenState = {
      lane,
      name: e.state.name,
      info,
      input: e.state.input,
      lastId: id,
      attemptEnded: false,
      failed: false,
    };
    this.open.set(`${lane}|${e.state.name}`, open);
    this.lanes.set(lane, id);
    if (info.state.Type === 'Task') this.schedule(open);
    if (info.state.Type === 'Map') {
      const length = itemCount(info.state.ItemsPath, e.state.input);
      this.step(open, 'MapStateStarted', e.timestamp, {
        mapStateStartedEventDetails: length === undefined ? {} : { length },
      });
    }
    if (info.state.Type === 'Parallel') {
      const started = this.step(open, 'ParallelStateStarted', e.timestamp);
      info.state.Branches.forEach((_, branch) =>
        this.lanes.set(`${e.state.name}/${branch}`, started),
      );
    }
  }

  /** TaskScheduled and TaskStarted (and TaskSubmitted) of the attempt now running, if recorded. */
  private schedule(open: OpenState): void {
    const task = this.claim(open);
    if (!task) return;
    open.task = task;
    open.attemptEnded = false;
    const parts = resourceParts(task.resource);
    this.step(open, 'TaskScheduled', task.scheduledAt, {
      taskScheduledEventDetails: {
        ...parts,
        region: this.region,
        parameters: json(task.parameters),
        ...(task.timeoutSeconds === undefined ? {} : { timeoutInSeconds: task.timeoutSeconds }),
      },
    });
    this.step(open, 'TaskStarted', task.scheduledAt, { taskStartedEventDetails: parts });
    if (task.submitted) {
      this.step(open, 'TaskSubmitted', task.submitted.at, {
        taskSubmittedEventDetails: {
          ...parts,
          output: json(task.submitted.output),
          outputDetails: NOT_TRUNCATED,
        },
      });
    }
  }

  private failed(e: StateFailedEvent): void {
    const open = this.open.get(this.keyOf(e));
    if (!open) return;
    open.failed = true;
    if (open.info.state.Type === 'Task' && open.task && !open.attemptEnded) {
      open.attemptEnded = true;
      const parts = resourceParts(open.task.resource);
      if (e.Error === 'States.Timeout') {
        // The service names the error and gives no cause.
        this.step(open, 'TaskTimedOut', e.timestamp, {
          taskTimedOutEventDetails: { ...parts, error: e.Error },
        });
      } else {
        this.step(open, 'TaskFailed', e.timestamp, {
          taskFailedEventDetails: { ...parts, error: e.Error, cause: text(e.Cause) },
        });
      }
    }
    if (open.info.state.Type === 'Map') this.step(open, 'MapStateFailed', e.timestamp);
    if (open.info.state.Type === 'Parallel') this.step(open, 'ParallelStateFailed', e.timestamp);
  }

  /** A Retry: the same state schedules its task again. */
  private retried(e: StateEvent): void {
    const open = this.open.get(this.keyOf(e));
    if (!open || open.info.state.Type !== 'Task') return;
    open.failed = false;
    this.schedule(open);
  }

  private exited(e: StateEvent): void {
    const key = this.keyOf(e);
    const open = this.open.get(key);
    if (!open) return;
    const type = open.info.state.Type;
    if (type === 'Task' && open.task && !open.attemptEnded) {
      this.step(open, 'TaskSucceeded', e.timestamp, {
        taskSucceededEventDetails: {
          ...resourceParts(open.task.resource),
          output: json(open.task.output),
          outputDetails: NOT_TRUNCATED,
        },
      });
    }
    if (type === 'Map' && !open.failed) this.step(open, 'MapStateSucceeded', e.timestamp);
    if (type === 'Parallel' && !open.failed) this.step(open, 'ParallelStateSucceeded', e.timestamp);
    this.step(open, `${type}StateExited` as HistoryEventType, e.timestamp, {
      stateExitedEventDetails: {
        name: e.state.name,
        output: json(e.state.output),
        outputDetails: NOT_TRUNCATED,
      },
    });
    this.open.delete(key);
  }

  private iteration(e: IterationEvent): void {
    const { name } = e.parentState;
    const info = this.layout.get(name);
    const map = info && this.open.get(`${laneOf(info)}|${name}`);
    const lane = `${name}#${e.index}`;
    const details = { name, index: e.index };
    if (e.type === 'MapIterationStarted') {
      const id = this.push(e.type, e.timestamp, map?.lastId ?? this.last, {
        mapIterationStartedEventDetails: details,
      });
      this.lanes.set(lane, id);
      return;
    }
    const id = this.push(e.type, e.timestamp, this.lanes.get(lane) ?? this.last, {
      ...(e.type === 'MapIterationSucceeded'
        ? { mapIterationSucceededEventDetails: details }
        : { mapIterationFailedEventDetails: details }),
    });
    this.lanes.set(lane, id);
    if (map) map.lastId = id;
  }

  /**
   * The recorded attempt of this state in this run not yet shown. Iterations of a Map run the
   * same state side by side: the attempt whose parameters carry this entry's input values is it.
   */
  private claim(open: OpenState): TaskRecord | undefined {
    const inputs = new Set(leaves(open.input));
    let best: { task: TaskRecord; score: number } | undefined;
    for (const task of this.execution.tasks) {
      if (task.run !== this.run || task.stateName !== open.name || this.claimed.has(task)) continue;
      const score = leaves(task.parameters).filter((leaf) => inputs.has(leaf)).length;
      if (!best || score > best.score) best = { task, score };
    }
    if (best) this.claimed.add(best.task);
    return best?.task;
  }

  private keyOf(e: StateEvent): string {
    const info = this.layout.get(e.state.name);
    return `${info ? laneOf(info, e.index) : 'top'}|${e.state.name}`;
  }

  /** An event of an open state, chained to the state's previous one. */
  private step(open: OpenState, type: HistoryEventType, at: number, details: Details = {}) {
    const id = this.push(type, at, open.lastId, details);
    open.lastId = id;
    this.lanes.set(open.lane, id);
    return id;
  }

  private get last(): number {
    return this.events.length;
  }

  private push(type: HistoryEventType, at: number, previousEventId: number, details: Details) {
    const id = this.events.length + 1;
    // Interpreter events are stamped as they reach the runner, a moment after the task records
    // of the same instant: keep the history in time order, as the service's is.
    const before = this.events.at(-1)?.timestamp?.getTime() ?? at;
    this.events.push({
      id,
      previousEventId,
      timestamp: new Date(Math.max(at, before)),
      type,
      ...details,
    });
    return id;
  }
}

/** The lane a state's events run in; `index` is the Map iteration the interpreter names. */
function laneOf(info: StateInfo, index?: number): string {
  const { scope } = info;
  if (scope.kind === 'map') return `${scope.map}#${index ?? 0}`;
  if (scope.kind === 'branch') return `${scope.parallel}/${scope.branch}`;
  return 'top';
}

/** How many items a Map iterates over, for a plain `$.a.b` ItemsPath (or the whole input). */
function itemCount(itemsPath: string | undefined, input: unknown): number | undefined {
  let value = input;
  for (const key of (itemsPath ?? '$').split('.').slice(1)) {
    value =
      value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  }
  return Array.isArray(value) ? value.length : undefined;
}

/** Every string and number in a JSON value, for telling Map iterations apart. */
function leaves(value: unknown): string[] {
  if (typeof value === 'string' || typeof value === 'number') return [String(value)];
  if (value && typeof value === 'object') return Object.values(value).flatMap(leaves);
  return [];
}

const json = (value: unknown) => JSON.stringify(value ?? null);
const text = (cause: unknown) => (typeof cause === 'string' ? cause : JSON.stringify(cause ?? ''));
