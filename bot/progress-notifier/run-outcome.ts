import { RunOutcome, type RunOutcomeName } from '../../observability/metric-names';
import type { RunProgress, RunStatus } from '../progress-model';

const BY_STATUS: Readonly<Record<Exclude<RunStatus, 'RUNNING'>, RunOutcomeName>> = {
  SUCCEEDED: RunOutcome.succeeded,
  FAILED: RunOutcome.failed,
  TIMED_OUT: RunOutcome.timedOut,
  ABORTED: RunOutcome.aborted,
};

/**
 * The Outcome of RunEnded for an ended run: decisions end it FAILED, but are not failures; a
 * cancel before anything changed (a rejection written as a cancel) counts as aborted, as a
 * cancel after does.
 */
export function runOutcomeOf(
  progress: Pick<RunProgress, 'decision'> & { status: Exclude<RunStatus, 'RUNNING'> },
): RunOutcomeName {
  if (progress.decision?.cancelled) return RunOutcome.aborted;
  const decision = progress.decision?.outcome;
  if (decision) return decision === 'rejected' ? RunOutcome.rejected : RunOutcome.expired;
  return BY_STATUS[progress.status];
}
