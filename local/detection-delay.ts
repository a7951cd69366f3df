import type { TaskRecord } from './sfn/task-bindings';
import type { SimulatedAccount } from './sim-aws';

/** How late one waiting step noticed its resource reach the target state. */
export interface Detection {
  readonly what: string;
  /** From the step's start to the moment the resource got there. */
  readonly operationMs: number;
  /** From that moment to the step noticing it (its task completing). */
  readonly delayMs: number;
  /** The moment the resource got there (epoch ms, the account's clock). */
  readonly reachedAt: number;
}

/**
 * One step as the detection measure sees it, whichever record it came from: the function it
 * invoked with which event, from the step's start to the moment the step was done.
 */
export interface StepSpan {
  readonly functionArn: string;
  readonly event: unknown;
  readonly startedAt: number;
  readonly endedAt: number;
}

interface Waited {
  resource: string;
  state: string;
}

/**
 * How late a waiting step noticed its resource, from the task's record: the operation
 * runs from the task being scheduled to the resource reaching its target, the delay from there
 * to the task's completion (its token's success arriving). Tasks that did not succeed, or invoke no function, add
 * nothing.
 */
export function taskDetectionDelay(account: SimulatedAccount, task: TaskRecord): Detection[] {
  const span = spanOfTask(task);
  return span ? detectionsOf(account, span) : [];
}

/** A succeeded Lambda task's span, from its scheduling to its completion. */
export function spanOfTask(task: TaskRecord): StepSpan | undefined {
  if (task.completedAt === undefined) return undefined;
  if (!task.resource.startsWith('arn:aws:states:::lambda:invoke')) return undefined;
  const { FunctionName, Payload } = (task.parameters ?? {}) as Record<string, unknown>;
  if (typeof FunctionName !== 'string') return undefined;
  return {
    functionArn: FunctionName,
    event: Payload,
    startedAt: task.scheduledAt,
    endedAt: task.completedAt,
  };
}

/** For each resource the step waited for: when it got there, and how long the step took to see it. */
function detectionsOf(account: SimulatedAccount, span: StepSpan): Detection[] {
  return waitedFor(account, span).flatMap(({ resource, state }) => {
    const reached = account.reachedAt(resource, state, span.startedAt);
    if (reached === undefined || reached > span.endedAt) return [];
    return [
      {
        what: `${resource} ${state}`,
        operationMs: reached - span.startedAt,
        delayMs: span.endedAt - reached,
        reachedAt: reached,
      },
    ];
  });
}

function waitedFor(
  account: SimulatedAccount,
  { functionArn, event, startedAt, endedAt }: StepSpan,
): Waited[] {
  const e = event as Record<string, string>;
  const fn = functionArn.slice(
    functionArn.lastIndexOf('webapp-chatops-') + 'webapp-chatops-'.length,
  );
  switch (fn) {
    case 'instance-power':
      return e.action === 'stop'
        ? [{ resource: e.instanceId, state: 'stopped' }]
        : [{ resource: `${e.instanceId}/status-checks`, state: 'ok' }];
    case 'db-cluster':
      return [{ resource: e.clusterId, state: e.action === 'stop' ? 'stopped' : 'available' }];
    case 'target-health': {
      // Done when the last target turned healthy.
      const group = account.snapshot().targetGroups.find((g) => g.arn === e.targetGroupArn);
      const last = (group?.targets ?? [])
        .map((t) => ({
          id: t.id,
          at: account.reachedAt(`${t.id}/target-health`, 'healthy', startedAt) ?? 0,
        }))
        .sort((a, b) => b.at - a.at)[0];
      return last ? [{ resource: `${last.id}/target-health`, state: 'healthy' }] : [];
    }
    case 'run-script': {
      const command = account
        .snapshot()
        .commands.find(
          (c) =>
            Date.parse(c.sentAt) >= startedAt &&
            Date.parse(c.sentAt) <= endedAt &&
            c.invocations.some((i) => i.instanceId === e.instanceId),
        );
      const invocation = command?.invocations.find((i) => i.instanceId === e.instanceId);
      return command && invocation
        ? [{ resource: `${command.commandId}/${e.instanceId}`, state: invocation.status }]
        : [];
    }
    default:
      return [];
  }
}
