import type { AuditEntry } from '../../contract/audit-record';
import type { RunTrigger } from '../../contract/run-trigger';

/**
 * Who fired a run nobody typed, as every audit record names it: the schedule, `oneoff-<id>`
 * (a one-off run's one-time schedule), or the event trigger.
 */
export function triggerActor(
  trigger: Exclude<RunTrigger, { kind: 'person' }>,
): AuditEntry['actor'] {
  switch (trigger.kind) {
    case 'schedule':
      return { kind: 'schedule', id: trigger.schedule };
    case 'one-off':
      return { kind: 'schedule', id: `oneoff-${trigger.oneOffId}` };
    case 'event':
      return { kind: 'event', id: trigger.trigger };
  }
}
