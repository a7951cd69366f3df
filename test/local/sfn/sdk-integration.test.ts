import {
  callIntegration,
  integrationErrorName,
  javaMemberName,
} from '../../../local/sfn/sdk-integration';
import { SimulatedAccount } from '../../../local/sim-aws';

describe('Java v2 spelling of SDK integrations', () => {
  it('cases acronyms as words', () => {
    expect(javaMemberName('DBClusterIdentifier')).toBe('DbClusterIdentifier');
    expect(javaMemberName('DBClusters')).toBe('DbClusters');
    expect(javaMemberName('IamRoleArn')).toBe('IamRoleArn');
    expect(javaMemberName('SSM')).toBe('Ssm');
  });

  it('names errors as Step Functions does', () => {
    expect(integrationErrorName('rds', 'InvalidDBClusterStateFault')).toBe(
      'Rds.InvalidDbClusterStateException',
    );
    expect(integrationErrorName('ec2', 'IncorrectInstanceState')).toBe('Ec2.Ec2Exception');
    expect(integrationErrorName('elbv2', 'PriorityInUse')).toBe(
      'ElasticLoadBalancingV2.PriorityInUseException',
    );
    expect(integrationErrorName('backup', 'InvalidParameterValueException')).toBe(
      'Backup.InvalidParameterValueException',
    );
  });
});

describe('callIntegration', () => {
  const resource = 'arn:aws:states:::aws-sdk:backup:startBackupJob';

  it('starts a backup job and answers in the Java spelling', async () => {
    const account = new SimulatedAccount();
    const id = account.addInstance({ state: 'running' });
    const out = (await callIntegration(account, resource, {
      BackupVaultName: 'vault',
      IamRoleArn: 'arn:aws:iam::123456789012:role/backup',
      ResourceArn: `arn:aws:ec2:us-east-1:123456789012:instance/${id}`,
      IdempotencyToken: 'run-1-x',
    })) as Record<string, unknown>;
    expect(out.BackupJobId).toEqual(expect.any(String));
    expect(typeof out.CreationDate).toBe('string');
  });

  it('rejects a member spelt the JavaScript way, as the service would', async () => {
    const account = new SimulatedAccount();
    await expect(
      callIntegration(account, resource, { BackupVaultName: 'v', IAMRoleArn: 'x' }),
    ).rejects.toMatchObject({
      name: 'States.Runtime',
      message: expect.stringContaining('IAMRoleArn'),
    });
  });

  it('turns an API error into the Step Functions error name with a service-style cause', async () => {
    const account = new SimulatedAccount();
    await expect(
      callIntegration(account, resource, {
        BackupVaultName: 'vault',
        IamRoleArn: 'arn:aws:iam::123456789012:role/backup',
        ResourceArn: 'arn:aws:ec2:us-east-1:123456789012:instance/i-00000000000000000',
      }),
    ).rejects.toMatchObject({
      name: 'Backup.InvalidParameterValueException',
      message: expect.stringContaining('(Service: Backup, Status Code: 400'),
    });
  });
});
