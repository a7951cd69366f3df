import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { RDSClient } from '@aws-sdk/client-rds';
import { observeSystem } from '../../contract/observe-system';
import { instrument } from '../../observability/instrument';
import { createPowertools, type Powertools } from '../../observability/powertools';
import {
  postToResponseUrl,
  reportStatus,
  type SystemStatusDeps,
  type SystemStatusEvent,
} from './system-status';

const powertools = createPowertools();

/**
 * Builds the Lambda handler around injected clients; logs and metrics go to `tools`. The
 * response URL in the event is never logged: it lets anyone answer the command for 30 minutes.
 */
export const makeHandler = (deps: SystemStatusDeps, tools: Powertools = powertools) =>
  instrument(
    tools,
    async (event: SystemStatusEvent) => {
      await reportStatus(event, deps);
      tools.logger.info('Status answered');
    },
    { keys: (event) => ({ system: event.system.name }) },
  );

const { tracer } = powertools;
const clients = {
  ec2: tracer.captureAWSv3Client(new EC2Client({})),
  rds: tracer.captureAWSv3Client(new RDSClient({})),
  elbv2: tracer.captureAWSv3Client(new ElasticLoadBalancingV2Client({})),
};

export const handler = makeHandler({
  observe: (system) => observeSystem(system, clients),
  post: postToResponseUrl,
});
