import type {
  DBCluster,
  DBClusterMessage,
  StartDBClusterResult,
  StopDBClusterResult,
} from '@aws-sdk/client-rds';
import { invalidParameter, SimApiError } from './errors';
import { cancelClusterAfter, describeEvents, planStart, planStop } from './rds-events';
import type { ActionHandler, ClusterRecord, ClusterStatus, SimState } from './state';

/** Finds a cluster by identifier or ARN, both of which RDS accepts. */
export function findCluster(s: SimState, idOrArn: string): ClusterRecord {
  const byId = s.clusters.get(idOrArn);
  if (byId !== undefined) return byId;
  const byArn = [...s.clusters.values()].find((c) => c.arn === idOrArn);
  if (byArn !== undefined) return byArn;
  throw new SimApiError('rds', 'DBClusterNotFoundFault', `DBCluster ${idOrArn} not found.`, 404);
}

function clusterView(s: SimState, c: ClusterRecord, t: number): DBCluster {
  return {
    DBClusterIdentifier: c.id,
    DBClusterArn: c.arn,
    DbClusterResourceId: `cluster-${c.id.toUpperCase().replace(/[^A-Z0-9]/g, '')}`,
    Status: c.status.stateAt(t),
    Engine: c.engine,
    EngineMode: 'provisioned',
    ClusterCreateTime: new Date(c.createdAt),
    AvailabilityZones: [`${s.region}a`, `${s.region}b`, `${s.region}c`],
    DBClusterMembers: [],
    MultiAZ: false,
    StorageEncrypted: true,
  };
}

/** RDS's wording for "wrong state", which operators will see quoted in failures. */
function requireStatus(c: ClusterRecord, now: number, expected: ClusterStatus): void {
  const status = c.status.stateAt(now);
  if (status !== expected) {
    throw new SimApiError(
      'rds',
      'InvalidDBClusterStateFault',
      `DbCluster ${c.id} is in ${status} state but expected it to be ${expected}.`,
    );
  }
}

/**
 * Makes an available cluster `backing-up` from `from` until `until`. Anything scheduled after
 * `from` is replaced, so a later call (a longer fault, a second backup) moves the end.
 */
export function holdBackingUp(c: ClusterRecord, from: number, until: number): void {
  cancelClusterAfter(c, from);
  c.status.schedule(from, 'backing-up');
  c.status.schedule(until, 'available');
}

const describeDbClusters: ActionHandler = (s, input): DBClusterMessage => {
  if (input.optList('Filters') !== undefined) {
    throw invalidParameter('rds', 'sim-aws does not simulate Filters for DescribeDBClusters');
  }
  const id = input.optString('DBClusterIdentifier');
  const now = s.now();
  const clusters = id === undefined ? [...s.clusters.values()] : [findCluster(s, id)];
  return { DBClusters: clusters.map((c) => clusterView(s, c, now)) };
};

const stopDbCluster: ActionHandler = (s, input): StopDBClusterResult => {
  const c = findCluster(s, input.string('DBClusterIdentifier'));
  const now = s.now();
  requireStatus(c, now, 'available');
  planStop(s, c, now, s.timings.dbStopMs);
  return { DBCluster: clusterView(s, c, now) };
};

const startDbCluster: ActionHandler = (s, input): StartDBClusterResult => {
  const c = findCluster(s, input.string('DBClusterIdentifier'));
  const now = s.now();
  requireStatus(c, now, 'stopped');
  planStart(s, c, now);
  return { DBCluster: clusterView(s, c, now) };
};

/** The RDS actions the jobnets and the Aurora watch use. */
export const rdsActions: Record<string, ActionHandler> = {
  DescribeDBClusters: describeDbClusters,
  DescribeEvents: describeEvents,
  StopDBCluster: stopDbCluster,
  StartDBCluster: startDbCluster,
};
