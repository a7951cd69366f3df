import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { systemClock } from '../../contract/clock';
import {
  handleMaintenancePage,
  type MaintenancePageDeps,
  type MaintenancePageEvent,
} from './maintenance-page';

/** Builds the Lambda handler around injected clients. */
export const makeHandler = (deps: MaintenancePageDeps) => (event: MaintenancePageEvent) =>
  handleMaintenancePage(event, deps);

export const handler = makeHandler({
  elbv2: new ElasticLoadBalancingV2Client({}),
  clock: systemClock,
});
