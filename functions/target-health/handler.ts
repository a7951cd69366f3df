import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { systemClock } from '../../contract/clock';
import { waitTargetsHealthy, type TargetHealthDeps, type TargetHealthEvent } from './target-health';

/** Builds the Lambda handler around injected clients. */
export const makeHandler = (deps: TargetHealthDeps) => (event: TargetHealthEvent) =>
  waitTargetsHealthy(event, deps);

export const handler = makeHandler({
  elbv2: new ElasticLoadBalancingV2Client({}),
  clock: systemClock,
});
