import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { countAuditRecordLost } from '../../observability/app-metrics';
import type { Powertools } from '../../observability/powertools';
import { CloudWatchAuditTrail } from './audit-trail';

/**
 * A Lambda function's audit trail: the log group the stack names in `AUDIT_LOG_GROUP`, a
 * client traced like the others. A record the group did not take goes to the function's own
 * log in full, with a metric the stack alarms on, so it is late but not lost.
 */
export function createAuditTrail(source: string, tools: Powertools): CloudWatchAuditTrail {
  return new CloudWatchAuditTrail({
    logs: tools.tracer.captureAWSv3Client(new CloudWatchLogsClient({ maxAttempts: 3 })),
    groupName: process.env.AUDIT_LOG_GROUP ?? '',
    source,
    now: () => new Date(),
    onLost: (record, problem) => {
      tools.logger.error('Audit record not written', { auditRecord: record, problem });
      countAuditRecordLost(tools.metrics);
    },
  });
}
