import type { SFNClient } from '@aws-sdk/client-sfn';
import type { WaitItem } from '../../contract/waits';
import { completeWait } from './complete';
import { nextPollAt } from './poll-cadence';
import { ensurePollChain, type PollChainDeps } from './poll-chain';
import { clusterReached, instanceReached } from './wait-output';

export interface TargetReachedDeps extends PollChainDeps {
  readonly sfn: SFNClient;
}

/**
 * An instance or cluster wait's resource is at its target, as seen at `seenAt` (an event, the
 * act's response, a look, the sweep). Completes the task — or, for an instance the start jobnet
 * started, moves its waiter on to the status checks (first look a minute after `seenAt`) and
 * makes sure the run's poll chain will look. What this call did: `ignored` when someone else
 * did it first, or the task is gone.
 */
export async function targetReached(
  wait: WaitItem,
  seenAt: number,
  deps: TargetReachedDeps,
): Promise<'completed' | 'moved' | 'ignored'> {
  if (wait.kind === 'instance' && wait.target === 'running' && wait.then === 'status') {
    const status = await deps.store.moveToStatus(wait, seenAt);
    if (!status?.executionArn) return 'ignored';
    const now = deps.clock.now();
    await ensurePollChain(status.executionArn, nextPollAt([status], now) ?? now, deps);
    return 'moved';
  }
  const result =
    wait.kind === 'cluster'
      ? clusterReached(wait, wait.target)
      : instanceReached(wait, wait.target);
  return (await completeWait(wait, result, deps)) ? 'completed' : 'ignored';
}
