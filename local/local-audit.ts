import { auditRecord, type AuditTrail } from '../bot/audit/audit-trail';
import type { AuditEntry, AuditRecord } from '../contract/audit-record';

/** The local mode's audit trail: every function's records, in the order they were written. */
export class LocalAuditTrail {
  readonly records: AuditRecord[] = [];

  constructor(private readonly now: () => number) {}

  /** The trail one function writes to, stamped with its source. */
  writer(source: string): AuditTrail {
    return {
      record: async (entry: AuditEntry) => {
        this.records.push(auditRecord(entry, source, new Date(this.now())));
      },
    };
  }
}
