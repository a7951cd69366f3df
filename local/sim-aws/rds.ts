import type {
  DBCluster,
  DBClusterMessage,
  StartDBClusterResult,
  StopDBClusterResult,
} from '@aws-sdk/client-rds';
import { invalidParameter, SimApiError } from './errors';
import type { InputReader } from './input';
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

/** The cluster's resource id (cluster-...), stable for its life. */
function resourceId(c: ClusterRecord): string {
  return `cluster-${c.id.toUpperCase().replace(/[^A-Z0-9]/g, '')}`;
}

function clusterView(s: SimState, c: ClusterRecord, t: number): DBCluster {
  return {
    DBClusterIdentifier: c.id,
    DBClusterArn: c.arn,
    DbClusterResourceId: resourceId(c),
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

/** DescribeDBClusters' filters, each a test of one cluster against the filter's values. */
const CLUSTER_FILTERS: Record<string, (c: ClusterRecord, values: string[]) => boolean> = {
  // Identifiers or ARNs, as the RDS API reference allows.
  'db-cluster-id': (c, values) => values.includes(c.id) || values.includes(c.arn),
  'db-cluster-resource-id': (c, values) => values.includes(resourceId(c)),
  engine: (c, values) => values.includes(c.engine),
  // No simulated cluster is a clone or joined to a directory.
  'clone-group-id': () => false,
  domain: () => false,
};

function readClusterFilters(input: InputReader): (c: ClusterRecord) => boolean {
  const tests = (input.optList('Filters') ?? []).map(({ Name, Values }) => {
    // hasOwn, so that "toString" and friends are unknown filters, not prototype methods.
    const known = typeof Name === 'string' && Object.hasOwn(CLUSTER_FILTERS, Name);
    const test = known ? CLUSTER_FILTERS[Name] : undefined;
    if (test === undefined) {
      throw invalidParameter('rds', `Unrecognized filter name: ${String(Name)}`);
    }
    if (
      !Array.isArray(Values) ||
      Values.length === 0 ||
      Values.some((v) => typeof v !== 'string')
    ) {
      throw invalidParameter('rds', `Filter ${Name} needs a list of values`);
    }
    return (c: ClusterRecord) => test(c, Values as string[]);
  });
  return (c) => tests.every((test) => test(c));
}

/**
 * DescribeDBClusters: one cluster by DBClusterIdentifier (identifier or ARN; unknown is
 * DBClusterNotFoundFault), and/or Filters (db-cluster-id, engine, ...: no match is an empty
 * list), MaxRecords (20-100, default 100) a page with a Marker.
 */
const describeDbClusters: ActionHandler = (s, input): DBClusterMessage => {
  const id = input.optString('DBClusterIdentifier');
  const matches = readClusterFilters(input);
  const maxRecords = input.optNumber('MaxRecords') ?? 100;
  if (!Number.isInteger(maxRecords) || maxRecords < 20 || maxRecords > 100) {
    throw invalidParameter('rds', 'MaxRecords must be between 20 and 100');
  }
  const now = s.now();
  const clusters = (id === undefined ? [...s.clusters.values()] : [findCluster(s, id)]).filter(
    matches,
  );
  const offset = Number(input.optString('Marker') ?? '0');
  const page = clusters.slice(offset, offset + maxRecords);
  const next = offset + page.length;
  return {
    DBClusters: page.map((c) => clusterView(s, c, now)),
    ...(next < clusters.length ? { Marker: String(next) } : {}),
  };
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
