import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { systemClock } from '../../contract/clock';
import { createPowertools, type Powertools } from '../../observability/powertools';
import { observedTask, taskKeys, type TaskRunKeys } from '../lib/observed-task';
import {
  handleMaintenancePage,
  type MaintenancePageDeps,
  type MaintenancePageEvent,
} from './maintenance-page';

const powertools = createPowertools();

/** Builds the Lambda handler around injected clients; logs and metrics go to `tools`. */
export const makeHandler = (deps: MaintenancePageDeps, tools: Powertools = powertools) =>
  observedTask(
    tools,
    (event: MaintenancePageEvent & TaskRunKeys) => handleMaintenancePage(event, deps),
    (event) => taskKeys(event, event.listenerArn),
  );

export const handler = makeHandler({
  elbv2: powertools.tracer.captureAWSv3Client(new ElasticLoadBalancingV2Client({})),
  clock: systemClock,
});
