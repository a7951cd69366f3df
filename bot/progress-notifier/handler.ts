import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { systemClock } from '../../contract/clock';
import { JOBNET_STEPS } from '../../contract/jobnet-steps';
import { createSlackClient } from '../slack/slack-client';
import { slackSecretsLoader } from '../slack/slack-secrets';
import { notifyExecution, type NotifierDeps } from './notifier';
import { RenderMemory } from './render-memory';
import { executionsIn, type NotifierEvent } from './trigger-events';

/**
 * Builds the handler. Every execution in the event is brought up to date; if Slack or AWS
 * failed for any, the invocation fails so the event source delivers it again later — the
 * jobnet itself never waits on this.
 */
export const makeHandler = (deps: NotifierDeps) => async (event: NotifierEvent) => {
  const failures: string[] = [];
  for (const executionArn of executionsIn(event)) {
    try {
      await notifyExecution(executionArn, deps);
    } catch (error) {
      failures.push(`${executionArn}: ${(error as Error).name}: ${(error as Error).message}`);
    }
  }
  if (failures.length > 0) throw new Error(`Progress not delivered for ${failures.join('; ')}`);
};

const secrets = slackSecretsLoader(new SecretsManagerClient({}), process.env.SLACK_SECRET_ARN);
let slack: ReturnType<typeof createSlackClient> | undefined;

export const handler = makeHandler({
  sfn: new SFNClient({}),
  slack: async () => (slack ??= createSlackClient((await secrets()).botToken)),
  clock: systemClock,
  catalogs: JOBNET_STEPS,
  memory: new RenderMemory(),
});
