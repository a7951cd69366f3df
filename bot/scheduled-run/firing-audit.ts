import type { AuditEntry } from '../../contract/audit-record';
import { triggerActor } from '../audit/trigger-actor';
import type { FiredTrigger } from './firing';
import type { Resolved } from './resolve-firing';

/** What one delivery of a firing did. */
export type FiringOutcome =
  | { readonly outcome: 'started'; readonly executionArn: string; readonly runId: string }
  | { readonly outcome: 'skipped'; readonly reason: SkipReason; readonly line?: string }
  | { readonly outcome: 'duplicate'; readonly status: string; readonly executionArn?: string }
  | { readonly outcome: 'unknown'; readonly problem: string };

/** What a firing of something the configuration has did. */
export type HandledFiring = Exclude<FiringOutcome, { outcome: 'unknown' }>;

export type SkipReason =
  | 'held'
  | 'skipped'
  | 'calendar-closed'
  | 'calendar-unreadable'
  | 'run-going'
  | 'not-approved'
  | 'start-failed';

/** Which firing: the occurrence Scheduler fired, or the event (its id, source and type). */
function firingDetail(trigger: FiredTrigger): Record<string, string> {
  if (trigger.kind !== 'event') return { scheduledAt: trigger.scheduledAt };
  return { eventId: trigger.eventId, eventSource: trigger.source, detailType: trigger.detailType };
}

/**
 * The one `firing` record of a delivery: started (with the run), skipped (and why), or a
 * duplicate delivery of a firing already handled (and how it ended). Pure.
 */
export function firingRecord(
  resolved: Pick<Resolved, 'system' | 'jobnet' | 'trigger'>,
  outcome: HandledFiring,
): AuditEntry {
  const base = {
    action: 'firing' as const,
    system: resolved.system.name,
    jobnet: resolved.jobnet,
    actor: triggerActor(resolved.trigger),
    detail: { ...firingDetail(resolved.trigger), policy: resolved.trigger.policy },
  };
  switch (outcome.outcome) {
    case 'started':
      return {
        ...base,
        outcome: 'started',
        runId: outcome.runId,
        executionArn: outcome.executionArn,
      };
    case 'skipped':
      return { ...base, outcome: 'skipped', reason: outcome.reason };
    case 'duplicate':
      return {
        ...base,
        outcome: 'duplicate',
        ...(outcome.executionArn ? { executionArn: outcome.executionArn } : {}),
        detail: { ...base.detail, firstDelivery: outcome.status },
      };
  }
}
