import type { Event as RdsEvent, EventsMessage } from '@aws-sdk/client-rds';
import { invalidParameter, SimApiError } from './errors';
import {
  awsEventEnvelope,
  happenedSince,
  nextAfter,
  type EventCursor,
  type Happening,
} from './event-stream';
import type { ActionHandler, ClusterRecord, SimState } from './state';

export type { EventCursor } from './event-stream';

/** The RDS cluster events the account raises, with the messages RDS documents for them. */
export const RDS_CLUSTER_EVENTS = {
  'RDS-EVENT-0150': 'DB cluster stopped.',
  'RDS-EVENT-0151': 'DB cluster started.',
  'RDS-EVENT-0153':
    'DB cluster is being started due to it exceeding the maximum allowed time being stopped.',
} as const;
export type RdsClusterEventId = keyof typeof RDS_CLUSTER_EVENTS;

/** How long Aurora lets a cluster stay stopped before it starts it again. */
export const MAX_STOPPED_MS = 7 * 86_400_000;
/** How long RDS keeps events for DescribeEvents. */
export const EVENTS_KEPT_MS = 14 * 86_400_000;

/** One event a cluster raises (or will raise: `at` may be ahead of the clock). */
export interface ClusterEventRecord {
  /** The EventBridge event's id. */
  readonly id: string;
  readonly at: number;
  readonly eventId: RdsClusterEventId;
}

/**
 * An RDS event as EventBridge delivers it on the default bus (detail-type "RDS DB Cluster
 * Event"), with the instant it happened for whoever delivers it.
 */
export interface RdsEventBridgeEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': 'RDS DB Cluster Event';
  readonly source: 'aws.rds';
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: string[];
  readonly detail: {
    readonly EventCategories: string[];
    readonly SourceType: 'CLUSTER';
    readonly SourceArn: string;
    readonly Date: string;
    readonly Message: string;
    readonly SourceIdentifier: string;
    readonly EventID: RdsClusterEventId;
  };
}

/** Records that the cluster raises `eventId` at `at` (kept in time order). */
export function raiseClusterEvent(
  s: SimState,
  c: ClusterRecord,
  at: number,
  eventId: RdsClusterEventId,
): void {
  const record = { id: s.ids.nextUuid('rds-event', 'e0e0e0e0'), at, eventId };
  const i = c.events.findIndex((e) => e.at > at);
  c.events.splice(i === -1 ? c.events.length : i, 0, record);
}

/** Drops what the cluster would do after t: its status changes and the events they raise. */
export function cancelClusterAfter(c: ClusterRecord, t: number): void {
  c.status.cancelAfter(t);
  c.events = c.events.filter((e) => e.at <= t);
}

/**
 * Stops the cluster as StopDBCluster does, and plans what AWS does next: `stopped` (RDS-EVENT-
 * 0150) after `stopMs`, and seven days later, unless someone starts it first, its automatic start
 * (RDS-EVENT-0153, `starting`), then `available` (RDS-EVENT-0151) after `startMs`.
 */
export function planStop(s: SimState, c: ClusterRecord, from: number, stopMs: number): void {
  const stoppedAt = from + stopMs;
  cancelClusterAfter(c, from);
  c.status.schedule(from, 'stopping');
  planStopped(s, c, stoppedAt);
}

/** A cluster stopped at `stoppedAt`: the event, and AWS starting it 7 days on. */
export function planStopped(s: SimState, c: ClusterRecord, stoppedAt: number): void {
  c.status.schedule(stoppedAt, 'stopped');
  raiseClusterEvent(s, c, stoppedAt, 'RDS-EVENT-0150');
  const restartAt = stoppedAt + MAX_STOPPED_MS;
  c.status.schedule(restartAt, 'starting');
  raiseClusterEvent(s, c, restartAt, 'RDS-EVENT-0153');
  planAvailable(s, c, restartAt + s.timings.dbStartMs);
}

/** Starts the cluster as StartDBCluster does; the automatic start it had coming is dropped. */
export function planStart(s: SimState, c: ClusterRecord, from: number): void {
  cancelClusterAfter(c, from);
  c.status.schedule(from, 'starting');
  planAvailable(s, c, from + s.timings.dbStartMs);
}

function planAvailable(s: SimState, c: ClusterRecord, at: number): void {
  c.status.schedule(at, 'available');
  raiseClusterEvent(s, c, at, 'RDS-EVENT-0151');
}

