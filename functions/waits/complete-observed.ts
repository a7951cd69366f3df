import type { SSMClient } from '@aws-sdk/client-ssm';
import type { WaitItem } from '../../contract/waits';
import { isFinished } from '../run-script/command-result';
import { judgeCommandWait } from './command-verdict';
import { completeWait, type CompleteDeps } from './complete';

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
  // Only a command's end is kept across registration; other waits' registration overwrites.
  const seen = item.kind === 'command' ? item.observed : undefined;
  if (!seen || !isFinished(seen.state)) return false;
  if (item.token === undefined || item.completedAt !== undefined) return false;
  return completeWait(item, await judgeCommandWait(item, seen.state, deps.ssm), deps);
}
