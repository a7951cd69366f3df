import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { RDSClient } from '@aws-sdk/client-rds';
import { systemClock } from '../../contract/clock';
import { prepareRun, type PrepareDeps, type PrepareEvent } from './prepare-run';

/** Builds the Lambda handler around injected clients. */
export const makeHandler = (deps: PrepareDeps) => (event: PrepareEvent) => prepareRun(event, deps);

export const handler = makeHandler({
  ec2: new EC2Client({}),
  rds: new RDSClient({}),
  elbv2: new ElasticLoadBalancingV2Client({}),
  clock: systemClock,
});
