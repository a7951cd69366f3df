import type { DescribeExecutionOutput, HistoryEvent } from '@aws-sdk/client-sfn';
import { decisionAt, decisionOf, JobnetErrors } from '../../contract/errors';
import { cancelledBy } from '../cancel-cause';
import type { StepSpec } from '../../contract/jobnet-steps';
import type {
  ProgressItem,
  ProgressStep,
  RunDecision,
  RunFailure,
  RunProgress,
  StepState,
} from '../progress-model';

/** What DescribeExecution says about the run, beside its history. */
export type ExecutionFacts = Pick<
  RunProgress,
  'jobnet' | 'system' | 'executionArn' | 'status' | 'startedAt' | 'stoppedAt'
> & { readonly error?: string; readonly cause?: string };

/** The facts of a run as DescribeExecution answered; the state machine's name tells the jobnet. */
export function executionFacts(execution: DescribeExecutionOutput, system: string): ExecutionFacts {
  return {
    jobnet: execution.stateMachineArn?.endsWith('-start') ? 'start' : 'stop',
    system,
    executionArn: execution.executionArn ?? '',
    status: (execution.status ?? 'RUNNING') as RunProgress['status'],
    startedAt: execution.startDate?.getTime() ?? 0,
    ...(execution.stopDate ? { stoppedAt: execution.stopDate.getTime() } : {}),
    ...(execution.error !== undefined ? { error: execution.error } : {}),
    ...(execution.cause !== undefined ? { cause: execution.cause } : {}),
  };
}

interface Entered {
  readonly name: string;
  readonly instanceId?: string;
}

/**
 * What a run's history has said so far, folded event by event, so a delivery reads only the
 * events after `position` and folds them on top. Plain JSON: a run record keeps it.
 */
export interface HistoryFold {
  /** The id of the newest event folded in; 0 before any. */
  readonly position: number;
  /** When AWS recorded the newest event folded in. */
  readonly changedAt?: number;
  readonly steps: Readonly<Record<string, StepState>>;
  /** Where each instance is inside a Map step, by `${map}/${instanceId}`. */
  readonly items: Readonly<Record<string, { readonly state: StepState; readonly detail: string }>>;
  readonly instanceIds: readonly string[];
  readonly backupJobIds: readonly string[];
  /** The state the run's latest task failure happened in. */
  readonly failedAt?: Entered;
  /**
   * Approvals decided against (rejected, expired), by step: the approval task fails with the
   * decision and its Catch leaves the step normally, which alone would read as done.
   */
  readonly decided: Readonly<Record<string, RunDecision>>;
  /**
   * Who or what approved the run's first approval, as the Approval (or NoObjection) state's
   * output says: a Slack user id, or `schedule <name>`. For the run's audit record.
   */
  readonly approvedBy?: string;
  /** The Task states under way, by the id of their TaskStateEntered event. */
  readonly tasks: Readonly<Record<string, Entered>>;
  /**
   * For each event of a Task state under way, the id of the state's TaskStateEntered: a failure
   * event names no state, but its previousEventId chain leads back to the entry. Dropped when
   * the state exits, so it stays as small as the number of tasks under way.
   */
  readonly chain: Readonly<Record<string, number>>;
  /** What StopExecution said when the run was stopped: a cancel names who did it. */
  readonly aborted?: { readonly error?: string; readonly cause?: string };
}

/** The fold of an empty history. */
export const EMPTY_FOLD: HistoryFold = {
  position: 0,
  steps: {},
  items: {},
  instanceIds: [],
  backupJobIds: [],
  decided: {},
  tasks: {},
  chain: {},
};

/**
 * The definitions' Pass states that record an unless-held window ending unheld: a schedule's,
 * an event trigger's.
 */
export const NO_OBJECTION_STATES: readonly string[] = ['NoObjection', 'NoObjectionToTrigger'];

const TASK_FAILURES = new Set(['TaskFailed', 'LambdaFunctionFailed', 'TaskTimedOut']);

/**
 * Folds history events (oldest first) on top of `fold`: which steps ran, finished or failed,
 * and where each instance is inside the Map steps. Events at or before its position are
 * already in it and are passed over. Pure.
 */
