import {
  DescribeDBClustersCommand,
  StartDBClusterCommand,
  StopDBClusterCommand,
  type RDSClient,
} from '@aws-sdk/client-rds';
import type { Clock } from '../../contract/clock';
import { askUnlessRefused, converge } from '../lib/converge';
import { inStep } from '../../contract/errors';
import { SINGLE_RESOURCE_CADENCE } from '../lib/poll';
import { judgeCluster, type ClusterAction } from './cluster-state';

export interface DbClusterEvent {
  readonly step: string;
  readonly clusterId: string;
  readonly action: ClusterAction;
  readonly timeoutSeconds: number;
}

export interface DbClusterResult {
  readonly step: string;
  readonly clusterId: string;
  readonly status: string;
  readonly changed: boolean;
}

export interface DbClusterDeps {
  readonly rds: RDSClient;
  readonly clock: Clock;
}

const GOAL: Record<ClusterAction, string> = {
  'wait-available': 'available',
  stop: 'stopped',
  start: 'available',
};

/** Waits for, stops or starts an Aurora cluster; every action is safe to run again. */
export function handleCluster(e: DbClusterEvent, deps: DbClusterDeps): Promise<DbClusterResult> {
  return inStep(e.step, `DB cluster ${e.clusterId}`, () => handle(e, deps));
}

async function handle(e: DbClusterEvent, deps: DbClusterDeps): Promise<DbClusterResult> {
  const input = { DBClusterIdentifier: e.clusterId };
  const { view, changed } = await converge({
    look: () => clusterStatus(deps.rds, e.clusterId),
    judge: (status) => judgeCluster(e.action, status),
    // RDS refuses stop/start from the wrong status; that race just means "look again".
    ask: () =>
      askUnlessRefused(
        () =>
          deps.rds.send(
            e.action === 'start'
              ? new StartDBClusterCommand(input)
              : new StopDBClusterCommand(input),
          ),
        'InvalidDBClusterStateFault',
      ),
    seen: (status) => status,
    where: `${e.step} on DB cluster ${e.clusterId}`,
    what: `DB cluster ${e.clusterId} to be ${GOAL[e.action]}`,
    timeoutMs: e.timeoutSeconds * 1000,
    cadence: SINGLE_RESOURCE_CADENCE,
    clock: deps.clock,
  });
  return { step: e.step, clusterId: e.clusterId, status: view, changed };
}

async function clusterStatus(rds: RDSClient, clusterId: string): Promise<string> {
  const out = await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: clusterId }));
  return out.DBClusters?.[0]?.Status ?? 'unknown';
}
