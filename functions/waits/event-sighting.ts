import {
  CLUSTER_EVENT_STATES,
  TERMINAL_COMMAND_STATUSES,
  type WaitEvent,
} from '../../contract/wait-events';
import { waitKeys } from '../../contract/waits';

/** What an AWS event tells about a waited-for resource, and which wait it concerns. */
export type Sighting =
  | {
      readonly kind: 'instance';
      readonly key: string;
      readonly instanceId: string;
      readonly state: 'stopped' | 'running';
      readonly at: number;
    }
  | {
      readonly kind: 'command';
      readonly key: string;
      readonly commandId: string;
      readonly instanceId: string;
      readonly status: string;
      readonly at: number;
    }
  | {
      readonly kind: 'cluster';
      readonly key: string;
      readonly clusterId: string;
      readonly status: 'available' | 'stopped';
      readonly at: number;
    };

/** An Aurora cluster's ARN, as AWS Backup names the resource it backed up. */
const CLUSTER_ARN = /^arn:aws[a-z-]*:rds:[^:]*:\d*:cluster:(.+)$/;
const TERMINAL_COMMAND: readonly string[] = TERMINAL_COMMAND_STATUSES;

/**
 * Reads an event into the wait it may complete; undefined for an event no wait is keyed on
 * (another state, a backup that did not complete, a resource that is not an Aurora cluster).
 * The time is the event's own `time` (whole seconds).
 */
export function sightingOf(event: WaitEvent): Sighting | undefined {
  const at = Date.parse(event.time);
  switch (event['detail-type']) {
    case 'EC2 Instance State-change Notification': {
      const { 'instance-id': instanceId, state } = event.detail;
      if (state !== 'stopped' && state !== 'running') return undefined;
      return { kind: 'instance', key: waitKeys.instance(instanceId, state), instanceId, state, at };
    }
    case 'EC2 Command Invocation Status-change Notification': {
      const { 'command-id': commandId, 'instance-id': instanceId, status } = event.detail;
      if (!TERMINAL_COMMAND.includes(status)) return undefined;
      const key = waitKeys.command(commandId, instanceId);
      return { kind: 'command', key, commandId, instanceId, status, at };
    }
    case 'RDS DB Cluster Event': {
      const { EventID, SourceIdentifier: clusterId } = event.detail;
      const status = CLUSTER_EVENT_STATES[EventID as keyof typeof CLUSTER_EVENT_STATES];
      if (status === undefined) return undefined;
      return { kind: 'cluster', key: waitKeys.cluster(clusterId, status), clusterId, status, at };
    }
    case 'Backup Job State Change': {
      // The cluster is backing-up until its backup ends; then it is available again.
      const { state, resourceType, resourceArn } = event.detail;
      const clusterId = CLUSTER_ARN.exec(resourceArn)?.[1];
      if (state !== 'COMPLETED' || resourceType !== 'Aurora' || clusterId === undefined) {
        return undefined;
      }
      const key = waitKeys.cluster(clusterId, 'available');
      return { kind: 'cluster', key, clusterId, status: 'available', at };
    }
    default:
      return undefined;
  }
}
