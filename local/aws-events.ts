import type { PutEvent } from './local-event-bus';

/**
 * Events shaped as AWS documents them, for the local mode's prompt and the tests to put on the
 * local event bus (the bus fills in id, time, account and region).
 */

/**
 * A CloudWatch alarm's state change ("Alarm events and EventBridge" in the CloudWatch user
 * guide): `detail-type` "CloudWatch Alarm State Change", the alarm's ARN in `resources`.
 */
export function alarmStateChange(
  account: { readonly accountId: string; readonly region: string },
  alarmName: string,
  state: 'ALARM' | 'OK' | 'INSUFFICIENT_DATA' = 'ALARM',
  previous: 'ALARM' | 'OK' | 'INSUFFICIENT_DATA' = state === 'OK' ? 'ALARM' : 'OK',
  at: Date = new Date(),
): PutEvent {
  const timestamp = at.toISOString().replace('Z', '+0000');
  return {
    source: 'aws.cloudwatch',
    'detail-type': 'CloudWatch Alarm State Change',
    resources: [`arn:aws:cloudwatch:${account.region}:${account.accountId}:alarm:${alarmName}`],
    detail: {
      alarmName,
      state: {
        value: state,
        reason: `Threshold Crossed: 1 datapoint was ${state === 'ALARM' ? 'greater than' : 'not greater than'} the threshold.`,
        timestamp,
      },
      previousState: { value: previous, timestamp },
      configuration: { description: `${alarmName} (local)`, metrics: [] },
    },
  };
}

/**
 * An RDS cluster event (`detail-type` "RDS DB Cluster Event"), e.g. RDS-EVENT-0153: AWS starts a
 * cluster that has been stopped for 7 days.
 */
export function rdsClusterEvent(
  account: { readonly accountId: string; readonly region: string },
  clusterId: string,
  eventId: string,
  message: string,
  at: Date = new Date(),
): PutEvent {
  const arn = `arn:aws:rds:${account.region}:${account.accountId}:cluster:${clusterId}`;
  return {
    source: 'aws.rds',
    'detail-type': 'RDS DB Cluster Event',
    resources: [arn],
    detail: {
      EventCategories: ['notification'],
      SourceType: 'CLUSTER',
      SourceArn: arn,
      Date: at.toISOString(),
      Message: message,
      SourceIdentifier: clusterId,
      EventID: eventId,
    },
  };
}

/** RDS-EVENT-0153's message, as RDS words it. */
export const RDS_EVENT_0153_MESSAGE =
  'DB cluster is being started due to it exceeding the maximum allowed time being stopped.';
