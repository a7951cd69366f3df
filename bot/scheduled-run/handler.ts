import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { AppConfig } from '../../config/schema';
import { countRunStarted, countScheduledFiring } from '../../observability/app-metrics';
import { instrument } from '../../observability/instrument';
import { SlackFunction } from '../../observability/metric-names';
import { createPowertools, type Powertools } from '../../observability/powertools';
import { createAuditTrail } from '../audit/lambda-audit-trail';
import { parseRunName } from '../run-name';
import { Executions } from '../services/executions';
import { RunLock } from '../services/run-lock';
import { ScheduleState } from '../services/schedule-state';
import { clientForSecret } from '../slack/client-for-secret';
import { createSlackClient } from '../slack/slack-client';
import { slackSecretsLoader } from '../slack/slack-secrets';
import { checkCalendar } from './calendar-check';
import { scheduledFiringSchema } from './firing';
import { startScheduledRun, type ScheduledRunDeps } from './start-scheduled-run';

const powertools = createPowertools();

/**
 * Builds the starter's Lambda handler around injected dependencies. EventBridge Scheduler (a
 * schedule), EventBridge (a trigger's rule) and the Aurora watch invoke it with a firing; a
 * firing it cannot read is refused at once (a retry would not help).
 */
export const makeHandler = (deps: Omit<ScheduledRunDeps, 'log'>, tools: Powertools = powertools) =>
  instrument(
    tools,
    async (event: unknown) => {
      const parsed = scheduledFiringSchema.safeParse(event);
      if (!parsed.success) {
        tools.logger.error('Not a firing of this app', { problems: parsed.error.issues.length });
        countScheduledFiring(tools.metrics, { outcome: 'unknown' });
        return { outcome: 'unknown', problem: 'not a firing of this app' };
      }
      const outcome = await startScheduledRun(parsed.data, {
        ...deps,
        log: (message, keys) => tools.logger.info(message, keys ?? {}),
      });
      countScheduledFiring(tools.metrics, {
        outcome: outcome.outcome,
        ...('reason' in outcome ? { reason: outcome.reason } : {}),
      });
      const run = outcome.outcome === 'started' ? parseRunName(outcome.runId) : undefined;
      if (run) countRunStarted(tools.metrics, run);
      return outcome;
    },
    {
      keys: (event) => {
        const e = event as {
          system?: unknown;
          schedule?: unknown;
          oneOffId?: unknown;
          trigger?: unknown;
          event?: { id?: unknown };
        };
        return {
          ...(typeof e.system === 'string' ? { system: e.system } : {}),
          ...(typeof e.schedule === 'string' ? { schedule: e.schedule } : {}),
          ...(typeof e.oneOffId === 'string' ? { oneOffId: e.oneOffId } : {}),
          ...(typeof e.trigger === 'string' ? { trigger: e.trigger } : {}),
          ...(typeof e.event?.id === 'string' ? { eventId: e.event.id } : {}),
        };
      },
    },
  );

const { tracer } = powertools;
const ddb = tracer.captureAWSv3Client(new DynamoDBClient({}));
const sfn = tracer.captureAWSv3Client(new SFNClient({}));
const ssm = tracer.captureAWSv3Client(new SSMClient({}));
const executions = new Executions(sfn, {
  stop: process.env.STOP_STATE_MACHINE_ARN ?? '',
  start: process.env.START_STATE_MACHINE_ARN ?? '',
});
const secrets = slackSecretsLoader(
  tracer.captureAWSv3Client(new SecretsManagerClient({})),
  process.env.SLACK_SECRET_ARN,
);

export const handler = makeHandler({
  config: JSON.parse(process.env.WEBAPP_CHATOPS_CONFIG ?? 'null') as AppConfig,
  state: new ScheduleState(ddb, process.env.SCHEDULE_TABLE ?? ''),
  lock: new RunLock(
    ddb,
    process.env.LOCK_TABLE_NAME ?? '',
    async (executionArn) => (await executions.describe(executionArn))?.status,
  ),
  executions,
  slack: clientForSecret(secrets, (botToken) =>
    createSlackClient(botToken, { ...powertools, functionName: SlackFunction.scheduledRunStarter }),
  ),
  calendar: (name, at) => checkCalendar(ssm, name, at),
  audit: createAuditTrail('scheduled-run', powertools),
  eventRulePrefix: process.env.EVENT_RULE_PREFIX,
  now: Date.now,
});
