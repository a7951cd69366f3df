import { matchesEventPattern } from '../../../contract/event-pattern-match';
import { WAIT_EVENT_PATTERNS, type WaitEventRule } from '../../../contract/wait-events';
import type { AwsEvent } from '../../../local/sim-aws/account-events';
import type { SimulatedAccount } from '../../../local/sim-aws/account';
import {
  BACKUP_JOB_STATE_CHANGE,
  documentedShape,
  EC2_INSTANCE_STATE_CHANGE,
  RDS_DB_CLUSTER_EVENT,
  shapeOf,
  SSM_COMMAND_INVOCATION_STATUS_CHANGE,
} from './documented-events';
import { newAccount } from './sim-fixture';

const DAY = 86_400_000;
const ROLE = 'arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole';

/** Every event raised so far, read in one go. */
function raised(account: SimulatedAccount): { at: number; event: AwsEvent }[] {
  return account.awsEventsSince().events;
}

/** An event as [instant, what changed]: the state, status, RDS event id or job state. */
function summary({ at, event }: { at: number; event: AwsEvent }): [number, string] {
  const d = event.detail as Record<string, unknown>;
  return [at, String(d.state ?? d.status ?? d.EventID)];
}

/** The wait rules (contract) whose pattern the event matches. */
function rulesMatching(event: AwsEvent): WaitEventRule[] {
  return (Object.keys(WAIT_EVENT_PATTERNS) as WaitEventRule[]).filter((rule) =>
    matchesEventPattern(WAIT_EVENT_PATTERNS[rule], event),
  );
}

async function sendCommand(account: SimulatedAccount, instanceId: string, line: string) {
  const out = (await account.call('ssm', 'SendCommand', {
    DocumentName: 'AWS-RunShellScript',
    InstanceIds: [instanceId],
    Parameters: { commands: [line] },
  })) as { Command: { CommandId: string } };
  return out.Command.CommandId;
}

