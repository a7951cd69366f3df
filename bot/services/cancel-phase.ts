import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { JobnetErrors } from '../../contract/errors';

/**
 * Where a run stands for a cancel, from its first events:
 * - `preparing`: Prepare is looking at the resources; nothing can have changed;
 * - `awaiting-approval`: its plan waits for a decision (the task token ends it as a rejection);
 * - `ending`: its approval was rejected or expired; it ends by itself, nothing changed;
 * - `changing`: it went past its approval, or cannot be told apart from a run that did.
 */
export type CancelPhase =
  | { readonly kind: 'preparing' }
  | { readonly kind: 'awaiting-approval'; readonly taskToken: string }
  | { readonly kind: 'ending' }
  | { readonly kind: 'changing' };

/** The states a run passes before it changes anything; any other one means it may have. */
const BEFORE_CHANGES = new Set([
  'Prepare',
  'Approval',
  'ApprovalWindowEnded',
  'Rejected',
  'Expired',
]);
const APPROVAL_RESOURCE = 'invoke.waitForTaskToken';

/**
 * Classifies a run from its events, oldest first; `complete` says they are the whole history.
 * Pure. Errs towards `changing`, which only asks the person to confirm after seeing where every
 * resource is: a redriven run, a history cut before the approval was reached, and any state past
 * the approval count as changing.
 */
export function cancelPhaseOf(events: readonly HistoryEvent[], complete: boolean): CancelPhase {
  let token: string | undefined;
  let decided = false;
  for (const event of events) {
    const type = event.type ?? '';
    if (type === 'ExecutionRedriven') return { kind: 'changing' };
    if (type.endsWith('StateEntered')) {
      if (!BEFORE_CHANGES.has(event.stateEnteredEventDetails?.name ?? '')) {
        return { kind: 'changing' };
      }
      continue;
    }
    if (event.taskScheduledEventDetails?.resource === APPROVAL_RESOURCE) {
      const parameters = parse(event.taskScheduledEventDetails.parameters);
      token = parameters.Payload?.taskToken;
      continue;
    }
    if (event.taskSucceededEventDetails?.resource === APPROVAL_RESOURCE) {
      return { kind: 'changing' };
    }
    const failed = event.taskFailedEventDetails;
    if (failed?.resource === APPROVAL_RESOURCE) {
      // A rejection ends the run; any other failure (Slack down) is retried with a new token.
      if (failed.error === JobnetErrors.approvalRejected) decided = true;
      token = undefined;
    } else if (event.taskTimedOutEventDetails?.resource === APPROVAL_RESOURCE) {
      decided = true;
      token = undefined;
    }
  }
  if (decided) return { kind: 'ending' };
  if (token) return { kind: 'awaiting-approval', taskToken: token };
  return complete ? { kind: 'preparing' } : { kind: 'changing' };
}

function parse(text: string | undefined): { Payload?: { taskToken?: string } } {
  try {
    return JSON.parse(text ?? '{}') as { Payload?: { taskToken?: string } };
  } catch {
    return {};
  }
}
