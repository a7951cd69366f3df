import { JOBNET_TAG_KEY } from '../contract/jobnet-tag';
import type { JobnetInput } from '../contract/jobnet-input';
import { maintenanceActions, MATCH_ALL } from '../contract/maintenance-rule';
import type { SimulatedAccount } from './sim-aws';

export interface ExampleSystemOptions {
  readonly instances?: number;
  /** Select instances by tag (the default) or list their ids. */
  readonly selectBy?: 'tags' | 'ids';
  /** The state everything starts in: 'up' (before a stop) or 'down' (before a start). */
  readonly startState?: 'up' | 'down';
  readonly concurrency?: number;
}

export interface ExampleSystem {
  readonly instanceIds: string[];
  readonly clusterId: string;
  readonly listenerArn: string;
  readonly targetGroupArn: string;
  /** The execution input the bot would build for this system, minus the run id. */
  readonly input: (runId: string) => JobnetInput;
}

export const EXAMPLE_SCRIPTS = {
  stop: 'systemctl stop httpd',
  start: 'systemctl start httpd',
  check: 'systemctl is-active httpd',
} as const;

const MAINTENANCE_PRIORITY = 1;

export const EXAMPLE_PAGE =
  '<!doctype html><title>Maintenance</title><h1>We are down for maintenance</h1><p>Back soon.</p>';

/**
 * Seeds a simulated account with the web system of the design brief: Apache instances behind
 * an ALB listener and target group, and an Aurora cluster. A system seeded 'down' is as a stop
 * jobnet leaves it: instances and cluster stopped, maintenance page up.
 */
export async function seedExampleSystem(
  account: SimulatedAccount,
  options: ExampleSystemOptions = {},
): Promise<ExampleSystem> {
  const up = (options.startState ?? 'up') === 'up';
  const count = options.instances ?? 2;
  const instanceIds = Array.from({ length: count }, (_, i) =>
    account.addInstance({
      name: `shop-web-${i + 1}`,
      tags: { System: 'shop', Role: 'web', [JOBNET_TAG_KEY]: 'shop' },
      state: up ? 'running' : 'stopped',
      apache: up ? 'running' : 'stopped',
    }),
  );
  const clusterId = 'shop-db';
  account.addDbCluster({ id: clusterId, status: up ? 'available' : 'stopped' });
  const { listenerArn } = account.addLoadBalancer({ name: 'shop-alb' });
  const targetGroupArn = account.addTargetGroup({ name: 'shop-web', port: 80, instanceIds });
  if (!up) {
    await account.call('elbv2', 'CreateRule', {
      ListenerArn: listenerArn,
      Priority: MAINTENANCE_PRIORITY,
      Conditions: MATCH_ALL,
      Actions: maintenanceActions({
        priority: MAINTENANCE_PRIORITY,
        body: EXAMPLE_PAGE,
        contentType: 'text/html',
      }),
    });
  }
  const selector =
    options.selectBy === 'ids' ? { ids: instanceIds } : { tags: { System: 'shop', Role: 'web' } };
  return {
    instanceIds,
    clusterId,
    listenerArn,
    targetGroupArn,
    input: (runId) => ({
      runId,
      system: 'shop',
      instances: selector,
      dbClusterId: clusterId,
      listenerArn,
      targetGroupArn,
      maintenancePage: {
        priority: MAINTENANCE_PRIORITY,
        body: EXAMPLE_PAGE,
        contentType: 'text/html',
      },
      scripts: { ...EXAMPLE_SCRIPTS },
      backup: { deleteAfterDays: 3 },
      concurrency: options.concurrency ?? 10,
    }),
  };
}
