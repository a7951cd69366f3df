import { EC2Client } from '@aws-sdk/client-ec2';
import { createPowertools, type Powertools } from '../../observability/powertools';
import { observedTask, taskKeys, type TaskRunKeys } from '../lib/observed-task';
import { registeredSummary } from '../lib/callback-task';
import { waitsFromEnv } from '../waits/waits-from-env';
import {
  setInstancePower,
  type InstancePowerDeps,
  type InstancePowerEvent,
} from './instance-power';

const powertools = createPowertools();

/** Builds the Lambda handler around injected clients; logs and metrics go to `tools`. */
export const makeHandler = (deps: InstancePowerDeps, tools: Powertools = powertools) =>
  observedTask(
    tools,
    (event: InstancePowerEvent & TaskRunKeys) => setInstancePower(event, deps),
    (event) => taskKeys(event, event.instanceId),
    registeredSummary,
  );

export const handler = makeHandler({
  ec2: powertools.tracer.captureAWSv3Client(new EC2Client({})),
  waits: waitsFromEnv(powertools),
});
