import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { RDSClient } from '@aws-sdk/client-rds';
import { systemClock } from '../../contract/clock';
import { createPowertools, type Powertools } from '../../observability/powertools';
import { observedTask, taskKeys, type TaskRunKeys } from '../lib/observed-task';
import { waitsFromEnv } from '../waits/waits-from-env';
import { prepareRun, type PrepareDeps, type PrepareEvent } from './prepare-run';

const powertools = createPowertools();

/** A key of the input as given: Prepare is the step that validates it. */
const given = (input: unknown, key: string): string | undefined => {
  const value = (input as Record<string, unknown> | null)?.[key];
  return typeof value === 'string' ? value : undefined;
};

/** Builds the Lambda handler around injected clients; logs and metrics go to `tools`. */
export const makeHandler = (deps: PrepareDeps, tools: Powertools = powertools) =>
  observedTask(
    tools,
    (event: PrepareEvent & TaskRunKeys) => prepareRun(event, deps),
    (event) => ({
      ...taskKeys(event),
      runId: given(event.input, 'runId'),
      system: given(event.input, 'system'),
      jobnet: event.jobnet,
    }),
  );

const waits = waitsFromEnv(powertools);
export const handler = makeHandler({
  ec2: powertools.tracer.captureAWSv3Client(new EC2Client({})),
  rds: powertools.tracer.captureAWSv3Client(new RDSClient({})),
  elbv2: powertools.tracer.captureAWSv3Client(new ElasticLoadBalancingV2Client({})),
  clock: systemClock,
  runRecords: {
    put: (executionArn, record) => waits.store.putRunRecord(executionArn, record),
  },
});
