import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { systemClock } from '../../contract/clock';
import { JOBNET_STEPS } from '../../contract/jobnet-steps';
import { instrument } from '../../observability/instrument';
import { SlackFunction } from '../../observability/metric-names';
import { createPowertools, type Powertools } from '../../observability/powertools';
import { createAuditTrail } from '../audit/lambda-audit-trail';
import { runKeysOf } from '../run-name';
import { clientForSecret } from '../slack/client-for-secret';
import { createSlackClient } from '../slack/slack-client';
import { slackSecretsLoader } from '../slack/slack-secrets';
import { reportDelivery } from './delivery-report';
import { notifyExecution, type NotifierDeps } from './notifier';
import { RunLock } from '../services/run-lock';
import { RunRecords } from './run-records';
import { triggersIn, type NotifierEvent } from './trigger-events';

const powertools = createPowertools();

/**
 * Builds the handler; logs and metrics go to `tools`. Every execution in the event is brought up
 * to date (and its run lock released if the event reports its end); if Slack or AWS failed for
 * any, the invocation fails so the event source delivers it again later — the jobnet itself
 * never waits on this. One event may name several executions, so each one's keys are on the
 * log lines while it is handled, and removed after.
 */
export const makeHandler = (deps: NotifierDeps, tools: Powertools = powertools) =>
  instrument(tools, async (event: NotifierEvent) => {
    const failures: string[] = [];
    for (const trigger of triggersIn(event)) {
      const { executionArn } = trigger;
      const keys = runKeysOf(executionArn);
      tools.logger.appendKeys({ ...keys });
      try {
        const delivery = await notifyExecution(trigger, deps);
        if (delivery) reportDelivery(delivery, tools);
      } catch (error) {
        tools.logger.warn('Progress not delivered; the event comes again', error as Error);
        failures.push(`${executionArn}: ${(error as Error).name}: ${(error as Error).message}`);
      } finally {
        tools.logger.removeKeys(Object.keys(keys));
      }
    }
    if (failures.length > 0) throw new Error(`Progress not delivered for ${failures.join('; ')}`);
  });

const secrets = slackSecretsLoader(
  powertools.tracer.captureAWSv3Client(new SecretsManagerClient({})),
  process.env.SLACK_SECRET_ARN,
);
const dynamodb = powertools.tracer.captureAWSv3Client(new DynamoDBClient({}));

export const handler = makeHandler({
  sfn: powertools.tracer.captureAWSv3Client(new SFNClient({})),
  slack: clientForSecret(secrets, (botToken) =>
    createSlackClient(botToken, { ...powertools, functionName: SlackFunction.progressNotifier }),
  ),
  clock: systemClock,
  catalogs: JOBNET_STEPS,
  audit: createAuditTrail('progress-notifier', powertools),
  records: new RunRecords(dynamodb, process.env.RUN_RECORDS_TABLE_NAME ?? ''),
  lock: new RunLock(dynamodb, process.env.LOCK_TABLE_NAME ?? '', async () => {
    // The notifier only releases locks; taking one, which asks this, is the bot's.
    throw new Error('The progress notifier never takes a run lock');
  }),
});
