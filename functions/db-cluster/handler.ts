import { RDSClient } from '@aws-sdk/client-rds';
import { createPowertools, type Powertools } from '../../observability/powertools';
import { observedTask, taskKeys, type TaskRunKeys } from '../lib/observed-task';
import { registeredSummary } from '../lib/callback-task';
import { waitsFromEnv } from '../waits/waits-from-env';
import { handleCluster, type DbClusterDeps, type DbClusterEvent } from './db-cluster';

const powertools = createPowertools();

/** Builds the Lambda handler around injected clients; logs and metrics go to `tools`. */
export const makeHandler = (deps: DbClusterDeps, tools: Powertools = powertools) =>
  observedTask(
    tools,
    (event: DbClusterEvent & TaskRunKeys) => handleCluster(event, deps),
    (event) => taskKeys(event, event.clusterId),
    registeredSummary,
  );

export const handler = makeHandler({
  rds: powertools.tracer.captureAWSv3Client(new RDSClient({})),
  waits: waitsFromEnv(powertools),
});
