import type { AuditEntry } from '../../contract/audit-record';
import type { RunProgress } from '../progress-model';
import type { HistoryFold } from './history-progress';
import { triggerActor } from '../audit/trigger-actor';
import type { RunFacts } from './run-records';

/** An audit record the notifier owes a run, with the key that marks it written in the run record. */
export interface OwedRecord {
  /** Kept in the run record's `posted` set once written: `audit#outcome#<attempt>`, … */
  readonly key: string;
  readonly entry: AuditEntry;
}

const OUTCOME_WORDS: Readonly<Record<Exclude<RunProgress['status'], 'RUNNING'>, string>> = {
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  TIMED_OUT: 'timed-out',
  ABORTED: 'aborted',
};

/** Who or what started the run: its trigger, or the person who asked. */
function starterOf(facts: RunFacts): AuditEntry['actor'] {
  const trigger = facts.trigger;
  if (trigger && trigger.kind !== 'person') return triggerActor(trigger);
  if (facts.requestedBy && /^[UW][A-Z0-9]+$/.test(facts.requestedBy)) {
    return { kind: 'person', id: facts.requestedBy };
  }
  return { kind: 'app', id: 'webapp-chatops' };
}

/**
 * The records only the notifier sees, for a run as its history shows it now: an unless-held
 * schedule's or trigger's window that ended with no hold (`decision no-objection`, once per run), an approval
 * nobody decided in time (`decision expired`) and the attempt's end (`outcome`), each once per
 * attempt. The caller writes those whose key the run record does not hold yet. Pure.
 */
export function owedRecords(
  facts: RunFacts,
  fold: Pick<HistoryFold, 'steps' | 'approvedBy'>,
  progress: RunProgress,
): OwedRecord[] {
  const run = {
    system: facts.system,
    jobnet: facts.jobnet,
    executionArn: facts.executionArn,
    runId: facts.executionArn.split(':').at(-1) ?? facts.executionArn,
  };
  const owed: OwedRecord[] = [];
  const trigger = facts.trigger;
  if (
    (trigger?.kind === 'schedule' || trigger?.kind === 'event') &&
    trigger.policy === 'unless-held' &&
    fold.steps.Approval === 'succeeded'
  ) {
    owed.push({
      key: 'audit#no-objection',
      entry: {
        action: 'decision',
        ...run,
        actor: starterOf(facts),
        outcome: 'no-objection',
        detail: {
          approval: 'Approval',
          ...(trigger.holdWindowMinutes ? { holdWindowMinutes: trigger.holdWindowMinutes } : {}),
        },
      },
    });
  }
  if (progress.status === 'RUNNING') return owed;
  const decision = progress.decision;
  if (decision?.outcome === 'expired') {
    owed.push({
      key: `audit#expired#${facts.attempt}`,
      entry: {
        action: 'decision',
        ...run,
        // Nobody decided: the approval's timeout did.
        actor: { kind: 'app', id: 'approval-timeout' },
        outcome: 'expired',
        detail: { approval: decision.step },
      },
    });
  }
  const stoppedAt = progress.stoppedAt;
  owed.push({
    key: `audit#outcome#${facts.attempt}`,
    entry: {
      action: 'outcome',
      ...run,
      actor: starterOf(facts),
      outcome: OUTCOME_WORDS[progress.status],
      detail: {
        attempt: facts.attempt,
        ...(stoppedAt !== undefined
          ? { durationSeconds: Math.round((stoppedAt - facts.startedAt) / 1000) }
          : {}),
        // The error's name only: its cause may quote command output.
        ...(facts.error ? { error: facts.error.slice(0, 100) } : {}),
        ...(fold.approvedBy ? { approvedBy: fold.approvedBy } : {}),
      },
    },
  });
  return owed;
}
