import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { RDSClient } from '@aws-sdk/client-rds';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { AppConfig } from '../../config/schema';
import { instrument } from '../../observability/instrument';
import { SlackFunction } from '../../observability/metric-names';
import { createPowertools, type Powertools } from '../../observability/powertools';
import { createAuditTrail } from '../audit/lambda-audit-trail';
import { AuroraWatchState } from '../services/aurora-watch-state';
import { clientForSecret } from '../slack/client-for-secret';
import { createSlackClient } from '../slack/slack-client';
import { slackSecretsLoader } from '../slack/slack-secrets';
import { dailyCheck } from './daily-check';
import { onClusterEvent } from './restart-alert';
import type { AuroraWatchDeps } from './watch-deps';
import { watchInputSchema } from './watch-input';

const powertools = createPowertools();

/**
 * The Aurora watch's Lambda handler: an RDS cluster event from its EventBridge rule, or the
 * daily check from its schedule. Anything else is answered as not the watch's, unread.
 */
export const makeHandler = (deps: Omit<AuroraWatchDeps, 'log'>, tools: Powertools = powertools) =>
  instrument(
    tools,
    async (event: unknown) => {
      const parsed = watchInputSchema.safeParse(event);
      if (!parsed.success) {
        tools.logger.error('Not an event of the Aurora watch', {
          problems: parsed.error.issues.length,
        });
        return { outcome: 'unknown' as const };
      }
      const watch = {
        ...deps,
        log: (message: string, keys?: Record<string, unknown>) =>
          tools.logger.info(message, keys ?? {}),
      };
      if ('kind' in parsed.data) {
        const checks = await dailyCheck(watch);
        tools.logger.info('Daily check done', { checks });
        return { outcome: 'checked' as const, checks };
      }
      const outcome = await onClusterEvent(parsed.data, watch);
      tools.logger.info('RDS event handled', { ...outcome });
      return outcome;
    },
    {
      keys: (event) => {
        const e = event as { detail?: { SourceIdentifier?: unknown } };
        const cluster = e.detail?.SourceIdentifier;
        return typeof cluster === 'string' ? { resource: cluster } : {};
      },
    },
  );

const { tracer } = powertools;
const lambda = tracer.captureAWSv3Client(new LambdaClient({}));
const secrets = slackSecretsLoader(
  tracer.captureAWSv3Client(new SecretsManagerClient({})),
  process.env.SLACK_SECRET_ARN,
);

export const handler = makeHandler({
  config: JSON.parse(process.env.WEBAPP_CHATOPS_CONFIG ?? 'null') as AppConfig,
  rds: tracer.captureAWSv3Client(new RDSClient({})),
  state: new AuroraWatchState(
    tracer.captureAWSv3Client(new DynamoDBClient({})),
    process.env.SCHEDULE_TABLE ?? '',
  ),
  slack: clientForSecret(secrets, (botToken) =>
    createSlackClient(botToken, { ...powertools, functionName: SlackFunction.auroraWatch }),
  ),
  audit: createAuditTrail('aurora-watch', powertools),
  // Asynchronously, as EventBridge Scheduler invokes the starter: its own retries and
  // dead-letter queue cover it from there.
  startRestop: async (firing) => {
    await lambda.send(
      new InvokeCommand({
        FunctionName: process.env.SCHEDULED_RUN_FUNCTION_ARN,
        InvocationType: 'Event',
        Payload: JSON.stringify(firing),
      }),
    );
  },
  now: Date.now,
});
