import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { createPowertools, type Powertools } from '../../observability/powertools';
import { observedTask, taskKeys, type TaskRunKeys } from '../lib/observed-task';
import { registeredSummary } from '../lib/callback-task';
import { waitsFromEnv } from '../waits/waits-from-env';
import { waitTargetsHealthy, type TargetHealthDeps, type TargetHealthEvent } from './target-health';

const powertools = createPowertools();

/** Builds the Lambda handler around injected clients; logs and metrics go to `tools`. */
export const makeHandler = (deps: TargetHealthDeps, tools: Powertools = powertools) =>
  observedTask(
    tools,
    (event: TargetHealthEvent & TaskRunKeys) => waitTargetsHealthy(event, deps),
    (event) => taskKeys(event, event.targetGroupArn),
    registeredSummary,
  );

export const handler = makeHandler({
  elbv2: powertools.tracer.captureAWSv3Client(new ElasticLoadBalancingV2Client({})),
  waits: waitsFromEnv(powertools),
});
