import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { AppConfig } from '../config/schema';
import { slackSecretsLoader } from './slack/slack-secrets';
import { createBotHandler } from './bot-handler';
import type { FunctionUrlEvent, FunctionUrlResult } from './request-guard';

/** Clients fail fast: a slow AWS call must not cost Slack's three-second window. */
const fast = {
  maxAttempts: 2,
  requestHandler: { requestTimeout: 1_500, connectionTimeout: 1_000 },
};
const aws = { sfn: new SFNClient(fast), lambda: new LambdaClient(fast) };
const secrets = slackSecretsLoader(new SecretsManagerClient({}), process.env.SLACK_SECRET_ARN);

async function build(): Promise<(event: FunctionUrlEvent) => Promise<FunctionUrlResult>> {
  const { botToken, signingSecret } = await secrets();
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
  });
}

let ready: ReturnType<typeof build> | undefined;

/** The Function URL handler: builds the app once per container (two arguments, no callback). */
export const handler = async (event: FunctionUrlEvent): Promise<FunctionUrlResult> => {
  ready ??= build().catch((error: unknown) => {
    ready = undefined;
    throw error;
  });
  return (await ready)(event);
};