describe('the events the simulated account raises', () => {
  it('raises an EC2 state change at each state a stop and a start enter, in the EC2 guide shape', async () => {
    // Prepare
    const { clock, account, t0 } = newAccount();
    const id = account.addInstance({});

    // Act
    await account.call('ec2', 'StopInstances', { InstanceIds: [id] });
    clock.advance(45_000);
    await account.call('ec2', 'StartInstances', { InstanceIds: [id] });
    clock.advance(30_000);
    const events = raised(account);

    // Assess
    expect(events.map(summary)).toEqual([
      [t0, 'stopping'],
      [t0 + 45_000, 'stopped'],
      [t0 + 45_000, 'pending'],
      [t0 + 75_000, 'running'],
    ]);
    expect(shapeOf(events[0].event)).toEqual({
      ...documentedShape(EC2_INSTANCE_STATE_CHANGE),
      version: 'string',
    });
    expect(events[1].event).toEqual({
      version: '0',
      id: expect.any(String),
      'detail-type': 'EC2 Instance State-change Notification',
      source: 'aws.ec2',
      account: '123456789012',
      time: '2025-01-06T09:00:45Z',
      region: 'us-east-1',
      resources: [`arn:aws:ec2:us-east-1:123456789012:instance/${id}`],
      detail: { 'instance-id': id, state: 'stopped' },
    });
    expect(events.map((e) => rulesMatching(e.event))).toEqual([
      [],
      ['instance-state'],
      [],
      ['instance-state'],
    ]);
  });

  it('raises a command invocation status change when it starts and when it ends, in the SSM shape', async () => {
    // Prepare
    const { clock, account, t0 } = newAccount();
    const id = account.addInstance({});
    const other = account.addInstance({});
    account.faults.failCommands(other, { exitCode: 3 });

    // Act
    const ok = await sendCommand(account, id, 'systemctl stop httpd');
    const failed = await sendCommand(account, other, 'systemctl stop httpd');
    clock.advance(10_000);
    const events = raised(account);

    // Assess: delivered after 2 s; the stop takes 3 s, the failing line half a second.
    expect(events.map(summary)).toEqual([
      [t0 + 2_000, 'InProgress'],
      [t0 + 2_000, 'InProgress'],
      [t0 + 2_500, 'Failed'],
      [t0 + 5_000, 'Success'],
    ]);
    expect(shapeOf(events[3].event)).toEqual(documentedShape(SSM_COMMAND_INVOCATION_STATUS_CHANGE));
    expect(events[3].event).toMatchObject({
      'detail-type': 'EC2 Command Invocation Status-change Notification',
      source: 'aws.ssm',
      time: '2025-01-06T09:00:05Z',
      resources: [`arn:aws:ec2:us-east-1:123456789012:instance/${id}`],
      detail: {
        'command-id': ok,
        'document-name': 'AWS-RunShellScript',
        'instance-id': id,
        'requested-date-time': '2025-01-06T09:00:00.000Z',
        status: 'Success',
      },
    });
    expect(events[2].event.detail).toMatchObject({ 'command-id': failed, 'instance-id': other });
    expect(events.map((e) => rulesMatching(e.event))).toEqual([
      [],
      [],
      ['command-status'],
      ['command-status'],
    ]);
  });

  it('raises RDS-EVENT-0150 when a stopped cluster is stopped and 0151 when a started one is available', async () => {
    // Prepare
    const { clock, account, t0 } = newAccount();
    const arn = account.addDbCluster({ id: 'shop-db' });

    // Act
    await account.call('rds', 'StopDBCluster', { DBClusterIdentifier: 'shop-db' });
    clock.advance(240_000);
    await account.call('rds', 'StartDBCluster', { DBClusterIdentifier: 'shop-db' });
    clock.advance(420_000);
    const events = raised(account);

    // Assess
    expect(events.map(summary)).toEqual([
      [t0 + 240_000, 'RDS-EVENT-0150'],
      [t0 + 660_000, 'RDS-EVENT-0151'],
    ]);
    expect(account.reachedAt('shop-db', 'stopped')).toBe(t0 + 240_000);
    expect(account.reachedAt('shop-db', 'available', t0 + 1)).toBe(t0 + 660_000);
    expect(shapeOf(events[0].event)).toEqual(documentedShape(RDS_DB_CLUSTER_EVENT));
    expect(events[1].event).toMatchObject({
      resources: [arn],
      detail: {
        SourceArn: arn,
        SourceIdentifier: 'shop-db',
        Date: '2025-01-06T09:11:00.000Z',
        Message: 'DB cluster started.',
      },
    });
    expect(events.map((e) => rulesMatching(e.event))).toEqual([
      ['cluster-state'],
      ['cluster-state'],
    ]);
  });

  it("raises a cluster backup's job states, COMPLETED the instant the cluster is available again", async () => {
    // Prepare
    const { clock, account, t0 } = newAccount();
    const arn = account.addDbCluster({ id: 'shop-db' });
    const instance = account.addInstance({});

    // Act
    const started = (await account.call('backup', 'StartBackupJob', {
      BackupVaultName: 'Default',
      ResourceArn: arn,
      IamRoleArn: ROLE,
    })) as { BackupJobId: string; RecoveryPointArn: string };
    await account.call('backup', 'StartBackupJob', {
      BackupVaultName: 'Default',
      ResourceArn: `arn:aws:ec2:us-east-1:123456789012:instance/${instance}`,
      IamRoleArn: ROLE,
    });
    clock.advance(100_000);
    const events = raised(account).filter(
      (e) => (e.event.detail as { backupJobId?: string }).backupJobId === started.BackupJobId,
    );

    // Assess
    const availableAgain = account.reachedAt('shop-db', 'available', t0 + 1);
    expect(availableAgain).toBe(t0 + 90_000);
    expect(events.map(summary)).toEqual([
      [t0, 'CREATED'],
      [t0, 'RUNNING'],
      [availableAgain, 'COMPLETED'],
    ]);
    const [created, running, completed] = events.map((e) => e.event);
    expect(shapeOf(created)).toEqual(documentedShape(BACKUP_JOB_STATE_CHANGE.CREATED));
    expect(shapeOf(running)).toEqual(
      documentedShape(BACKUP_JOB_STATE_CHANGE.RUNNING, [
        'backupSizeInBytes',
        'bytesTransferred',
        // A job a backup plan started says when it expects to end, and which plan started it.
        'expectedCompletionDate',
        'createdBy',
      ]),
    );
    expect(shapeOf(completed)).toEqual(
      documentedShape(BACKUP_JOB_STATE_CHANGE.COMPLETED, [
        'backupSizeInBytes',
        'bytesTransferred',
        'retryCount',
      ]),
    );
    expect(completed).toMatchObject({
      time: '2025-01-06T09:01:30Z',
      resources: [started.RecoveryPointArn],
      detail: {
        backupJobId: started.BackupJobId,
        backupVaultName: 'Default',
        backupVaultArn: 'arn:aws:backup:us-east-1:123456789012:backup-vault:Default',
        resourceArn: arn,
        resourceType: 'Aurora',
        iamRoleArn: ROLE,
        state: 'COMPLETED',
        creationDate: '2025-01-06T09:00:00.000Z',
        completionDate: '2025-01-06T09:01:30.000Z',
        startBy: '2025-01-06T17:00:00.000Z',
        percentDone: 100,
      },
    });
    expect(events.map((e) => rulesMatching(e.event))).toEqual([[], [], ['backup-job']]);
    const ec2Job = raised(account).find(
      (e) => (e.event.detail as { resourceType?: string }).resourceType === 'EC2',
    );
    expect(ec2Job?.event.detail).toMatchObject({ state: 'RUNNING' });
  });

  it('raises nothing for a change cancelled before it happened', async () => {
    // Prepare: a command that a stop interrupts; a stopped cluster someone starts before AWS
    // would; an instance whose stop sticks until the fault is cleared.
    const { clock, account, t0 } = newAccount();
    const web = account.addInstance({});
    const stuck = account.addInstance({});
    account.addDbCluster({ id: 'shop-db', status: 'stopped' });
    account.faults.stickInstance(stuck);

    // Act
    await sendCommand(account, web, 'systemctl stop httpd');
    clock.advance(3_000);
    await account.call('ec2', 'StopInstances', { InstanceIds: [web, stuck] });
    clock.advance(3 * DAY);
    await account.call('rds', 'StartDBCluster', { DBClusterIdentifier: 'shop-db' });
    clock.advance(5 * DAY);
    account.faults.clear(stuck);
    const events = raised(account);

    // Assess: the command fails at the stop (no Success), the cluster raises no 0153, and the
    // stuck instance is stopped when the fault is cleared, not 45 s after its stop.
    const byResource = (id: string) =>
      events
        .filter((e) => JSON.stringify(e.event).includes(`"${id}"`))
        .map(summary)
        .map(([at, what]) => [at - t0, what]);
    expect(byResource(web)).toEqual([
      [2_000, 'InProgress'],
      [3_000, 'stopping'],
      [3_000, 'Failed'],
      [48_000, 'stopped'],
    ]);
    expect(byResource('shop-db')).toEqual([
      [0, 'RDS-EVENT-0150'],
      [3 * DAY + 3_000 + 420_000, 'RDS-EVENT-0151'],
    ]);
    expect(byResource(stuck)).toEqual([
      [3_000, 'stopping'],
      [8 * DAY + 3_000, 'stopped'],
    ]);
  });

  it('hands each event out once across reads, and says when the next one is due', async () => {
    // Prepare
    const { clock, account, t0 } = newAccount({ ec2StopMs: 0 });
    const id = account.addInstance({});
    const before = account.awsEventsSince();

    // Act: the stop's two events happen at the instant of the stop.
    await account.call('ec2', 'StopInstances', { InstanceIds: [id] });
    const first = account.awsEventsSince(before.cursor);
    const again = account.awsEventsSince(first.cursor);
    await account.call('ec2', 'StartInstances', { InstanceIds: [id] });
    const next = account.nextAwsEventAt();
    clock.advance(30_000);
    const last = account.awsEventsSince(first.cursor);

    // Assess
    expect(before.events).toEqual([]);
    expect(first.events.map(summary)).toEqual([
      [t0, 'stopping'],
      [t0, 'stopped'],
    ]);
    expect(again.events).toEqual([]);
    expect(next).toBe(t0 + 30_000);
    expect(last.events.map(summary)).toEqual([
      [t0, 'pending'],
      [t0 + 30_000, 'running'],
    ]);
    expect(account.nextAwsEventAt()).toBeUndefined();
    expect(last.events[0].event.id).toBe(account.awsEventsSince().events[2].event.id);
  });

  it('tells its listeners after every call, resource added and fault change', async () => {
    // Prepare
    const { account } = newAccount();
    let told = 0;
    const unsubscribe = account.onTransitionsScheduled(() => (told += 1));

    // Act
    const id = account.addInstance({});
    account.addDbCluster({ id: 'shop-db' });
    await account.call('ec2', 'StopInstances', { InstanceIds: [id] });
    await account.call('ec2', 'StopInstances', { InstanceIds: ['i-bad'] }).catch(() => undefined);
    account.faults.backingUp('shop-db', 1_000);
    account.faults.clear();
    unsubscribe();
    await account.call('ec2', 'DescribeInstances', {});

    // Assess
    expect(told).toBe(6);
  });
});
