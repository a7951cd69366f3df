import {
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { awsErrorCode } from '../../contract/errors';
import type { WaitItem } from '../../contract/waits';
import type { WaitStore } from './wait-store';

/** How a wait ends: the task's output, or an error name and a cause an operator can read. */
export type WaitResult =
  | { readonly ok: true; readonly output: unknown }
  | { readonly ok: false; readonly error: string; readonly cause: string };

export interface CompleteDeps {
  readonly store: WaitStore;
  readonly sfn: SFNClient;
}

/** Step Functions no longer has the task: it timed out, its run ended, or it was sent already. */
const TASK_GONE = new Set(['TaskDoesNotExist', 'TaskTimedOut', 'InvalidToken']);

/** True when SendTask* failed because the task is over: nothing is left to complete. */
export function isTaskGone(error: unknown): boolean {
  return TASK_GONE.has(awsErrorCode(error) ?? '');
}

/**
 * Completes a wait's task exactly once: claims the wait (a conditional write), then sends
 * SendTaskSuccess or SendTaskFailure. A task that is gone is left so. Any other failure to send
 * undoes the claim and is rethrown, so the caller's retry (Lambda's, SQS's, the next sweep's)
 * can complete it. True when this call completed the task.
 */
export async function completeWait(
  item: WaitItem,
  result: WaitResult,
  deps: CompleteDeps,
): Promise<boolean> {
  const taskToken = item.token;
  if (taskToken === undefined) return false;
  const outcome = result.ok ? 'success' : 'failure';
  const claimedAt = deps.store.clock.now();
  if (!(await deps.store.claim(item, outcome, claimedAt))) return false;
  try {
    if (result.ok) {
      const output = JSON.stringify(result.output);
      await deps.sfn.send(new SendTaskSuccessCommand({ taskToken, output }));
    } else {
      const { error, cause } = result;
      await deps.sfn.send(new SendTaskFailureCommand({ taskToken, error, cause }));
    }
    return true;
  } catch (error) {
    if (isTaskGone(error)) return false;
    await deps.store.unclaim({ ...item, completedAt: claimedAt, outcome });
    throw error;
  }
}
