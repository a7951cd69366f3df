import { StartBackupJobCommand } from '@aws-sdk/client-backup';
import { StopInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateRuleCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeDBClustersCommand, StopDBClusterCommand } from '@aws-sdk/client-rds';
import { GetCommandInvocationCommand, SendCommandCommand } from '@aws-sdk/client-ssm';
import { createSimulatedClients } from '../../../local/sim-aws';
import { newAccount } from './sim-fixture';

const ROLE = 'arn:aws:iam::123456789012:role/backup';

describe('stop jobnet walk-through against the simulated account', () => {
  it('takes one web system down in order, blocked by the DB backup until it ends', async () => {
    // Prepare
    const { clock, account, t0 } = newAccount();
    const { ec2, ssm, rds, elbv2, backup } = createSimulatedClients(account);
    const web = account.addInstance({ name: 'web-1' });
    const dbArn = account.addDbCluster({ id: 'shop-db' });
    const tg = account.addTargetGroup({ name: 'shop-web', instanceIds: [web] });
    const { listenerArn } = account.addLoadBalancer({ name: 'shop-alb', targetGroupArn: tg });
    const run = async (commands: string[]) => {
      const sent = await ssm.send(
        new SendCommandCommand({
          DocumentName: 'AWS-RunShellScript',
          InstanceIds: [web],
          Parameters: { commands },
        }),
      );
      clock.advance(10_000);
      return ssm.send(
        new GetCommandInvocationCommand({ CommandId: sent.Command?.CommandId, InstanceId: web }),
      );
    };

    // Act
    await elbv2.send(
      new CreateRuleCommand({
        ListenerArn: listenerArn,
        Priority: 1,
        Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } }],
        Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '503' } }],
      }),
    );
    const stopScript = await run(['systemctl stop httpd']);
    const check = await run(['systemctl is-active httpd']);
    await ec2.send(new StopInstancesCommand({ InstanceIds: [web] }));
    clock.advance(45_000);
    await backup.send(
      new StartBackupJobCommand({
        BackupVaultName: 'Default',
        ResourceArn: `arn:aws:ec2:us-east-1:123456789012:instance/${web}`,
        IamRoleArn: ROLE,
      }),
    );
    await backup.send(
      new StartBackupJobCommand({
        BackupVaultName: 'Default',
        ResourceArn: dbArn,
        IamRoleArn: ROLE,
      }),
    );
    const tooEarly = await rds
      .send(new StopDBClusterCommand({ DBClusterIdentifier: 'shop-db' }))
      .catch((e: Error) => e.name);
    clock.advance(90_000);
    await rds.send(new StopDBClusterCommand({ DBClusterIdentifier: 'shop-db' }));
    clock.advance(240_000);
    const db = await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: 'shop-db' }));

    // Assess
    expect(stopScript.Status).toBe('Success');
    expect(check).toMatchObject({ Status: 'Failed', ResponseCode: 3 });
    expect(tooEarly).toBe('InvalidDBClusterStateFault');
    expect(db.DBClusters?.[0].Status).toBe('stopped');
    expect(account.reachedAt(web, 'stopped')).toBe(t0 + 20_000 + 45_000);
    expect(account.snapshot()).toMatchObject({
      instances: [{ state: 'stopped', apache: 'stopped' }],
      listeners: [{ rules: [{ priority: '1' }, { priority: 'default' }] }],
      targetGroups: [{ targets: [{ state: 'unused' }] }],
    });
    expect(account.calls.filter((c) => c.error !== undefined)).toHaveLength(1);
  });
});