export function foldHistory(
  fold: HistoryFold,
  catalog: readonly StepSpec[],
  events: readonly HistoryEvent[],
): HistoryFold {
  const subStepOf = new Map(
    catalog.flatMap((s) => (s.subSteps ?? []).map((sub) => [sub, s] as const)),
  );
  const steps = { ...fold.steps };
  const items = { ...fold.items };
  const decided = { ...fold.decided };
  const tasks = { ...fold.tasks };
  const chain = { ...fold.chain };
  let { position, changedAt, instanceIds, failedAt, aborted, approvedBy } = fold;
  const backupJobIds = [...fold.backupJobIds];

  const setState = (name: string, instanceId: string | undefined, state: StepState) => {
    const map = subStepOf.get(name);
    if (map && instanceId) {
      const subSteps = map.subSteps ?? [];
      const itemDone = state === 'succeeded' && subSteps[subSteps.length - 1] === name;
      items[`${map.name}/${instanceId}`] = {
        state: itemDone ? 'succeeded' : state === 'failed' ? 'failed' : 'running',
        detail: name,
      };
      return;
    }
    steps[name] = state;
  };

  for (const event of events) {
    const id = event.id ?? 0;
    if (id <= position) continue;
    position = id;
    const at = event.timestamp?.getTime();
    if (at !== undefined && (changedAt === undefined || at > changedAt)) changedAt = at;
    const type = event.type ?? '';
    const task = chain[String(event.previousEventId ?? -1)];
    if (type === 'ExecutionAborted') {
      const details = event.executionAbortedEventDetails;
      aborted = {
        ...(details?.error ? { error: details.error } : {}),
        ...(details?.cause ? { cause: details.cause } : {}),
      };
    } else if (type === 'ExecutionRedriven') {
      // A redrive reruns what failed: earlier failures no longer stand, successes do.
      failedAt = undefined;
      aborted = undefined;
      for (const [key, value] of Object.entries(items)) {
        if (value.state === 'failed') delete items[key];
      }
      for (const [key, value] of Object.entries(steps)) if (value === 'failed') delete steps[key];
      for (const key of Object.keys(decided)) delete decided[key];
      // The tasks it reruns are entered anew.
      for (const key of Object.keys(tasks)) delete tasks[key];
      for (const key of Object.keys(chain)) delete chain[key];
    } else if (type.endsWith('StateEntered')) {
      const state = entered(event);
      if (NO_OBJECTION_STATES.includes(state.name)) {
        // An unless-held window ended without a hold: that timeout was its approval.
        delete decided.Approval;
        steps.Approval = 'succeeded';
        continue;
      }
      if (type === 'TaskStateEntered') {
        tasks[String(id)] = state;
        chain[String(id)] = id;
      }
      setState(state.name, state.instanceId, 'running');
    } else if (type.endsWith('StateExited')) {
      const name = event.stateExitedEventDetails?.name ?? '';
      const output = parse(event.stateExitedEventDetails?.output);
      if (name === 'Prepare' && Array.isArray(output.instanceIds)) {
        instanceIds = output.instanceIds as string[];
      }
      const approval = output.approval as { approvedBy?: unknown } | undefined;
      if (
        (name === 'Approval' || NO_OBJECTION_STATES.includes(name)) &&
        typeof approval?.approvedBy === 'string'
      ) {
        approvedBy = approval.approvedBy;
      }
      const jobId = (output.backup as { BackupJobId?: string } | undefined)?.BackupJobId;
      if (name === 'BackupInstance' && jobId) backupJobIds.push(jobId);
      const dbJobId = (output.dbBackup as { BackupJobId?: string } | undefined)?.BackupJobId;
      if (name === 'BackupDbCluster' && dbJobId) backupJobIds.push(dbJobId);
      setState(
        name,
        typeof output.instanceId === 'string' ? output.instanceId : undefined,
        'succeeded',
      );
      if (task !== undefined) {
        delete tasks[String(task)];
        for (const [key, owner] of Object.entries(chain)) if (owner === task) delete chain[key];
      }
    } else if (task !== undefined) {
      chain[String(id)] = task;
      const state = tasks[String(task)];
      if (type === 'TaskScheduled' && state) {
        // A new attempt (a Retry) of a task that failed: the step runs again.
        if (failedAt?.name === state.name && failedAt.instanceId === state.instanceId) {
          failedAt = undefined;
        }
        setState(state.name, state.instanceId, 'running');
      } else if (TASK_FAILURES.has(type) && state) {
        const failed =
          event.taskFailedEventDetails ??
          event.lambdaFunctionFailedEventDetails ??
          event.taskTimedOutEventDetails;
        const error = failed?.error ?? (type === 'TaskTimedOut' ? 'States.Timeout' : undefined);
        const decision = decisionAt(state.name, error);
        if (decision) {
          decided[state.name] = withDecider(decision, failed?.cause);
        } else {
          failedAt = state;
          setState(state.name, state.instanceId, 'failed');
        }
      }
    }
  }

  return {
    position,
    ...(changedAt !== undefined ? { changedAt } : {}),
    steps,
    items,
    instanceIds,
    backupJobIds,
    ...(failedAt ? { failedAt } : {}),
    ...(approvedBy !== undefined ? { approvedBy } : {}),
    decided,
    tasks,
    chain,
    ...(aborted ? { aborted } : {}),
  };
}

/**
 * The run's progress as people see it, from its folded history and what DescribeExecution
 * says: every step of the catalogue with its state, the instances inside Map steps, and how
 * the run ended — a failure, or a decision at an approval. Pure.
 */
