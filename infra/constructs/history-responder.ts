import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { AuditTrail } from './audit-trail';
import { JobnetFunction } from './jobnet-function';

export interface HistoryResponderProps {
  /** The audit log group it reads, and nothing else. */
  readonly auditTrail: AuditTrail;
  /** The group's retention: the reader goes no further back. */
  readonly retentionDays: number;
  readonly logRetention: logs.RetentionDays;
  readonly code?: lambda.Code;
}

/**
 * The function the bot hands `/webapp history` to (asynchronously): it reads the audit log
 * group with FilterLogEvents and answers through the command's response URL. Its role may read
 * that one group, and write only its own log.
 */
export class HistoryResponder extends Construct {
  readonly handler: JobnetFunction;

  constructor(scope: Construct, id: string, props: HistoryResponderProps) {
    super(scope, id);
    this.handler = new JobnetFunction(this, 'History', {
      entry: 'bot/history-responder/handler.ts',
      description: '/webapp history: reads the audit trail and answers through the response URL',
      // The reading gives up after 20 s and answers with what it has.
      timeout: Duration.seconds(60),
      logRetention: props.logRetention,
      environment: {
        AUDIT_LOG_GROUP: props.auditTrail.logGroup.logGroupName,
        AUDIT_RETENTION_DAYS: String(props.retentionDays),
      },
      permissions: props.auditTrail.readPermissions(),
      code: props.code,
    });
    // It answers failures itself; a retry would answer twice, a late answer helps nobody.
    this.handler.function.configureAsyncInvoke({
      retryAttempts: 0,
      maxEventAge: Duration.minutes(5),
    });
  }
}
