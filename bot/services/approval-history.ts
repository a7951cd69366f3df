import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { JobnetErrors } from '../../contract/errors';
import { tokenDigest, type ApprovalState } from '../blocks/approval-ref';

/** How an approval task ended. */
export type ApprovalOutcome =
  | { readonly kind: 'approved'; readonly by?: string; readonly at?: number }
  | { readonly kind: 'rejected'; readonly by?: string; readonly at?: number }
  | { readonly kind: 'expired'; readonly at?: number }
  | { readonly kind: 'failed'; readonly error?: string; readonly at?: number };

/** One approval task of a run, as its history tells it. */
export interface ApprovalTask {
  readonly state: ApprovalState;
  /** The digest its message's buttons carry (approval-ref.ts). */
  readonly attempt: string;
  readonly taskToken: string;
  readonly requestedAt?: number;
  /** Absent while it waits. */
  readonly outcome?: ApprovalOutcome;
}

const APPROVAL_RESOURCE = 'invoke.waitForTaskToken';

/**
 * Reads a run's approval tasks from its history, fed newest event first (the order a click
 * reads it in, stopping as soon as it knows enough). An outcome event points back, through
 * previousEventId, to the task it ends; the chain is followed down to its TaskScheduled.
 * Pure: no client, no clock.
 */
export class ApprovalScan {
  /** Newest first. */
  readonly tasks: ApprovalTask[] = [];
  private readonly pending = new Map<number, ApprovalOutcome>();

  add(event: HistoryEvent): void {
    const outcome = outcomeOf(event);
    if (outcome) {
      this.pending.set(event.previousEventId ?? -1, outcome);
      return;
    }
    const id = event.id ?? -1;
    const inherited = this.pending.get(id);
    if (inherited) this.pending.delete(id);
    const scheduled = event.taskScheduledEventDetails;
    const payload =
      event.type === 'TaskScheduled' && scheduled?.resource === APPROVAL_RESOURCE
        ? (JSON.parse(scheduled.parameters ?? '{}') as { Payload?: Payload }).Payload
        : undefined;
    // The jobnets' waits are callback tasks too: their payloads name a step, an approval's not.
    if (payload && payload.step === undefined) {
      const taskToken = payload?.taskToken ?? '';
      this.tasks.push({
        state: payload?.stage === 'reopen' ? 'ApproveReopen' : 'Approval',
        attempt: tokenDigest(taskToken),
        taskToken,
        requestedAt: event.timestamp?.getTime(),
        ...(inherited ? { outcome: inherited } : {}),
      });
    } else if (inherited && event.previousEventId !== undefined) {
      this.pending.set(event.previousEventId, inherited);
    }
  }

  /** The approval waiting for a decision, if any: the newest task without an outcome. */
  waiting(): ApprovalTask | undefined {
    const newest = this.tasks[0];
    return newest && !newest.outcome ? newest : undefined;
  }

  /** The task a button names, once the scan has reached it. */
  find(state: ApprovalState, attempt: string): ApprovalTask | undefined {
    return this.tasks.find((t) => t.state === state && t.attempt === attempt);
  }
}

interface Payload {
  taskToken?: string;
  stage?: string;
  /** A wait's payload names its step (StopInstance…); an approval requester's never does. */
  step?: string;
}

function outcomeOf(event: HistoryEvent): ApprovalOutcome | undefined {
  const at = event.timestamp?.getTime();
  const succeeded = event.taskSucceededEventDetails;
  if (succeeded?.resource === APPROVAL_RESOURCE) {
    const output = parse(succeeded.output) as { approvedBy?: unknown };
    return { kind: 'approved', ...by(output.approvedBy), at };
  }
  const failed = event.taskFailedEventDetails;
  if (failed?.resource === APPROVAL_RESOURCE) {
    if (failed.error === JobnetErrors.approvalRejected) {
      return { kind: 'rejected', ...by(/Rejected by (\S+)/.exec(failed.cause ?? '')?.[1]), at };
    }
    return { kind: 'failed', error: failed.error, at };
  }
  if (event.taskTimedOutEventDetails?.resource === APPROVAL_RESOURCE)
    return { kind: 'expired', at };
  return undefined;
}

function by(who: unknown): { by?: string } {
  return typeof who === 'string' && who ? { by: who } : {};
}

function parse(text: string | undefined): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text ?? '{}');
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
