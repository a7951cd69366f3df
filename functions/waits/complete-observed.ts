import type { SSMClient } from '@aws-sdk/client-ssm';
import type { WaitItem } from '../../contract/waits';
import { isFinished } from '../run-script/command-result';
import { judgeCommandWait } from './command-verdict';
import { completeWait, type CompleteDeps } from './complete';
import { reachedTarget } from './wait-output';

export interface CompleteObservedDeps extends CompleteDeps {
  readonly ssm: SSMClient;
}

/**
 * Completes a wait whose item already tells how it ended: a command whose end the matcher
 * recorded before the waiter registered (registerCommand returns the item with `observed`).
 * True when this call completed the task; false when there is nothing to complete yet.
 */
export async function completeIfObserved(
  item: WaitItem,
  deps: CompleteObservedDeps,
): Promise<boolean> {
  const seen = item.observed;
  if (!seen || item.token === undefined || item.completedAt !== undefined) return false;
  if (item.kind === 'command') {
    if (!isFinished(seen.state)) return false;
    return completeWait(item, await judgeCommandWait(item, seen.state, deps.ssm), deps);
  }
  const result = seen.state === item.target ? reachedTarget(item) : undefined;
  return result ? completeWait(item, result, deps) : false;
}
