import {
  CreateLogStreamCommand,
  PutLogEventsCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
  type CloudWatchLogsClient,
} from '@aws-sdk/client-cloudwatch-logs';
import { randomUUID } from 'node:crypto';
import {
  auditEntrySchema,
  redactSecrets,
  type AuditEntry,
  type AuditRecord,
} from '../../contract/audit-record';

/** Where each function writes what it saw; tests and the local mode read it back. */
export interface AuditTrail {
  /**
   * Writes one record. It never throws: a record that cannot be written is logged in full by
   * `onLost` (the function's own log, with a metric), so the action it describes is not undone
   * by an audit outage and the record is still findable.
   */
  record(entry: AuditEntry): Promise<void>;
}

export interface AuditLogOptions {
  readonly logs: CloudWatchLogsClient;
  readonly groupName: string;
  /** The function writing, e.g. `bot` or `scheduled-run`: the record's `source`. */
  readonly source: string;
  readonly now: () => Date;
  /** Called with a record that could not be written, and why. */
  readonly onLost: (record: AuditRecord, problem: string) => void;
}

/** Builds the stored record: validated, stamped, free text scrubbed of anything token-like. */
export function auditRecord(entry: AuditEntry, source: string, at: Date): AuditRecord {
  const parsed = auditEntrySchema.parse(entry);
  const detail = parsed.detail
    ? Object.fromEntries(
        Object.entries(parsed.detail).map(([k, v]) => [
          k,
          typeof v === 'string' ? redactSecrets(v) : v,
        ]),
      )
    : undefined;
  return {
    schema: 1,
    at: at.toISOString(),
    source,
    ...parsed,
    ...(parsed.reason !== undefined ? { reason: redactSecrets(parsed.reason) } : {}),
    ...(detail ? { detail } : {}),
  };
}

/**
 * The audit trail in a dedicated CloudWatch Logs log group. Each container writes its own
 * stream (`<source>/<date>/<uuid>`), created on first use, so writers never contend for one.
 */
export class CloudWatchAuditTrail implements AuditTrail {
  private readonly streamName: string;
  private streamReady: Promise<void> | undefined;

  constructor(private readonly options: AuditLogOptions) {
    const day = options.now().toISOString().slice(0, 10).replace(/-/g, '/');
    this.streamName = `${options.source}/${day}/${randomUUID()}`;
  }

  async record(entry: AuditEntry): Promise<void> {
    const record = auditRecord(entry, this.options.source, this.options.now());
    try {
      await this.put(record);
    } catch (error) {
      this.streamReady = undefined;
      this.options.onLost(record, `${(error as Error).name}: ${(error as Error).message}`);
    }
  }

  private async put(record: AuditRecord): Promise<void> {
    await (this.streamReady ??= this.createStream());
    const command = new PutLogEventsCommand({
      logGroupName: this.options.groupName,
      logStreamName: this.streamName,
      logEvents: [{ timestamp: Date.parse(record.at), message: JSON.stringify(record) }],
    });
    try {
      await this.options.logs.send(command);
    } catch (error) {
      // The stream may have been deleted under a warm container: make it again, once.
      if (!(error instanceof ResourceNotFoundException)) throw error;
      await this.createStream();
      await this.options.logs.send(command);
    }
  }

  private async createStream(): Promise<void> {
    try {
      await this.options.logs.send(
        new CreateLogStreamCommand({
          logGroupName: this.options.groupName,
          logStreamName: this.streamName,
        }),
      );
    } catch (error) {
      if (!(error instanceof ResourceAlreadyExistsException)) throw error;
    }
  }
}