export function progressOf(
  facts: ExecutionFacts,
  catalog: readonly StepSpec[],
  fold: HistoryFold,
): RunProgress {
  const ended = facts.status !== 'RUNNING';
  const decision = facts.status === 'FAILED' ? decided(facts) : undefined;
  const decidedAt = decision ? catalog.findIndex((s) => s.name === decision.step) : -1;
  const steps: ProgressStep[] = catalog.map((spec, index) => {
    let state = fold.steps[spec.name] ?? 'pending';
    const items: ProgressItem[] | undefined = spec.subSteps
      ? fold.instanceIds.map((id) => {
          const item = fold.items[`${spec.name}/${id}`];
          const itemStateNow = item?.state ?? 'pending';
          // An item cut short when the run ended is shown as not done, not as running.
          const shown: StepState = ended && itemStateNow === 'running' ? 'pending' : itemStateNow;
          return {
            id,
            state: shown,
            ...(item && shown !== 'succeeded' ? { detail: item.detail } : {}),
          };
        })
      : undefined;
    if (items?.some((i) => i.state === 'failed')) state = 'failed';
    if (ended && state === 'running') state = endedWhileRunning(facts.status);
    // A run that succeeded without entering a step (an optional approval) skipped it.
    if (facts.status === 'SUCCEEDED' && state === 'pending') state = 'skipped';
    // Shown as soon as the history has it, before the run ends on it.
    const decidedHere = index === decidedAt ? decision : fold.decided[spec.name];
    if (decidedHere) {
      return {
        name: spec.name,
        label: spec.label,
        state: decidedHere.outcome,
        ...(decidedHere.by ? { decidedBy: decidedHere.by } : {}),
        ...(decidedHere.cancelled ? { cancelled: true } : {}),
      };
    }
    // What a decision left out was not done, on purpose: skipped, no instance listed as to do.
    if (decision && index > decidedAt && state !== 'succeeded') {
      return { name: spec.name, label: spec.label, state: 'skipped' };
    }
    return { name: spec.name, label: spec.label, state, ...(items ? { items } : {}) };
  });

  return {
    jobnet: facts.jobnet,
    system: facts.system,
    executionArn: facts.executionArn,
    status: facts.status,
    startedAt: facts.startedAt,
    ...(facts.stoppedAt ? { stoppedAt: facts.stoppedAt } : {}),
    steps,
    ...(decision ? { decision } : {}),
    ...(facts.status === 'FAILED' && !decision ? { failure: failure(facts, fold.failedAt) } : {}),
    ...(facts.status === 'ABORTED' && fold.aborted?.error === JobnetErrors.cancelled
      ? { cancelled: withCanceller(fold.aborted.cause) }
      : {}),
    backupJobIds: fold.backupJobIds,
  };
}

/** What a step under way became when the run ended: done, failed, or cut short (stopped). */
function endedWhileRunning(status: RunProgress['status']): StepState {
  if (status === 'SUCCEEDED') return 'succeeded';
  return status === 'ABORTED' ? 'stopped' : 'failed';
}

function withCanceller(cause: string | undefined): { by?: string } {
  const by = cancelledBy(cause);
  return by ? { by } : {};
}

/** A run's progress from its whole execution history (the same events the state machine logs). */
export function progressFromHistory(
  facts: ExecutionFacts,
  catalog: readonly StepSpec[],
  events: readonly HistoryEvent[],
): RunProgress {
  return progressOf(facts, catalog, foldHistory(EMPTY_FOLD, catalog, events));
}

function entered(event: HistoryEvent): Entered {
  const details = event.stateEnteredEventDetails;
  const input = parse(details?.input);
  return {
    name: details?.name ?? '',
    ...(typeof input.instanceId === 'string' ? { instanceId: input.instanceId } : {}),
  };
}

/**
 * The decision a FAILED run's error records, with who rejected when the cause names them: the
 * bot rejects with the cause "Rejected by <user id> at <time>", which the Fail state keeps.
 */
function decided(facts: ExecutionFacts): RunDecision | undefined {
  const decision = decisionOf(facts.error);
  return decision && withDecider(decision, facts.cause);
}

/** A decision with who rejected, when the cause names them. */
function withDecider(
  { step, outcome }: Pick<RunDecision, 'step' | 'outcome'>,
  cause: string | undefined,
): RunDecision {
  // A cancel before anything changed is a rejection the bot writes as "Cancelled by …".
  const canceller = outcome === 'rejected' ? cancelledBy(cause) : undefined;
  const by =
    outcome === 'rejected'
      ? (canceller ?? /^Rejected by (\S+?)(?:\s+at\s|\s*$)/.exec(cause?.trim() ?? '')?.[1])
      : undefined;
  return { step, outcome, ...(by ? { by } : {}), ...(canceller ? { cancelled: true } : {}) };
}

/** The failure as an operator reads it: Lambda causes carry the function's own message. */
function failure(facts: ExecutionFacts, at: Entered | undefined): RunFailure {
  const error = facts.error ?? 'States.Runtime';
  const raw = facts.cause ?? '';
  const lambda = parse(raw);
  const cause = typeof lambda.errorMessage === 'string' ? lambda.errorMessage : raw;
  const resource =
    at?.instanceId ??
    /\b(i-[0-9a-f]{8,17})\b/.exec(cause)?.[1] ??
    /DB cluster ([A-Za-z][A-Za-z0-9-]*)/.exec(cause)?.[1];
  return {
    step: at?.name ?? 'unknown step',
    ...(resource ? { resource } : {}),
    error,
    cause,
  };
}

function parse(text: string | undefined): Record<string, unknown> {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
