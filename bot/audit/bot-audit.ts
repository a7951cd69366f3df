import { AUDIT_TEXT_MAX, type AuditEntry } from '../../contract/audit-record';
import { truncate } from '../blocks/limits';
import type { BotServices } from '../services/bot-services';
import { recordInBudget } from './record-in-budget';
import type { Refusal } from '../listeners/schedule-changes';

/**
 * Writes one record on a request's path within its budget (see recordInBudget): the answer to
 * Slack never waits long for the audit log, and `record()` never throws.
 */
export function audited(
  services: Pick<BotServices, 'audit' | 'budget' | 'logger'>,
  entry: AuditEntry,
): Promise<void> {
  return recordInBudget(services, entry);
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
  services: Pick<BotServices, 'audit' | 'budget' | 'logger'>,
  refusal: Pick<Refusal, 'reason' | 'text'>,
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
