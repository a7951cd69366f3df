import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { decisionOf } from '../../contract/errors';
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

interface Entered {
  readonly name: string;
  readonly instanceId?: string;
}

/**
 * Reads a run's progress from its execution history (the same events the state machine logs):
 * which steps ran, finished or failed, and where each instance is inside the Map steps. Pure.
 */
export function progressFromHistory(
  facts: ExecutionFacts,
  catalog: readonly StepSpec[],
  events: readonly HistoryEvent[],
): RunProgress {
  const byId = new Map(events.map((e) => [e.id ?? 0, e]));
  const stepState = new Map<string, StepState>();
  const itemState = new Map<string, { state: StepState; detail: string }>(); // `${map}/${instanceId}`
  const subStepOf = new Map(
    catalog.flatMap((s) => (s.subSteps ?? []).map((sub) => [sub, s] as const)),
  );
  let instanceIds: string[] = [];
  const backupJobIds: string[] = [];
  let failedAt: Entered | undefined;

  for (const event of events) {
    const type = event.type ?? '';
    if (type === 'ExecutionRedriven') {
      // A redrive reruns what failed: earlier failures no longer stand, successes do.
      failedAt = undefined;
      for (const [key, value] of itemState) if (value.state === 'failed') itemState.delete(key);
      for (const [key, value] of stepState) if (value === 'failed') stepState.delete(key);
    } else if (type.endsWith('StateEntered')) {
      const { name, instanceId } = entered(event);
      setState(name, instanceId, 'running');
    } else if (type.endsWith('StateExited')) {
      const name = event.stateExitedEventDetails?.name ?? '';
      const output = parse(event.stateExitedEventDetails?.output);
      if (name === 'Prepare' && Array.isArray(output.instanceIds))
        instanceIds = output.instanceIds as string[];
      const jobId = (output.backup as { BackupJobId?: string } | undefined)?.BackupJobId;
      if (name === 'BackupInstance' && jobId) backupJobIds.push(jobId);
      const dbJobId = (output.dbBackup as { BackupJobId?: string } | undefined)?.BackupJobId;
      if (name === 'BackupDbCluster' && dbJobId) backupJobIds.push(dbJobId);
      setState(
        name,
        typeof output.instanceId === 'string' ? output.instanceId : undefined,
        'succeeded',
      );
    } else if (
      type === 'TaskFailed' ||
      type === 'LambdaFunctionFailed' ||
      type === 'TaskTimedOut'
    ) {
      const state = enteredBefore(byId, event);
      if (state) {
        failedAt = state;
        setState(state.name, state.instanceId, 'failed');
      }
    }
  }

  function setState(name: string, instanceId: string | undefined, state: StepState) {
    const map = subStepOf.get(name);
    if (map && instanceId) {
      const subSteps = map.subSteps ?? [];
      const last = subSteps[subSteps.length - 1] === name;
      const itemDone = state === 'succeeded' && last;
      itemState.set(`${map.name}/${instanceId}`, {
        state: itemDone ? 'succeeded' : state === 'failed' ? 'failed' : 'running',
        detail: name,
      });
      return;
    }
    stepState.set(name, state);
  }

  const ended = facts.status !== 'RUNNING';
  const decision = facts.status === 'FAILED' ? decided(facts) : undefined;
  const decidedAt = decision ? catalog.findIndex((s) => s.name === decision.step) : -1;
  const steps: ProgressStep[] = catalog.map((spec, index) => {
    let state = stepState.get(spec.name) ?? 'pending';
    const items: ProgressItem[] | undefined = spec.subSteps
      ? instanceIds.map((id) => {
          const item = itemState.get(`${spec.name}/${id}`);
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
    if (ended && state === 'running') state = facts.status === 'SUCCEEDED' ? 'succeeded' : 'failed';
    // A run that succeeded without entering a step (an optional approval) skipped it.
    if (facts.status === 'SUCCEEDED' && state === 'pending') state = 'skipped';
    if (decision && index === decidedAt) {
      // The approval task exits normally when its Catch routes the decision on.
      return {
        name: spec.name,
        label: spec.label,
        state: decision.outcome,
        ...(decision.by ? { decidedBy: decision.by } : {}),
      };
    }
    // What a decision left out was not done on purpose: skipped, not pending.
    if (decision && index > decidedAt && state !== 'succeeded') state = 'skipped';
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
    ...(facts.status === 'FAILED' && !decision ? { failure: failure(facts, failedAt) } : {}),
    backupJobIds,
  };
}

function entered(event: HistoryEvent): Entered {
  const details = event.stateEnteredEventDetails;
  const input = parse(details?.input);
  return {
    name: details?.name ?? '',
    ...(typeof input.instanceId === 'string' ? { instanceId: input.instanceId } : {}),
  };
}

/** Follows previousEventId back from a task event to the state it belongs to. */
function enteredBefore(byId: Map<number, HistoryEvent>, event: HistoryEvent): Entered | undefined {
  let current: HistoryEvent | undefined = event;
  for (let hops = 0; current && hops < 10; hops++) {
    if (current.type?.endsWith('StateEntered')) return entered(current);
    current = byId.get(current.previousEventId ?? -1);
  }
  return undefined;
}

/**
 * The decision a FAILED run's error records, with who rejected when the cause names them: the
 * bot rejects with the cause "Rejected by <user id> at <time>", which the Fail state keeps.
 */
function decided(facts: ExecutionFacts): RunDecision | undefined {
  const decision = decisionOf(facts.error);
  if (!decision) return undefined;
  const by =
    decision.outcome === 'rejected'
      ? /^Rejected by (\S+?)(?:\s+at\s|\s*$)/.exec(facts.cause?.trim() ?? '')?.[1]
      : undefined;
  return { ...decision, ...(by ? { by } : {}) };
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
