import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { AppConfig } from '../config/schema';
import { countBotRefusal } from '../observability/app-metrics';
import { instrument } from '../observability/instrument';
import { RefusalReason } from '../observability/metric-names';
import { createPowertools } from '../observability/powertools';
import { slackSecretsLoader, type SlackSecrets } from './slack/slack-secrets';
import { createAuditTrail } from './audit/lambda-audit-trail';
import { createBotHandler } from './bot-handler';
import {
  privateAnswer,
  RECEIVED_AT,
  type FunctionUrlEvent,
  type FunctionUrlResult,
} from './request-guard';

const powertools = createPowertools();
const { tracer } = powertools;

/**
 * Clients fail fast: a slow AWS call must not cost Slack's three-second window. Each call also
 * races the request's budget; `throwOnRequestTimeout` makes the timeout real (by default the
 * SDK only warns) for the calls a budget cannot abort, such as a paginator's pages.
 */
const fast = {
  maxAttempts: 2,
  requestHandler: { requestTimeout: 1_000, connectionTimeout: 500, throwOnRequestTimeout: true },
};
const aws = {
  sfn: tracer.captureAWSv3Client(new SFNClient(fast)),
  lambda: tracer.captureAWSv3Client(new LambdaClient(fast)),
  ddb: tracer.captureAWSv3Client(new DynamoDBClient(fast)),
  scheduler: tracer.captureAWSv3Client(new SchedulerClient(fast)),
};
const secrets = slackSecretsLoader(
  tracer.captureAWSv3Client(new SecretsManagerClient(fast)),
  process.env.SLACK_SECRET_ARN,
);
// Read during the container's start-up, so a cold start does not wait for it on the request.
secrets().catch(() => undefined);

type Bot = (event: FunctionUrlEvent) => Promise<FunctionUrlResult>;

/** Hands work to another function without waiting for it (an asynchronous invocation). */
async function invokeAsync(functionArn: string | undefined, payload: unknown): Promise<void> {
  await aws.lambda.send(
    new InvokeCommand({
      FunctionName: functionArn,
      InvocationType: 'Event',
      Payload: JSON.stringify(payload),
    }),
  );
}

function build({ botToken, signingSecret }: SlackSecrets): Promise<Bot> {
  return createBotHandler({
    // Validated once, at synth, then baked into the bundle (esbuild `define`).
    config: JSON.parse(process.env.WEBAPP_CHATOPS_CONFIG ?? 'null') as AppConfig,
    botToken,
    signingSecret,
    slackApiUrl: process.env.SLACK_API_URL,
    sfn: aws.sfn,
    stateMachineArns: {
      stop: process.env.STOP_STATE_MACHINE_ARN ?? '',
      start: process.env.START_STATE_MACHINE_ARN ?? '',
    },
    requestStatus: (system, executions, responseUrl) =>
      invokeAsync(process.env.STATUS_FUNCTION_ARN, { system, executions, responseUrl }),
    requestCancel: (event) => invokeAsync(process.env.STATUS_FUNCTION_ARN, event),
    requestHistory: (request) => invokeAsync(process.env.HISTORY_FUNCTION_ARN, request),
    lockTable: { ddb: aws.ddb, tableName: process.env.LOCK_TABLE_NAME ?? '' },
    scheduleTable: { ddb: aws.ddb, tableName: process.env.SCHEDULE_TABLE ?? '' },
    scheduler: {
      client: aws.scheduler,
      groupName: process.env.SCHEDULE_GROUP ?? '',
      roleArn: process.env.SCHEDULER_ROLE_ARN ?? '',
      targetArn: process.env.SCHEDULED_RUN_FUNCTION_ARN ?? '',
      deadLetterArn: process.env.SCHEDULE_DLQ_ARN ?? '',
    },
    audit: createAuditTrail('bot', powertools),
    powertools,
  });
}

/** The bot and the credentials it was built with. */
let built: { credentials: SlackSecrets; bot: Promise<Bot> } | undefined;

/**
 * How long a request waits for the Slack secret: long enough for a cold start's first read,
 * short enough to answer Slack in time when Secrets Manager stalls. With a bot already built,
 * a stalled refresh keeps the credentials it has.
 */
const SECRET_WAIT_MS = { first: 1_500, refresh: 300 };

/** Resolves undefined when the promise has not settled (or failed) within `ms`. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([promise.catch(() => undefined), late]).finally(() => clearTimeout(timer));
}

/**
 * The bot for the credentials the secret holds now: built once per container, and again once
 * the secret was rotated. A failed build is not kept: the next request builds again. Undefined
 * when the credentials cannot be read in time and no bot was built yet.
 */
async function currentBot(): Promise<Bot | undefined> {
  const credentials = await within(
    secrets(),
    built ? SECRET_WAIT_MS.refresh : SECRET_WAIT_MS.first,
  );
  if (!credentials) return built?.bot;
  if (
    !built ||
    built.credentials.botToken !== credentials.botToken ||
    built.credentials.signingSecret !== credentials.signingSecret
  ) {
    const bot = build(credentials);
    built = { credentials, bot };
    bot.catch(() => {
      if (built?.bot === bot) built = undefined;
    });
  }
  return built.bot;
}

/** What the request guard answers before Bolt sees a request: refusals too. */
const GUARD_REFUSALS = new Map([
  [401, RefusalReason.badSignature],
  [400, RefusalReason.badRequest],
]);

/** The Function URL handler (two arguments, no callback). */
export const handler = instrument(powertools, async (event: FunctionUrlEvent) => {
  // Reading the secret (at a cold start, or when it is due again) spends the same 2.5 s budget.
  const receivedAt = Date.now();
  const bot = await currentBot();
  if (!bot) {
    // Unverifiable without the signing secret, so nothing is done; the answer says only that.
    powertools.logger.error('Slack secret not readable in time');
    return privateAnswer(
      'webapp-chatops could not read its Slack credentials in time (AWS Secrets Manager did not answer); nothing was done. Try again in a minute.',
    );
  }
  const result = await bot({ ...event, [RECEIVED_AT]: receivedAt });
  const refusal = GUARD_REFUSALS.get(result.statusCode);
  if (refusal) countBotRefusal(powertools.metrics, refusal);
  powertools.logger.info('Slack request answered', { statusCode: result.statusCode });
  return result;
});