function bridgeEvent(s: SimState, c: ClusterRecord, e: ClusterEventRecord): RdsEventBridgeEvent {
  return awsEventEnvelope(s, {
    id: e.id,
    at: e.at,
    detailType: 'RDS DB Cluster Event',
    source: 'aws.rds',
    resources: [c.arn],
    detail: {
      EventCategories: ['notification'],
      SourceType: 'CLUSTER',
      SourceArn: c.arn,
      Date: new Date(e.at).toISOString(),
      Message: RDS_CLUSTER_EVENTS[e.eventId],
      SourceIdentifier: c.id,
      EventID: e.eventId,
    },
  });
}

/** Every cluster event, oldest first (ties in the order they were raised). */
function allEvents(s: SimState): { cluster: ClusterRecord; event: ClusterEventRecord }[] {
  return [...s.clusters.values()]
    .flatMap((cluster) => cluster.events.map((event) => ({ cluster, event })))
    .sort((a, b) => a.event.at - b.event.at);
}

/** Every cluster event, raised and planned, for the account's event stream. */
export function clusterHappenings(s: SimState): Happening<RdsEventBridgeEvent>[] {
  return allEvents(s).map(({ cluster, event }) => ({
    at: event.at,
    key: event.id,
    event: () => bridgeEvent(s, cluster, event),
  }));
}

/**
 * The cluster events that happened after `cursor` and by now, as EventBridge delivers them,
 * with the cursor to read from next (see happenedSince).
 */
export function clusterEventsSince(
  s: SimState,
  cursor: EventCursor | undefined,
): { events: { at: number; event: RdsEventBridgeEvent }[]; cursor: EventCursor } {
  return happenedSince(clusterHappenings(s), cursor, s.now());
}

/** When the next cluster event will happen, if one is planned. */
export function nextClusterEventAt(s: SimState): number | undefined {
  return nextAfter(clusterHappenings(s), s.now());
}

const SOURCE_TYPES = [
  'db-instance',
  'db-parameter-group',
  'db-security-group',
  'db-snapshot',
  'db-cluster',
  'db-cluster-snapshot',
  'custom-engine-version',
  'db-proxy',
  'blue-green-deployment',
  'db-shard-group',
  'zero-etl',
];

/**
 * DescribeEvents for cluster events: by SourceIdentifier (which needs SourceType), SourceType,
 * StartTime/EndTime or Duration (minutes back from now, default 60), EventCategories; oldest
 * first, MaxRecords (20-100, default 100) a page with a Marker. Events are kept 14 days.
 */
export const describeEvents: ActionHandler = (s, input): EventsMessage => {
  const now = s.now();
  const sourceId = input.optString('SourceIdentifier');
  const sourceType = input.optString('SourceType');
  if (sourceId !== undefined && sourceType === undefined) {
    throw new SimApiError(
      'rds',
      'InvalidParameterCombination',
      'Cannot specify source identifier without source type',
    );
  }
  if (sourceType !== undefined && !SOURCE_TYPES.includes(sourceType)) {
    throw invalidParameter('rds', `Invalid source type: ${sourceType}`);
  }
  if (input.optList('Filters') !== undefined) {
    throw invalidParameter('rds', 'The parameter Filters is not supported.');
  }
  const maxRecords = input.optNumber('MaxRecords') ?? 100;
  if (!Number.isInteger(maxRecords) || maxRecords < 20 || maxRecords > 100) {
    throw invalidParameter('rds', 'MaxRecords must be between 20 and 100');
  }
  const end = input.optDate('EndTime')?.getTime() ?? now;
  const start =
    input.optDate('StartTime')?.getTime() ?? now - (input.optNumber('Duration') ?? 60) * 60_000;
  const categories = input.optStrings('EventCategories');
  const matching = allEvents(s).filter(
    ({ cluster, event }) =>
      (sourceType === undefined || sourceType === 'db-cluster') &&
      (sourceId === undefined || sourceId === cluster.id) &&
      event.at <= now &&
      event.at >= Math.max(start, now - EVENTS_KEPT_MS) &&
      event.at <= end &&
      (categories === undefined || categories.includes('notification')),
  );
  const offset = Number(input.optString('Marker') ?? '0');
  const page = matching.slice(offset, offset + maxRecords);
  const next = offset + page.length;
  return {
    Events: page.map(({ cluster, event }): RdsEvent => ({
      SourceIdentifier: cluster.id,
      SourceType: 'db-cluster',
      Message: RDS_CLUSTER_EVENTS[event.eventId],
      EventCategories: ['notification'],
      Date: new Date(event.at),
      SourceArn: cluster.arn,
    })),
    ...(next < matching.length ? { Marker: String(next) } : {}),
  };
};
