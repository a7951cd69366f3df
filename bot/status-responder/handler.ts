import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { RDSClient } from '@aws-sdk/client-rds';
import { observeSystem } from '../../contract/observe-system';
import {
  postToResponseUrl,
  reportStatus,
  type SystemStatusDeps,
  type SystemStatusEvent,
} from './system-status';

/** Builds the Lambda handler around injected clients. */
export const makeHandler = (deps: SystemStatusDeps) => (event: SystemStatusEvent) =>
  reportStatus(event, deps);

const clients = {
  ec2: new EC2Client({}),
  rds: new RDSClient({}),
  elbv2: new ElasticLoadBalancingV2Client({}),
};

export const handler = makeHandler({
  observe: (system) => observeSystem(system, clients),
  post: postToResponseUrl,
});
