import {
  CloudWatchLogsClient,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { DeleteItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import {
  CreateScheduleCommand,
  DeleteScheduleCommand,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SFNClient,
  SFNServiceException,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../../config/load';
import type { AuditRecord } from '../../contract/audit-record';
import type { AppConfigInput } from '../../config/schema';
import { ScheduleState } from '../../bot/services/schedule-state';
import {
  LOCAL_RUN_LOCK_TABLE,
  LOCAL_SCHEDULE_TABLE,
  startLocalDynamoDB,
  type LocalDynamoDB,
} from '../../local/local-dynamodb';
import {
  blockActionPayload,
  interactionBody,
  signedFunctionUrlEvent,
  slashCommandBody,
  startLocalSlack,
  type LocalSlack,
} from '../../local/slack';

export const BOT_TOKEN = 'xoxb-test';
export const SIGNING_SECRET = 'test-signing-secret';
export const CHANNEL = 'C0EXAMPLE1';
export const USERS = {
  requester: 'U0REQUESTER',
  operator: 'U0OPERATOR', // requester through the S0OPERATORS group
  approver: 'U0APPROVER',
  lead: 'U0LEAD', // approver through the S0LEADS group
  stranger: 'U0STRANGER',
} as const;
/** Where the bot creates one-off runs' one-time schedules, as the stack passes it. */
export const SCHEDULER = {
  groupName: 'webapp-chatops',
  roleArn: 'arn:aws:iam::123456789012:role/webapp-chatops-scheduler',
  targetArn: 'arn:aws:lambda:us-east-1:123456789012:function:webapp-chatops-scheduled-run',
  deadLetterArn: 'arn:aws:sqs:us-east-1:123456789012:webapp-chatops-schedule-dlq',
};
export const AUDIT_LOG_GROUP = 'webapp-chatops-audit';
export const STATE_MACHINES = {
  stop: 'arn:aws:states:us-east-1:123456789012:stateMachine:webapp-chatops-stop',
  start: 'arn:aws:states:us-east-1:123456789012:stateMachine:webapp-chatops-start',
};

/** The example configuration, as the tests and the README describe it. */
export function exampleConfig(): AppConfigInput {
  return JSON.parse(
    readFileSync(join(__dirname, '../../config/example.config.json'), 'utf8'),
  ) as AppConfigInput;
}

export function doesNotExist(): SFNServiceException {
  return new SFNServiceException({
    name: 'ExecutionDoesNotExist',
    $fault: 'client',
    $metadata: {},
    message: 'Execution Does Not Exist',
  });
}

type Handler = (
  event: unknown,
) => Promise<{ statusCode: number; body: string; headers?: Record<string, string> }>;

/**
 * The real bot Lambda handler (bot/handler.ts) with its AWS clients mocked at the SDK level and
 * its Slack Web API calls going over HTTP to a local Slack-compatible server. Requests are
 * signed exactly as Slack signs them and wrapped as Function URL events.
 */
export async function createBotHarness(
  config: AppConfigInput = exampleConfig(),
  options: { secretStalls?: boolean } = {},
) {
  const slack: LocalSlack = await startLocalSlack({
    botToken: BOT_TOKEN,
    userGroups: { S0OPERATORS: [USERS.operator], S0LEADS: [USERS.lead] },
  });
  process.env.SLACK_API_URL = slack.apiUrl;
  process.env.SLACK_SECRET_ARN =
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:webapp-chatops/slack-AbCdEf';
  process.env.STOP_STATE_MACHINE_ARN = STATE_MACHINES.stop;
  process.env.START_STATE_MACHINE_ARN = STATE_MACHINES.start;
  process.env.STATUS_FUNCTION_ARN =
    'arn:aws:lambda:us-east-1:123456789012:function:webapp-chatops-system-status';
  process.env.HISTORY_FUNCTION_ARN =
    'arn:aws:lambda:us-east-1:123456789012:function:webapp-chatops-history';
  // As infra bakes it: validated, defaults filled in.
  process.env.WEBAPP_CHATOPS_CONFIG = JSON.stringify(parseConfig(config));
  process.env.AWS_REGION = 'us-east-1';
  // The run lock on dynalite, reached through the SDK's standard endpoint override.
  const dynamodb: LocalDynamoDB = await startLocalDynamoDB();
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamodb.endpoint;
  process.env.LOCK_TABLE_NAME = LOCAL_RUN_LOCK_TABLE;
  process.env.SCHEDULE_TABLE = LOCAL_SCHEDULE_TABLE;
  process.env.SCHEDULE_GROUP = SCHEDULER.groupName;
  process.env.SCHEDULER_ROLE_ARN = SCHEDULER.roleArn;
  process.env.SCHEDULED_RUN_FUNCTION_ARN = SCHEDULER.targetArn;
  process.env.SCHEDULE_DLQ_ARN = SCHEDULER.deadLetterArn;
  process.env.AWS_ACCESS_KEY_ID = 'local';
  process.env.AWS_SECRET_ACCESS_KEY = 'local';
  process.env.AUDIT_LOG_GROUP = AUDIT_LOG_GROUP;

  const secrets = mockClient(SecretsManagerClient);
  if (options.secretStalls) {
    // Secrets Manager never answers, from the container's start on.
    secrets.on(GetSecretValueCommand).callsFake(() => new Promise(() => undefined));
  } else {
    secrets.on(GetSecretValueCommand).resolves({
      SecretString: JSON.stringify({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET }),
    });
  }
  const sfn = mockClient(SFNClient);
  const lambda = mockClient(LambdaClient);
  const resetSfn = () => {
    sfn.reset();
    sfn.on(DescribeExecutionCommand).rejects(doesNotExist());
    sfn.on(ListExecutionsCommand).resolves({ executions: [] });
    sfn.on(StartExecutionCommand).callsFake((input: { stateMachineArn: string; name: string }) => ({
      executionArn: `${input.stateMachineArn.replace(':stateMachine:', ':execution:')}:${input.name}`,
      startDate: new Date(),
    }));
    sfn.on(GetExecutionHistoryCommand).resolves({ events: [] });
  };
  resetSfn();
  const scheduler = mockClient(SchedulerClient);
  const resetScheduler = () => {
    scheduler.reset();
    scheduler.on(CreateScheduleCommand).callsFake((input: { Name: string }) => ({
      ScheduleArn: `arn:aws:scheduler:us-east-1:123456789012:schedule/${SCHEDULER.groupName}/${input.Name}`,
    }));
    scheduler.on(DeleteScheduleCommand).resolves({});
  };
  resetScheduler();
  // The audit log group takes every record; auditRecords() reads back what the bot wrote.
  const logs = mockClient(CloudWatchLogsClient);
  logs.on(CreateLogStreamCommand).resolves({});
  logs.on(PutLogEventsCommand).resolves({});
  const ddb = dynamodb.client();

  // Loaded after the environment is set: the handler reads it at module scope and cold start.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { handler } = require('../../bot/handler') as { handler: Handler };
  let trigger = 0;

  return {
    slack,
    sfn,
    lambda,
    scheduler,
    dynamodb,
    secrets,
    handler,
    resetSfn,
    resetScheduler,
    logs,
    /** The audit records the bot has written so far, in order. */
    auditRecords(): AuditRecord[] {
      return logs
        .commandCalls(PutLogEventsCommand)
        .flatMap((call) => call.args[0].input.logEvents ?? [])
        .map((event) => JSON.parse(event.message ?? '{}') as AuditRecord);
    },
    /** The schedule state table, as the bot sees it: for seeding and reading records. */
    scheduleState: new ScheduleState(ddb, LOCAL_SCHEDULE_TABLE),
    /** Empties the schedule state table: no holds, skips or one-off runs. */
    async clearSchedules() {
      const out = await ddb.send(new ScanCommand({ TableName: LOCAL_SCHEDULE_TABLE }));
      for (const item of out.Items ?? []) {
        await ddb.send(
          new DeleteItemCommand({
            TableName: LOCAL_SCHEDULE_TABLE,
            Key: { pk: item.pk, sk: item.sk },
          }),
        );
      }
    },
    /** `/webapp <text>` from a user, signed as Slack signs it, as a Function URL event. */
    signedSlash(
      text: string,
      options: { user?: string; channel?: string; base64?: boolean; triggerId?: string } = {},
    ) {
      const user = options.user ?? USERS.requester;
      const channel = options.channel ?? CHANNEL;
      const body = slashCommandBody({
        command: '/webapp',
        text,
        userId: user,
        channelId: channel,
        responseUrl: slack.createResponseUrl(channel, user),
        triggerId: options.triggerId ?? `trigger-${++trigger}`,
      });
      return signedFunctionUrlEvent(body, SIGNING_SECRET, { base64: options.base64 ?? true });
    },
    /** `/webapp <text>` from a user, signed and delivered as a Function URL event. */
    async slash(
      text: string,
      options: { user?: string; channel?: string; base64?: boolean; triggerId?: string } = {},
    ) {
      return handler(this.signedSlash(text, options));
    },
    /**
     * `/webapp <text>` whose private answer is shown as Slack shows it: the message only the
     * user sees, which a click in it may replace. Undefined when the answer was empty.
     */
    async slashShown(text: string, options: { user?: string; triggerId?: string } = {}) {
      const user = options.user ?? USERS.requester;
      const event = this.signedSlash(text, { ...options, base64: false });
      const responseUrl = new URLSearchParams(event.body).get('response_url') ?? '';
      const response = await handler(event);
      if (response.body) slack.acknowledge(responseUrl, JSON.parse(response.body));
      return slack.ephemerals(CHANNEL, user).at(-1);
    },
    /** A button click on a message in the channel, signed like Slack's interactivity request. */
    async click(
      actionId: string,
      value: string,
      options: {
        user?: string;
        messageTs: string;
        threadTs?: string;
        blocks?: unknown[];
        /** The button is in a message only the user sees (a slash command's answer). */
        ephemeral?: boolean;
      },
    ) {
      const user = options.user ?? USERS.approver;
      const payload = blockActionPayload({
        actionId,
        value,
        userId: user,
        channelId: CHANNEL,
        messageTs: options.messageTs,
        ...(options.threadTs ? { threadTs: options.threadTs } : {}),
        responseUrl: slack.createResponseUrl(CHANNEL, user, options.messageTs),
        ...(options.blocks ? { messageBlocks: options.blocks } : {}),
        ...(options.ephemeral ? { ephemeral: true } : {}),
      });
      return handler(signedFunctionUrlEvent(interactionBody(payload), SIGNING_SECRET));
    },
    async close() {
      await slack.close();
      ddb.destroy();
      await dynamodb.close();
      for (const mock of [secrets, sfn, lambda, scheduler]) mock.restore();
    },
  };
}

export type BotHarness = Awaited<ReturnType<typeof createBotHarness>>;
