import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { isTaskGone } from '../waits/complete';
import type { WaitsRuntime } from '../waits/waits-from-env';
import { retryTransient } from './transient';

/** What a waiting step's function needs to record its wait and complete it early. */
export type WaitDeps = WaitsRuntime;

/** The fields every waiting step's payload carries (see the definitions). */
export interface CallbackTaskEvent {
  readonly taskToken: string;
  readonly executionArn: string;
  readonly runId: string;
  readonly system: string;
  readonly step: string;
  /** Step Functions times the task out after this (TimeoutSecondsPath, the same value). */
  readonly timeoutSeconds: number;
}

/** The waiter's half of a wait's record: the task's token, its run, its step and its bound. */
export function waiterOf(e: CallbackTaskEvent) {
  return {
    token: e.taskToken,
    executionArn: e.executionArn,
    runId: e.runId,
    system: e.system,
    step: e.step,
    timeoutSeconds: e.timeoutSeconds,
  };
}

/**
 * Completes a step that had nothing to wait for (a stopped instance skipped on a rerun) without
 * recording a wait. A token Step Functions no longer knows is a step already over.
 */
export async function succeedNow(token: string, output: unknown, deps: WaitDeps): Promise<void> {
  try {
    await retryTransient(
      () =>
        deps.sfn.send(
          new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output) }),
        ),
      deps.clock,
    );
  } catch (error) {
    if (!isTaskGone(error)) throw error;
  }
}

/** What a waiting step's function returns (Step Functions ignores it; the log line shows it). */
export interface Registered {
  readonly step: string;
  readonly resource: string;
  /** `completed`: done at once; `waiting`: an event, poll or sweep completes it. */
  readonly outcome: 'completed' | 'waiting';
  readonly seen: string;
}

/** The fields of a waiting step's one log line: whether it completed at once, and what it saw. */
export function registeredSummary(result: Registered): Record<string, unknown> {
  return { outcome: result.outcome, seen: result.seen };
}
