import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import startDefinition from '../../statemachines/start-webapp.asl.json';
import stopDefinition from '../../statemachines/stop-webapp.asl.json';
import { systemClock } from '../lib/clock';
import { createSlackClient } from '../lib/slack-client';
import { slackSecretsLoader } from '../lib/slack-secrets';
import { notifyExecution, type NotifierDeps } from './notifier';
import { RenderMemory } from './render-memory';
import { stepCatalog } from './step-catalog';
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
  catalogs: { stop: stepCatalog(stopDefinition), start: stepCatalog(startDefinition) },
  memory: new RenderMemory(),
});
