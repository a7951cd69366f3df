import type { Clock } from '../../contract/clock';
import type {
  BackupJobEvent,
  ClusterEvent,
  CommandStatusEvent,
  InstanceStateEvent,
} from '../../contract/wait-events';
import { waitKeys, type PollMessage } from '../../contract/waits';
import type { PollQueue } from '../../functions/waits/poll-queue';
import type { NewWait } from '../../functions/waits/wait-store';

/** A clock the test sets and moves; sleeping moves it at once. */
export interface TestClock extends Clock {
  set(ms: number): void;
  advance(ms: number): void;
}

export function testClock(start = Date.parse('2026-12-02T22:00:00.250Z')): TestClock {
  let now = start;
  return {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
    set: (ms) => {
      now = ms;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const executionArn = (name = 'start-shop-20261202T2200-0123abcd') =>
  `arn:aws:states:${REGION}:${ACCOUNT}:execution:webapp-chatops-start:${name}`;

let serial = 0;
/** A fresh id per call, so tests sharing one table never meet each other's items. */
export function uniqueInstanceId(): string {
  serial += 1;
  return `i-0${serial.toString(16).padStart(16, '0')}`;
}
export function uniqueCommandId(): string {
  serial += 1;
  return `${serial.toString(16).padStart(8, '0')}-71f7-4491-898f-c9b35bee5f3b`;
}
export function uniqueClusterId(): string {
  serial += 1;
  return `shop-db-${serial}`;
}
export function uniqueTargetGroupArn(): string {
  serial += 1;
  return `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/shop-${serial}/6d0ecf831eec9f09`;
}

const run = {
  executionArn: executionArn(),
  runId: 'start-shop-20261202T2200-0123abcd',
  system: 'shop',
};

export function instanceWait(
  instanceId: string,
  state: 'stopped' | 'running',
  extra: Partial<NewWait> = {},
): NewWait {
  return {
    pk: waitKeys.instance(instanceId, state),
    kind: 'instance',
    resource: instanceId,
    target: state,
    token: `token-${instanceId}-${state}`,
    ...run,
    step: state === 'running' ? 'StartInstance' : 'StopInstance',
    timeoutSeconds: 900,
    ...extra,
  };
}

export function commandWait(
  commandId: string,
  instanceId: string,
  extra: Partial<NewWait> = {},
): NewWait {
  return {
    pk: waitKeys.command(commandId, instanceId),
    kind: 'command',
    resource: commandId,
    instanceId,
    target: 'finished',
    token: `token-${commandId}`,
    ...run,
    step: 'StopApache',
    expect: 'success',
    timeoutSeconds: 600,
    ...extra,
  };
}

export function clusterWait(
  clusterId: string,
  state: 'available' | 'stopped',
  extra: Partial<NewWait> = {},
): NewWait {
  return {
    pk: waitKeys.cluster(clusterId, state),
    kind: 'cluster',
    resource: clusterId,
    target: state,
    token: `token-${clusterId}-${state}`,
    ...run,
    step: state === 'available' ? 'StartDbCluster' : 'StopDbCluster',
    timeoutSeconds: 1800,
    ...extra,
  };
}

export function statusWait(instanceId: string, extra: Partial<NewWait> = {}): NewWait {
  return {
    pk: waitKeys.status(instanceId),
    kind: 'status',
    resource: instanceId,
    target: 'ok',
    token: `token-${instanceId}-status`,
    ...run,
    step: 'StartInstance',
    timeoutSeconds: 900,
    ...extra,
  };
}

export function healthWait(targetGroupArn: string, extra: Partial<NewWait> = {}): NewWait {
  return {
    pk: waitKeys.health(targetGroupArn),
    kind: 'health',
    resource: targetGroupArn,
    target: 'healthy',
    token: `token-health-${targetGroupArn.split('/')[1]}`,
    ...run,
    step: 'WaitTargetsHealthy',
    timeoutSeconds: 900,
    ...extra,
  };
}

/** EventBridge's time: whole seconds. */
export function eventTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** As the EC2 documentation shows it. */
export function instanceStateEvent(
  instanceId: string,
  state: string,
  at: number,
): InstanceStateEvent {
  return {
    version: '0',
    id: '7bf73129-1428-4cd3-a780-95db273d1602',
    'detail-type': 'EC2 Instance State-change Notification',
    source: 'aws.ec2',
    account: ACCOUNT,
    time: eventTime(at),
    region: REGION,
    resources: [`arn:aws:ec2:${REGION}:${ACCOUNT}:instance/${instanceId}`],
    detail: { 'instance-id': instanceId, state },
  };
}

/** As the Systems Manager documentation shows it. */
export function commandStatusEvent(
  commandId: string,
  instanceId: string,
  status: string,
  at: number,
): CommandStatusEvent {
  return {
    version: '0',
    id: '4780e1b8-f56b-4de5-95f2-95db1bc37df1',
    'detail-type': 'EC2 Command Invocation Status-change Notification',
    source: 'aws.ssm',
    account: ACCOUNT,
    time: eventTime(at),
    region: REGION,
    resources: [`arn:aws:ec2:${REGION}:${ACCOUNT}:instance/${instanceId}`],
    detail: {
      'command-id': commandId,
      'document-name': 'AWS-RunShellScript',
      'instance-id': instanceId,
      'requested-date-time': new Date(at - 2000).toISOString(),
      status,
    },
  };
}

/** As the RDS documentation shows it. */
export function clusterEvent(
  clusterId: string,
  eventId: 'RDS-EVENT-0150' | 'RDS-EVENT-0151',
  at: number,
): ClusterEvent {
  const arn = `arn:aws:rds:${REGION}:${ACCOUNT}:cluster:${clusterId}`;
  return {
    version: '0',
    id: '844e2571-85d4-695f-b930-0153b71dcb42',
    'detail-type': 'RDS DB Cluster Event',
    source: 'aws.rds',
    account: ACCOUNT,
    time: eventTime(at),
    region: REGION,
    resources: [arn],
    detail: {
      EventCategories: ['notification'],
      SourceType: 'CLUSTER',
      SourceArn: arn,
      Date: new Date(at).toISOString(),
      Message: eventId === 'RDS-EVENT-0150' ? 'DB cluster stopped' : 'DB cluster started',
      SourceIdentifier: clusterId,
      EventID: eventId,
    },
  };
}

/** As the AWS Backup documentation shows it. */
export function backupJobEvent(clusterId: string, state: string, at: number): BackupJobEvent {
  const resourceArn = `arn:aws:rds:${REGION}:${ACCOUNT}:cluster:${clusterId}`;
  return {
    version: '0',
    id: 'd5a4c4a3-0e42-1b5c-7f0b-4a2b1c3d4e5f',
    'detail-type': 'Backup Job State Change',
    source: 'aws.backup',
    account: ACCOUNT,
    time: eventTime(at),
    region: REGION,
    resources: [resourceArn],
    detail: {
      backupJobId: '8a1c2f41-6b5c-4a3e-9f3d-2e7a1b0c9d8e',
      backupVaultName: 'Default',
      backupVaultArn: `arn:aws:backup:${REGION}:${ACCOUNT}:backup-vault:Default`,
      resourceArn,
      resourceType: 'Aurora',
      state,
      creationDate: new Date(at - 300_000).toISOString(),
      completionDate: new Date(at).toISOString(),
      iamRoleArn: `arn:aws:iam::${ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole`,
      percentDone: 100,
    },
  };
}

/** A poll queue that keeps what was sent, for the test to read (and to deliver). */
export function recordingQueue(): PollQueue & {
  sent: { message: PollMessage; delaySeconds: number }[];
} {
  const sent: { message: PollMessage; delaySeconds: number }[] = [];
  return {
    sent,
    send: async (message, delaySeconds) => {
      sent.push({ message, delaySeconds });
    },
  };
}
