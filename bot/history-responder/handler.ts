import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { instrument } from '../../observability/instrument';
import { createPowertools, type Powertools } from '../../observability/powertools';
import { readHistory } from '../audit/history-reader';
import { postToResponseUrl } from '../status-responder/system-status';
import { reportHistory, type HistoryEvent, type HistoryReportDeps } from './history-report';

const powertools = createPowertools();

/**
 * Builds the Lambda handler around injected dependencies; logs and metrics go to `tools`. The
 * response URL in the event is never logged: it lets anyone answer the command for 30 minutes.
 */
export const makeHandler = (deps: HistoryReportDeps, tools: Powertools = powertools) =>
  instrument(
    tools,
    async (event: HistoryEvent) => {
      const read = await reportHistory(event, deps);
      tools.logger.info('History answered', {
        count: event.count,
        runs: read?.runs.length,
        filterCalls: read?.calls,
        partial: read?.partial,
      });
    },
    { keys: (event) => ({ system: event.system }) },
  );

const logs = powertools.tracer.captureAWSv3Client(new CloudWatchLogsClient({ maxAttempts: 3 }));

export const handler = makeHandler({
  read: (query) =>
    readHistory(logs, process.env.AUDIT_LOG_GROUP ?? '', {
      ...query,
      now: Date.now(),
      retentionDays: Number(process.env.AUDIT_RETENTION_DAYS ?? '731'),
    }),
  post: postToResponseUrl,
});
