import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createSlackClient } from '../slack/slack-client';
import { slackSecretsLoader } from '../slack/slack-secrets';
import {
  requestApproval,
  type ApprovalRequestEvent,
  type RequestApprovalDeps,
} from './request-approval';

/** Builds the Lambda handler around injected clients. */
export const makeHandler = (deps: RequestApprovalDeps) => (event: ApprovalRequestEvent) =>
  requestApproval(event, deps);

const secrets = slackSecretsLoader(new SecretsManagerClient({}), process.env.SLACK_SECRET_ARN);
let slack: ReturnType<typeof createSlackClient> | undefined;

export const handler = makeHandler({
  slack: async () => (slack ??= createSlackClient((await secrets()).botToken)),
  now: Date.now,
});
