import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { instrument } from '../../observability/instrument';
import { createAuditTrail } from '../audit/lambda-audit-trail';
import { SlackFunction } from '../../observability/metric-names';
import { createPowertools, type Powertools } from '../../observability/powertools';
import { clientForSecret } from '../slack/client-for-secret';
import { createSlackClient } from '../slack/slack-client';
import { slackSecretsLoader } from '../slack/slack-secrets';
import { PLAN_READ_TIMEOUTS, runPlanReader } from '../services/run-plan';
import { ScheduleState } from '../services/schedule-state';
import {
  requestApproval,
  type ApprovalRequestEvent,
  type RequestApprovalDeps,
} from './request-approval';

const powertools = createPowertools();

/**
 * Builds the Lambda handler around injected clients; logs and metrics go to `tools`. Its log
 * lines name the run and the approval step; the task token in the event is never logged.
 */
export const makeHandler = (deps: RequestApprovalDeps, tools: Powertools = powertools) =>
  instrument(
    tools,
    async (event: ApprovalRequestEvent) => {
      const posted = await requestApproval(event, deps);
      tools.logger.info('Approval requested', { slackChannel: posted.channel, slackTs: posted.ts });
      return posted;
    },
    {
      keys: ({ executionArn, run, stage }) => ({
        executionArn,
        runId: run.runId,
        system: run.system,
        jobnet: run.jobnet,
        step: stage === 'reopen' ? 'ApproveReopen' : 'Approval',
      }),
    },
  );

const secrets = slackSecretsLoader(
  powertools.tracer.captureAWSv3Client(new SecretsManagerClient({})),
  process.env.SLACK_SECRET_ARN,
);

// A stalled read ends as a timeout the SDK tries again, then the Approval state retries, rather
// than holding the function until its own timeout.
const ddb = powertools.tracer.captureAWSv3Client(
  new DynamoDBClient({ requestHandler: PLAN_READ_TIMEOUTS }),
);
const sfn = powertools.tracer.captureAWSv3Client(new SFNClient({}));

export const handler = makeHandler({
  slack: clientForSecret(secrets, (botToken) =>
    createSlackClient(botToken, { ...powertools, functionName: SlackFunction.approvalRequester }),
  ),
  now: Date.now,
  schedules: new ScheduleState(ddb, process.env.SCHEDULE_TABLE ?? ''),
  approve: async (taskToken, approval) => {
    await sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(approval) }));
  },
  audit: createAuditTrail('approval-requester', powertools),
  readPlan: runPlanReader(ddb, process.env.RUN_STATE_TABLE_NAME ?? ''),
});
