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
