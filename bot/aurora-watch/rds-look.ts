import {
  DescribeDBClustersCommand,
  paginateDescribeEvents,
  type RDSClient,
} from '@aws-sdk/client-rds';
import { RDS_CLUSTER_STOPPED_MESSAGE, MAX_STOPPED_MS } from './watch-input';

/** A look at AWS that did not answer in time: the invocation fails and is retried. */
export class LookTimedOut extends Error {
  constructor(what: string, ms: number) {
    super(`${what} did not answer within ${ms} ms`);
    this.name = 'LookTimedOut';
  }
}

/** Races `work` against `ms`; a stalled call must not hold the invocation to its timeout. */
export async function withDeadline<T>(what: string, ms: number, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LookTimedOut(what, ms)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The cluster's status now. */
export async function clusterStatus(rds: RDSClient, clusterId: string): Promise<string> {
  const out = await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: clusterId }));
  return out.DBClusters?.[0]?.Status ?? 'unknown';
}

/**
 * When the cluster last stopped before `before` (RDS-EVENT-0150), looking back a little over
 * the 7 days a stop can last; undefined when RDS lists no such event (it emits them best effort).
 */
export async function lastStoppedAt(
  rds: RDSClient,
  clusterId: string,
  before: number,
): Promise<number | undefined> {
  const pages = paginateDescribeEvents(
    { client: rds, pageSize: 100 },
    {
      SourceIdentifier: clusterId,
      SourceType: 'db-cluster',
      StartTime: new Date(before - MAX_STOPPED_MS - 86_400_000),
      EndTime: new Date(before),
      EventCategories: ['notification'],
    },
  );
  let latest: number | undefined;
  for await (const page of pages) {
    for (const event of page.Events ?? []) {
      const at = event.Date?.getTime();
      if (event.Message !== RDS_CLUSTER_STOPPED_MESSAGE || at === undefined) continue;
      if (latest === undefined || at > latest) latest = at;
    }
  }
  return latest;
}
