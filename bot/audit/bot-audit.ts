import { AUDIT_TEXT_MAX, type AuditEntry } from '../../contract/audit-record';
import { truncate } from '../blocks/limits';
import type { BotServices } from '../services/bot-services';
import type { Refusal } from '../listeners/schedule-changes';

/**
 * Writes one record on a request's path within its budget: the answer to Slack never waits
 * past its deadline for the audit log (a write still under way then finishes, or is logged as
 * lost, on its own), and `record()` never throws.
 */
export async function audited(
  services: Pick<BotServices, 'audit' | 'budget'>,
  entry: AuditEntry,
): Promise<void> {
  await services.budget
    .call('CloudWatch Logs', () => services.audit.record(entry), { final: true })
    .catch(() => undefined);
}

/** Free text as a record keeps it: at most AUDIT_TEXT_MAX characters. */
export function auditText(text: string): string {
  return truncate(text, AUDIT_TEXT_MAX);
}

/** What a refusal is recorded with: who, which system and verb, what they were told and why. */
export interface RefusalContext {
  readonly user: string;
  /** The verb asked for: stop, start, cancel, hold, … */
  readonly command: string;
  readonly system?: string;
  readonly jobnet?: 'stop' | 'start';
  readonly executionArn?: string;
}

/** The `refusal` record of a request or click the bot refused. */
export function recordRefusal(
  services: Pick<BotServices, 'audit' | 'budget'>,
  refusal: Refusal,
  context: RefusalContext,
): Promise<void> {
  return audited(services, {
    action: 'refusal',
    actor: { kind: 'person', id: context.user },
    outcome: 'refused',
    ...(context.system ? { system: context.system } : {}),
    ...(context.jobnet ? { jobnet: context.jobnet } : {}),
    ...(context.executionArn ? { executionArn: context.executionArn } : {}),
    reason: auditText(refusal.text),
    detail: { refusal: refusal.reason, command: auditText(context.command) },
  });
}
