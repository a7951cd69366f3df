import { EC2Client } from '@aws-sdk/client-ec2';
import { SSMClient } from '@aws-sdk/client-ssm';
import { systemClock } from '../../contract/clock';
import { createPowertools, type Powertools } from '../../observability/powertools';
import { observedTask, taskKeys, type TaskRunKeys } from '../lib/observed-task';
import { runScript, type RunScriptDeps, type RunScriptEvent } from './run-script';

const powertools = createPowertools();

/** Builds the Lambda handler around injected clients; logs and metrics go to `tools`. */
export const makeHandler = (deps: RunScriptDeps, tools: Powertools = powertools) =>
  observedTask(
    tools,
    (event: RunScriptEvent & TaskRunKeys) => runScript(event, deps),
    (event) => taskKeys(event, event.instanceId),
  );

export const handler = makeHandler({
  ssm: powertools.tracer.captureAWSv3Client(new SSMClient({})),
  ec2: powertools.tracer.captureAWSv3Client(new EC2Client({})),
  clock: systemClock,
});
