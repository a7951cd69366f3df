import {
  paginateFilterLogEvents,
  type CloudWatchLogsClient,
} from '@aws-sdk/client-cloudwatch-logs';
import { CloudWatchAuditTrail, type AuditTrail } from '../bot/audit/audit-trail';
import { readHistory, type HistoryRead } from '../bot/audit/history-reader';
import type { AuditRecord } from '../contract/audit-record';

/** The local mode's audit log group, as the stack's would be named. */
export const LOCAL_AUDIT_LOG_GROUP = 'WebappChatops-audit';

/**
 * The local mode's audit trail: the audit log group in the simulated account, written by each
 * function through the same CloudWatchAuditTrail as on Lambda (its own stream, PutLogEvents)
 * and read back with FilterLogEvents, as `/webapp history` reads it.
 */
export class LocalAuditLog {
  /** Records a function could not write, and why, as its own log would keep them. */
  readonly lost: { record: AuditRecord; problem: string }[] = [];

  constructor(
    private readonly logs: CloudWatchLogsClient,
    private readonly now: () => number,
    readonly retentionDays: number,
    readonly groupName = LOCAL_AUDIT_LOG_GROUP,
  ) {}

  /** The trail one function writes to, stamped with its source. */
  writer(source: string): AuditTrail {
    return new CloudWatchAuditTrail({
      logs: this.logs,
      groupName: this.groupName,
      source,
      now: () => new Date(this.now()),
      onLost: (record, problem) => this.lost.push({ record, problem }),
    });
  }

  /** Every record in the group, oldest first. */
  async records(): Promise<AuditRecord[]> {
    const records: AuditRecord[] = [];
    for await (const page of paginateFilterLogEvents(
      { client: this.logs },
      { logGroupName: this.groupName },
    )) {
      for (const event of page.events ?? []) {
        records.push(JSON.parse(event.message ?? '{}') as AuditRecord);
      }
    }
    return records;
  }

  /** The newest runs, as the history responder reads them. */
  read(query: { system?: string; count: number }): Promise<HistoryRead> {
    return readHistory(this.logs, this.groupName, {
      ...query,
      now: this.now(),
      retentionDays: this.retentionDays,
    });
  }
}
