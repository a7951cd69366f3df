import type { InvocationListener } from './sfn/task-bindings';
import type { SimulatedAccount } from './sim-aws';

type Invocation = Parameters<InvocationListener>[0];

/** How late one waiting step noticed its resource reach the target state. */
export interface Detection {
  readonly what: string;
  /** From the step's start to the moment the resource got there. */
  readonly operationMs: number;
  /** From that moment to the step noticing it (returning). */
  readonly delayMs: number;
}

interface Waited {
  resource: string;
  state: string;
}

/**
 * The orchestration overhead of one function invocation: for each waiting step, the time between
 * the resource reaching its target state (from the simulated account's history) and the step
 * returning. Steps that found the resource already there, or that failed, add nothing.
 */
export function detectionDelay(account: SimulatedAccount, invocation: Invocation): Detection[] {
  if (invocation.error) return [];
  const waited = waitedFor(account, invocation);
  return waited.flatMap(({ resource, state }) => {
    const reached = account.reachedAt(resource, state, invocation.startedAt);
    if (reached === undefined || reached > invocation.endedAt) return [];
    return [
      {
        what: `${resource} ${state}`,
        operationMs: reached - invocation.startedAt,
        delayMs: invocation.endedAt - reached,
      },
    ];
  });
}

function waitedFor(
  account: SimulatedAccount,
  { functionArn, event, startedAt, endedAt }: Invocation,
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
