import { auditRecord, type AuditTrail } from '../../bot/audit/audit-trail';
import type { AuditEntry, AuditRecord } from '../../contract/audit-record';

/** An audit trail that keeps its records in memory, as stored, for a test to read back. */
export class MemoryAuditTrail implements AuditTrail {
  readonly records: AuditRecord[] = [];

  constructor(
    private readonly source = 'test',
    private readonly now: () => Date = () => new Date(),
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    this.records.push(auditRecord(entry, this.source, this.now()));
  }
}
