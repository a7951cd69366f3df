import type { AuditEntry } from '../../contract/audit-record';
import type { BotServices } from '../services/bot-services';

/**
 * The longest a Slack request waits for its audit record: PutLogEvents takes tens of
 * milliseconds, and what the request still has to do (tell the channel, update a message) must
 * keep most of its budget when CloudWatch Logs stalls.
 */
export const RECORD_WAIT_MS = 700;

/**
 * Writes an audit record from a Slack request without costing the person their answer: the
 * write starts at once, and the request waits for it at most RECORD_WAIT_MS, within its budget.
 * A write still going then goes on while the container lives; `record()` itself never throws,
 * and keeps in the function's log any record the group did not take.
 */
export async function recordInBudget(
  services: Pick<BotServices, 'audit' | 'budget' | 'logger'>,
  entry: AuditEntry,
): Promise<void> {
  const write = services.audit.record(entry);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), RECORD_WAIT_MS);
  });
  try {
    const done = await services.budget.call('CloudWatch Logs', () => Promise.race([write, late]));
    if (done === 'late') throw new Error('CloudWatch Logs did not answer in time');
  } catch (error) {
    services.logger.warn('Audit record not confirmed before the answer was due', {
      auditAction: entry.action,
      error: (error as Error).message,
    });
  } finally {
    clearTimeout(timer);
  }
}
