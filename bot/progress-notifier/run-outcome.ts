import { JobnetErrors } from '../../contract/errors';
import { RunOutcome, type RunOutcomeName } from '../../observability/metric-names';
import type { RunStatus } from '../progress-model';

/** Decisions end a run as FAILED, but they are not failures. */
const DECIDED = new Map<string, RunOutcomeName>([
  [JobnetErrors.approvalRejected, RunOutcome.rejected],
  [JobnetErrors.reopenRejected, RunOutcome.rejected],
  [JobnetErrors.approvalExpired, RunOutcome.expired],
  [JobnetErrors.reopenExpired, RunOutcome.expired],
]);

const BY_STATUS: Readonly<Record<Exclude<RunStatus, 'RUNNING'>, RunOutcomeName>> = {
  SUCCEEDED: RunOutcome.succeeded,
  FAILED: RunOutcome.failed,
  TIMED_OUT: RunOutcome.timedOut,
  ABORTED: RunOutcome.aborted,
};

/** The Outcome of RunEnded for a run that ended with this status and error. */
export function runOutcomeOf(
  status: Exclude<RunStatus, 'RUNNING'>,
  error: string | undefined,
): RunOutcomeName {
  return (error !== undefined ? DECIDED.get(error) : undefined) ?? BY_STATUS[status];
}
