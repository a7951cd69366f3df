import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { AppConfig } from '../config/schema';
import { countBotRefusal } from '../observability/app-metrics';
import { instrument } from '../observability/instrument';
import { RefusalReason } from '../observability/metric-names';
import { createPowertools } from '../observability/powertools';
import { slackSecretsLoader, type SlackSecrets } from './slack/slack-secrets';
import { createBotHandler } from './bot-handler';
import type { FunctionUrlEvent, FunctionUrlResult } from './request-guard';

const powertools = createPowertools();
const { tracer } = powertools;

/** Clients fail fast: a slow AWS call must not cost Slack's three-second window. */
const fast = {
  maxAttempts: 2,
  requestHandler: { requestTimeout: 1_500, connectionTimeout: 1_000 },
};
const aws = {
  sfn: tracer.captureAWSv3Client(new SFNClient(fast)),
  lambda: tracer.captureAWSv3Client(new LambdaClient(fast)),
};
const secrets = slackSecretsLoader(
  tracer.captureAWSv3Client(new SecretsManagerClient({})),
  process.env.SLACK_SECRET_ARN,
);

type Bot = (event: FunctionUrlEvent) => Promise<FunctionUrlResult>;

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
    requestStatus: async (system, executions, responseUrl) => {
      await aws.lambda.send(
        new InvokeCommand({
          FunctionName: process.env.STATUS_FUNCTION_ARN,
          InvocationType: 'Event',
          Payload: JSON.stringify({ system, executions, responseUrl }),
        }),
      );
    },
    powertools,
  });
}

/** The bot and the credentials it was built with. */
let built: { credentials: SlackSecrets; bot: Promise<Bot> } | undefined;

/**
 * The bot for the credentials the secret holds now: built once per container, and again once
 * the secret was rotated. A failed build is not kept: the next request builds again.
 */
async function currentBot(): Promise<Bot> {
  const credentials = await secrets();
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
  const result = await (await currentBot())(event);
  const refusal = GUARD_REFUSALS.get(result.statusCode);
  if (refusal) countBotRefusal(powertools.metrics, refusal);
  powertools.logger.info('Slack request answered', { statusCode: result.statusCode });
  return result;
});
