import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { RDSClient } from '@aws-sdk/client-rds';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { AwsLambdaReceiver } from '@slack/bolt';
import { parseConfig } from '../config/load';
import { observeSystem } from '../functions/prepare-run/prepare-run';
import { slackSecretsLoader } from '../functions/lib/slack-secrets';
import { createBotApp } from './app';
import { guardSlackRequests, type FunctionUrlEvent, type FunctionUrlResult } from './request-guard';
import { cachedGroupMembers } from './services/authorizer';
import { Executions } from './services/executions';

/** Clients fail fast: a slow AWS call must not cost Slack's three-second window. */
const fast = {
  maxAttempts: 2,
  requestHandler: { requestTimeout: 1_500, connectionTimeout: 1_000 },
};
const aws = {
  ec2: new EC2Client(fast),
  rds: new RDSClient(fast),
  elbv2: new ElasticLoadBalancingV2Client(fast),
  sfn: new SFNClient(fast),
};
const secrets = slackSecretsLoader(new SecretsManagerClient({}), process.env.SLACK_SECRET_ARN);

async function build(): Promise<(event: FunctionUrlEvent) => Promise<FunctionUrlResult>> {
  // Validated at synth, baked into the bundle; validated again so a bad edit fails loudly here.
  const config = parseConfig(
    JSON.parse(process.env.WEBAPP_CHATOPS_CONFIG ?? 'null'),
    'bundled configuration',
  );
  const { botToken, signingSecret } = await secrets();
  const receiver = new AwsLambdaReceiver({ signingSecret });
  const executions = new Executions(aws.sfn, {
    stop: process.env.STOP_STATE_MACHINE_ARN ?? '',
    start: process.env.START_STATE_MACHINE_ARN ?? '',
  });
  const app = createBotApp({
    receiver,
    botToken,
    slackApiUrl: process.env.SLACK_API_URL,
    services: {
      config,
      executions,
      observe: (system) => observeSystem(system, aws),
      groupMembers: cachedGroupMembers(async (usergroup) => {
        const out = await app.client.usergroups.users.list({ token: botToken, usergroup });
        return out.users ?? [];
      }, Date.now),
      now: () => new Date(),
    },
  });
  const boltHandler = await receiver.start();
  return guardSlackRequests(
    signingSecret,
    (event) => boltHandler(event as never, {}) as Promise<FunctionUrlResult>,
  );
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
