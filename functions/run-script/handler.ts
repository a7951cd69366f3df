import { EC2Client } from '@aws-sdk/client-ec2';
import { SSMClient } from '@aws-sdk/client-ssm';
import { createPowertools, type Powertools } from '../../observability/powertools';
import { observedTask, taskKeys, type TaskRunKeys } from '../lib/observed-task';
import { registeredSummary } from '../lib/callback-task';
import { waitsFromEnv } from '../waits/waits-from-env';
import { runScript, type RunScriptDeps, type RunScriptEvent } from './run-script';
import { cachedScripts } from './script-source';

const powertools = createPowertools();

/** Builds the Lambda handler around injected clients; logs and metrics go to `tools`. */
export const makeHandler = (deps: RunScriptDeps, tools: Powertools = powertools) =>
  observedTask(
    tools,
    (event: RunScriptEvent & TaskRunKeys) => runScript(event, deps),
    (event) => taskKeys(event, event.instanceId),
    registeredSummary,
  );

const waits = waitsFromEnv(powertools);
export const handler = makeHandler({
  ssm: powertools.tracer.captureAWSv3Client(new SSMClient({})),
  ec2: powertools.tracer.captureAWSv3Client(new EC2Client({})),
  waits,
  scripts: cachedScripts((arn) => waits.store.getRunRecord(arn)),
});
