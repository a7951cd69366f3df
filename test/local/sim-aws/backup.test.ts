import type {
  DescribeBackupJobOutput,
  ListBackupJobsOutput,
  StartBackupJobOutput,
} from '@aws-sdk/client-backup';
import { apiError, newAccount } from './sim-fixture';

const ROLE = 'arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole';

function instanceArn(id: string): string {
  return `arn:aws:ec2:us-east-1:123456789012:instance/${id}`;
}

describe('AWS Backup jobs', () => {
  it('runs at once and completes after backupJobMs, with an AMI recovery point', async () => {
    // Prepare
    const { clock, account, t0 } = newAccount();
    const id = account.addInstance({});

    // Act
    const started = (await account.call('backup', 'StartBackupJob', {
      BackupVaultName: 'Default',
      ResourceArn: instanceArn(id),
      IamRoleArn: ROLE,
      Lifecycle: { DeleteAfterDays: 3 },
    })) as StartBackupJobOutput;
    const jobId = started.BackupJobId as string;
    const running = (await account.call('backup', 'DescribeBackupJob', {
      BackupJobId: jobId,
    })) as DescribeBackupJobOutput;
    clock.advance(60_000);
    const done = (await account.call('backup', 'DescribeBackupJob', {
      BackupJobId: jobId,
    })) as DescribeBackupJobOutput;

    // Assess
    expect(started).toMatchObject({ IsParent: false, CreationDate: new Date(t0) });
    expect(started.RecoveryPointArn).toMatch(/^arn:aws:ec2:us-east-1::image\/ami-[0-9a-f]{17}$/);
    expect(running).toMatchObject({ State: 'RUNNING', ResourceType: 'EC2' });
    expect(done).toMatchObject({ State: 'COMPLETED', PercentDone: '100.0' });
  });

  it('returns the same job for a repeated idempotency token and starts nothing new', async () => {
    // Prepare
    const { clock, account } = newAccount();
    const id = account.addInstance({});
    const request = {
      BackupVaultName: 'Default',
      ResourceArn: instanceArn(id),
      IamRoleArn: ROLE,
      IdempotencyToken: 'stop-run-42-web-1',
    };
    const first = (await account.call('backup', 'StartBackupJob', request)) as StartBackupJobOutput;
    clock.advance(5000);

    // Act
    const second = (await account.call(
      'backup',
      'StartBackupJob',
      request,
    )) as StartBackupJobOutput;
    const conflict = await apiError(
      account.call('backup', 'StartBackupJob', { ...request, BackupVaultName: 'Other' }),
    );

    // Assess
    expect(second).toEqual(first);
    const list = (await account.call('backup', 'ListBackupJobs', {
      ByResourceArn: instanceArn(id),
    })) as ListBackupJobsOutput;
    expect(list.BackupJobs).toHaveLength(1);
    expect(conflict.code).toBe('InvalidParameterValueException');
  });

  it('holds an available cluster backing-up for dbBackingUpMs', async () => {
    // Prepare
    const { clock, account, t0 } = newAccount();
    const arn = account.addDbCluster({ id: 'shop-db' });

    // Act
    await account.call('backup', 'StartBackupJob', {
      BackupVaultName: 'Default',
      ResourceArn: arn,
      IamRoleArn: ROLE,
    });
    clock.advance(100_000);

    // Assess
    expect(account.history('shop-db')).toEqual([
      { at: t0, state: 'available' },
      { at: t0, state: 'backing-up' },
      { at: t0 + 90_000, state: 'available' },
    ]);
  });

  it("completes a cluster's job the instant the cluster leaves backing-up", async () => {
    // Prepare
    const { clock, account, t0 } = newAccount();
    const arn = account.addDbCluster({ id: 'shop-db' });
    const started = (await account.call('backup', 'StartBackupJob', {
      BackupVaultName: 'Default',
      ResourceArn: arn,
      IamRoleArn: ROLE,
    })) as StartBackupJobOutput;
    const jobId = started.BackupJobId as string;
    const describe = async () =>
      (await account.call('backup', 'DescribeBackupJob', {
        BackupJobId: jobId,
      })) as DescribeBackupJobOutput;

    // Act
    clock.advance(89_999);
    const before = await describe();
    clock.advance(1);
    const after = await describe();

    // Assess
    expect(before).toMatchObject({ State: 'RUNNING', ResourceType: 'Aurora' });
    expect(after).toMatchObject({
      State: 'COMPLETED',
      PercentDone: '100.0',
      CompletionDate: new Date(t0 + 90_000),
    });
    expect(account.reachedAt(jobId, 'COMPLETED')).toBe(
      account.reachedAt('shop-db', 'available', t0 + 1),
    );
  });

  it("moves a cluster's job end with the backing-up: longer when held, at once when cleared", async () => {
    // Prepare
    const { clock, account, t0 } = newAccount();
    const arn = account.addDbCluster({ id: 'shop-db' });
    const start = async () =>
      (
        (await account.call('backup', 'StartBackupJob', {
          BackupVaultName: 'Default',
          ResourceArn: arn,
          IamRoleArn: ROLE,
        })) as StartBackupJobOutput
      ).BackupJobId as string;
    const first = await start();
    clock.advance(10_000);
    const second = await start();

    // Act: a fault holds the cluster longer, then is cleared early.
    account.faults.backingUp('shop-db', 600_000);
    clock.advance(20_000);
    account.faults.clear('shop-db');
    clock.advance(1_000);

    // Assess: both jobs end with the hold, at the clear.
    const clearedAt = t0 + 30_000;
    expect(account.history(first).map((e) => e.state)).toEqual(['CREATED', 'RUNNING', 'COMPLETED']);
    expect(account.reachedAt(first, 'COMPLETED')).toBe(clearedAt);
    expect(account.reachedAt(second, 'COMPLETED')).toBe(clearedAt);
    expect(account.reachedAt('shop-db', 'available', t0 + 1)).toBe(clearedAt);
  });

  it('leaves a stopped cluster stopped', async () => {
    // Prepare
    const { account } = newAccount();
    const arn = account.addDbCluster({ id: 'shop-db', status: 'stopped' });

    // Act
    await account.call('backup', 'StartBackupJob', {
      BackupVaultName: 'Default',
      ResourceArn: arn,
      IamRoleArn: ROLE,
    });

    // Assess
    expect(account.snapshot().clusters[0].status).toBe('stopped');
  });

  it('rejects unknown resources, missing parameters and unknown job ids', async () => {
    // Prepare
    const { account } = newAccount();

    // Act
    const unknown = await apiError(
      account.call('backup', 'StartBackupJob', {
        BackupVaultName: 'Default',
        ResourceArn: instanceArn('i-0123456789abcdef0'),
        IamRoleArn: ROLE,
      }),
    );
    const missing = await apiError(
      account.call('backup', 'StartBackupJob', { ResourceArn: 'x', IamRoleArn: ROLE }),
    );
    const noJob = await apiError(account.call('backup', 'DescribeBackupJob', { BackupJobId: 'X' }));

    // Assess
    expect(unknown.code).toBe('InvalidParameterValueException');
    expect(missing.code).toBe('MissingParameterValueException');
    expect(noJob.code).toBe('ResourceNotFoundException');
  });
});
