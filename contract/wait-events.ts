import type { EventPattern } from './event-pattern';

/**
 * The AWS events that complete the jobnets' waits, as EventBridge delivers them on the default
 * bus (shapes as the EC2, Systems Manager, RDS and AWS Backup documentation give them), and the
 * rule patterns that route them to the wait matcher. The deployed rules and the local event bus
 * use these same patterns.
 */

interface Envelope<T extends string, S extends string, D> {
  readonly version: string;
  readonly id: string;
  readonly 'detail-type': T;
  readonly source: S;
  readonly account: string;
  /** Second precision, as EventBridge gives it: "2026-12-02T22:01:05Z". */
  readonly time: string;
  readonly region: string;
  readonly resources: string[];
  readonly detail: D;
}

export type InstanceStateEvent = Envelope<
  'EC2 Instance State-change Notification',
  'aws.ec2',
  { readonly 'instance-id': string; readonly state: string }
>;

export type CommandStatusEvent = Envelope<
  'EC2 Command Invocation Status-change Notification',
  'aws.ssm',
  {
    readonly 'command-id': string;
    readonly 'document-name': string;
    readonly 'instance-id': string;
    readonly 'requested-date-time': string;
    readonly status: string;
  }
>;

export type ClusterEvent = Envelope<
  'RDS DB Cluster Event',
  'aws.rds',
  {
    readonly EventCategories: string[];
    readonly SourceType: 'CLUSTER';
    readonly SourceArn: string;
    readonly Date: string;
    readonly Message: string;
    readonly SourceIdentifier: string;
    readonly EventID: string;
  }
>;

export type BackupJobEvent = Envelope<
  'Backup Job State Change',
  'aws.backup',
  {
    readonly backupJobId: string;
    readonly backupVaultName: string;
    readonly backupVaultArn: string;
    readonly resourceArn: string;
    readonly resourceType: string;
    readonly state: string;
    readonly creationDate: string;
    readonly completionDate?: string;
    readonly iamRoleArn: string;
    /** A number in the event (100, 99, 0 in the guide's examples), unlike DescribeBackupJob's string. */
    readonly percentDone?: number;
    readonly statusMessage?: string;
  }
>;

export type WaitEvent = InstanceStateEvent | CommandStatusEvent | ClusterEvent | BackupJobEvent;

/** Run Command statuses after which an invocation changes no more. */
export const TERMINAL_COMMAND_STATUSES = ['Success', 'Failed', 'TimedOut', 'Cancelled'] as const;
/** RDS cluster events that end a stop or a start (and AWS's own start after 7 days stopped). */
export const CLUSTER_EVENT_STATES = {
  'RDS-EVENT-0150': 'stopped',
  'RDS-EVENT-0151': 'available',
} as const;
/** Backup job states after which a job changes no more. */
export const TERMINAL_BACKUP_STATES = ['COMPLETED', 'FAILED', 'ABORTED', 'EXPIRED'] as const;

/** One rule per kind of event; each targets the wait matcher. */
export const WAIT_EVENT_PATTERNS = {
  'instance-state': {
    source: ['aws.ec2'],
    'detail-type': ['EC2 Instance State-change Notification'],
    detail: { state: ['stopped', 'running'] },
  },
  'command-status': {
    source: ['aws.ssm'],
    'detail-type': ['EC2 Command Invocation Status-change Notification'],
    detail: { 'document-name': ['AWS-RunShellScript'], status: [...TERMINAL_COMMAND_STATUSES] },
  },
  'cluster-state': {
    source: ['aws.rds'],
    'detail-type': ['RDS DB Cluster Event'],
    detail: { EventID: Object.keys(CLUSTER_EVENT_STATES) },
  },
  'backup-job': {
    source: ['aws.backup'],
    'detail-type': ['Backup Job State Change'],
    detail: { state: [...TERMINAL_BACKUP_STATES], resourceType: ['Aurora'] },
  },
} as const satisfies Record<string, EventPattern>;

export type WaitEventRule = keyof typeof WAIT_EVENT_PATTERNS;
