import { BackupServiceException, StartBackupJobCommand } from '@aws-sdk/client-backup';
import {
  DescribeInstancesCommand,
  EC2ServiceException,
  paginateDescribeInstances,
  StartInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateRuleCommand,
  DescribeTargetHealthCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeDBClustersCommand, RDSServiceException } from '@aws-sdk/client-rds';
import {
  GetCommandInvocationCommand,
  SendCommandCommand,
  SSMServiceException,
} from '@aws-sdk/client-ssm';
import { createSimulatedClients } from '../../../local/sim-aws';
import { newAccount } from './sim-fixture';

function setup() {
  const fixture = newAccount();
  return { ...fixture, clients: createSimulatedClients(fixture.account) };
}

describe('createSimulatedClients', () => {
  it('runs real SDK commands against the account', async () => {
    // Prepare
    const { clock, account, clients } = setup();
    const id = account.addInstance({ name: 'web-1' });

    // Act
    const stopped = await clients.ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
    clock.advance(45_000);
    const described = await clients.ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));

    // Assess
    expect(stopped.$metadata.httpStatusCode).toBe(200);
    expect(stopped.StoppingInstances?.[0].CurrentState?.Name).toBe('stopping');
    expect(described.Reservations?.[0].Instances?.[0].State).toEqual({ Code: 80, Name: 'stopped' });
    expect(account.calls.map((c) => `${c.service}:${c.action}`)).toEqual([
      'ec2:StopInstances',
      'ec2:DescribeInstances',
    ]);
    expect(await clients.ec2.config.region()).toBe('us-east-1');
  });

  it('turns an EC2 error into an EC2ServiceException named by its code', async () => {
    // Prepare
    const { account, clients } = setup();
    const id = account.addInstance({});
    await clients.ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));

    // Act
    const err = await clients.ec2
      .send(new StartInstancesCommand({ InstanceIds: [id] }))
      .catch((e: unknown) => e);

    // Assess
    expect(err).toBeInstanceOf(EC2ServiceException);
    expect(err).toMatchObject({
      name: 'IncorrectInstanceState',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('turns an RDS error into an RDSServiceException', async () => {
    // Prepare
    const { clients } = setup();

    // Act
    const err = await clients.rds
      .send(new DescribeDBClustersCommand({ DBClusterIdentifier: 'missing-db' }))
      .catch((e: unknown) => e);

    // Assess
    expect(err).toBeInstanceOf(RDSServiceException);
    expect(err).toMatchObject({
      name: 'DBClusterNotFoundFault',
      message: 'DBCluster missing-db not found.',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('round-trips SSM, ELBv2 and Backup commands with SDK types', async () => {
    // Prepare
    const { clock, account, clients } = setup();
    const id = account.addInstance({});
    const tg = account.addTargetGroup({ name: 'shop-web', instanceIds: [id] });
    const { listenerArn } = account.addLoadBalancer({ name: 'shop-alb', targetGroupArn: tg });

    // Act
    const sent = await clients.ssm.send(
      new SendCommandCommand({
        DocumentName: 'AWS-RunShellScript',
        InstanceIds: [id],
        Parameters: { commands: ['systemctl is-active httpd'] },
      }),
    );
    clock.advance(3000);
    const inv = await clients.ssm.send(
      new GetCommandInvocationCommand({ CommandId: sent.Command?.CommandId, InstanceId: id }),
    );
    const rule = await clients.elbv2.send(
      new CreateRuleCommand({
        ListenerArn: listenerArn,
        Priority: 1,
        Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } }],
        Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '503' } }],
      }),
    );
    const health = await clients.elbv2.send(
      new DescribeTargetHealthCommand({ TargetGroupArn: tg }),
    );
    const badBackup = await clients.backup
      .send(
        new StartBackupJobCommand({
          BackupVaultName: 'Default',
          ResourceArn: 'arn:x',
          IamRoleArn: 'arn:r',
        }),
      )
      .catch((e: unknown) => e);

    // Assess
    expect(inv).toMatchObject({
      Status: 'Success',
      ResponseCode: 0,
      StandardOutputContent: 'active\n',
    });
    expect(rule.Rules?.[0].Priority).toBe('1');
    expect(health.TargetHealthDescriptions?.[0].TargetHealth?.State).toBe('healthy');
    expect(badBackup).toBeInstanceOf(BackupServiceException);
    expect(badBackup).toMatchObject({ name: 'InvalidParameterValueException' });
  });

  it('raises SSM errors as SSMServiceException', async () => {
    // Prepare
    const { account, clients } = setup();
    const id = account.addInstance({ state: 'stopped' });

    // Act
    const err = await clients.ssm
      .send(
        new SendCommandCommand({
          DocumentName: 'AWS-RunShellScript',
          InstanceIds: [id],
          Parameters: { commands: ['true'] },
        }),
      )
      .catch((e: unknown) => e);

    // Assess
    expect(err).toBeInstanceOf(SSMServiceException);
    expect(err).toMatchObject({ name: 'InvalidInstanceId' });
  });

  it('works with SDK paginators', async () => {
    // Prepare
    const { account, clients } = setup();
    const a = account.addInstance({ tags: { System: 'shop' } });
    const b = account.addInstance({ tags: { System: 'shop' } });

    // Act
    const ids: string[] = [];
    const pages = paginateDescribeInstances(
      { client: clients.ec2 },
      { Filters: [{ Name: 'tag:System', Values: ['shop'] }] },
    );
    for await (const page of pages) {
      for (const r of page.Reservations ?? []) ids.push(r.Instances?.[0].InstanceId ?? '');
    }

    // Assess
    expect(ids).toEqual([a, b]);
  });
});
