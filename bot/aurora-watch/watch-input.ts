import { z } from 'zod';
import { awsEventSchema, type AwsEvent } from '../scheduled-run/firing';

/** RDS's EventBridge detail-type for cluster events. */
export const RDS_CLUSTER_EVENT = 'RDS DB Cluster Event';
/** AWS started a cluster that had been stopped for 7 days. */
export const RDS_RESTARTED_AFTER_7_DAYS = 'RDS-EVENT-0153';
/** What DescribeEvents says for RDS-EVENT-0150 (it lists messages, not event ids). */
export const RDS_CLUSTER_STOPPED_MESSAGE = 'DB cluster stopped.';
/** How long Aurora lets a cluster stay stopped before it starts it. */
export const MAX_STOPPED_MS = 7 * 86_400_000;

/** An RDS cluster event from the default bus (the rule matches the watched clusters only). */
export const rdsClusterEventSchema = awsEventSchema.extend({
  source: z.literal('aws.rds'),
  'detail-type': z.literal(RDS_CLUSTER_EVENT),
  detail: z.looseObject({
    EventID: z.string().min(1),
    SourceIdentifier: z.string().min(1),
    Message: z.string().optional(),
    Date: z.string().optional(),
  }),
});
export type RdsClusterEvent = z.output<typeof rdsClusterEventSchema>;

/** The daily check, as its EventBridge Scheduler schedule invokes the watch. */
export const dailyCheckSchema = z.strictObject({
  kind: z.literal('daily-check'),
  scheduledAt: z.iso.datetime({ offset: true }),
});
export type DailyCheck = z.output<typeof dailyCheckSchema>;

/** What the watch is invoked with: an RDS cluster event, or its daily check. */
export const watchInputSchema = z.union([dailyCheckSchema, rdsClusterEventSchema]);

/**
 * What the watch hands the scheduled-run starter to stop the DB cluster again: an event firing
 * of the `aurora-restop` trigger, carrying the RDS event that asked for it.
 */
export interface RestopFiring {
  readonly kind: 'event';
  readonly system: string;
  readonly trigger: 'aurora-restop';
  readonly event: AwsEvent;
}
