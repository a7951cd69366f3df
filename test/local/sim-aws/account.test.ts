import type { DescribeInstancesResult } from '@aws-sdk/client-ec2';
import { SimulatedAccount } from '../../../local/sim-aws/account';
import { apiError, newAccount } from './sim-fixture';

describe('SimulatedAccount', () => {
  it('records every call, failed ones with their error code', async () => {
    // Prepare
    const { clock, account, t0 } = newAccount();
    const id = account.addInstance({});

    // Act
    await account.call('ec2', 'DescribeInstances', { InstanceIds: [id] });
    clock.advance(10);
    await apiError(account.call('rds', 'StopDBCluster', { DBClusterIdentifier: 'nope' }));

    // Assess
    expect(account.calls).toEqual([
      { at: t0, service: 'ec2', action: 'DescribeInstances' },
      { at: t0 + 10, service: 'rds', action: 'StopDBCluster', error: 'DBClusterNotFoundFault' },
    ]);
  });

  it('answers unknown actions, prototype names included, with UnsupportedOperation', async () => {
    // Prepare
    const { account } = newAccount();

    // Act
    const unknown = await apiError(account.call('ssm', 'ListDocuments', {}));
    const proto = await apiError(account.call('ec2', 'toString', {}));

    // Assess
    expect(unknown).toMatchObject({ code: 'UnsupportedOperation', name: 'UnsupportedOperation' });
    expect(proto.code).toBe('UnsupportedOperation');
  });

  it('copies input and output, so callers cannot change the account', async () => {
    // Prepare
    const { account } = newAccount();
    const id = account.addInstance({ name: 'web-1' });
    const input = { InstanceIds: [id] };

    // Act
    const out = (await account.call('ec2', 'DescribeInstances', input)) as DescribeInstancesResult;
    const tags = out.Reservations?.[0].Instances?.[0].Tags ?? [];
    tags[0].Value = 'hacked';
    input.InstanceIds.push('i-0123456789abcdef0');
    const again = (await account.call('ec2', 'DescribeInstances', {
      InstanceIds: [id],
    })) as DescribeInstancesResult;

    // Assess
    expect(again.Reservations?.[0].Instances?.[0].Tags).toEqual([{ Key: 'Name', Value: 'web-1' }]);
  });

  it('history shows only what has happened; reachedAt honours afterMs', async () => {
    // Prepare
    const { clock, account, t0 } = newAccount();
    const id = account.addInstance({});
    await account.call('ec2', 'StopInstances', { InstanceIds: [id] });

    // Act
    const midway = account.history(id);
    const notYet = account.reachedAt(id, 'stopped');
    clock.advance(45_000);
    await account.call('ec2', 'StartInstances', { InstanceIds: [id] });
    clock.advance(30_000);

    // Assess
    expect(midway.map((h) => h.state)).toEqual(['running', 'stopping']);
    expect(notYet).toBeUndefined();
    expect(account.reachedAt(id, 'stopped')).toBe(t0 + 45_000);
    expect(account.reachedAt(id, 'running')).toBe(t0);
    expect(account.reachedAt(id, 'running', t0 + 1)).toBe(t0 + 75_000);
  });

  it('exposes derived histories for status checks and Apache', async () => {
    // Prepare
    const { clock, account, t0 } = newAccount();
    const id = account.addInstance({ state: 'stopped' });

    // Act
    await account.call('ec2', 'StartInstances', { InstanceIds: [id] });
    clock.advance(200_000);

    // Assess
    expect(account.history(`${id}/status-checks`)).toEqual([
      { at: t0, state: 'not-applicable' },
      { at: t0 + 30_000, state: 'initializing' },
      { at: t0 + 150_000, state: 'ok' },
    ]);
    expect(account.history(`${id}/apache`)).toEqual([{ at: t0, state: 'stopped' }]);
    expect(() => account.history('i-unknown')).toThrow('unknown resource i-unknown');
  });

  it('applies timing overrides and hands out deterministic ids', async () => {
    // Prepare
    const account = new SimulatedAccount({
      clock: { now: () => 0 },
      timings: { ec2StopMs: 0 },
      region: 'eu-west-1',
      accountId: '111122223333',
    });

    // Act
    const first = account.addInstance({});
    const second = account.addInstance({});
    await account.call('ec2', 'StopInstances', { InstanceIds: [first] });

    // Assess
    expect([first, second]).toEqual(['i-0a1b2c3d4e5f60001', 'i-0a1b2c3d4e5f60002']);
    expect(account.timings).toMatchObject({ ec2StopMs: 0, ec2StartMs: 30_000 });
    expect(account.snapshot().instances[0].state).toBe('stopped');
    expect(account.addDbCluster({ id: 'db' })).toBe(
      'arn:aws:rds:eu-west-1:111122223333:cluster:db',
    );
  });

  it('snapshots every resource as plain JSON', async () => {
    // Prepare
    const { account } = newAccount();
    const id = account.addInstance({ name: 'web-1' });
    account.addDbCluster({ id: 'shop-db' });
    const tg = account.addTargetGroup({ name: 'shop-web', instanceIds: [id] });
    account.addLoadBalancer({ name: 'shop-alb', targetGroupArn: tg });

    // Act
    const snap = account.snapshot();

    // Assess
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);
    expect(snap).toMatchObject({
      at: '2025-01-06T09:00:00.000Z',
      instances: [
        {
          id,
          name: 'web-1',
          state: 'running',
          apache: 'running',
          statusChecks: 'ok',
          ssmOnline: true,
        },
      ],
      clusters: [{ id: 'shop-db', status: 'available' }],
      listeners: [
        { loadBalancer: 'shop-alb', rules: [{ priority: 'default', actionType: 'forward' }] },
      ],
      targetGroups: [{ name: 'shop-web', targets: [{ id, state: 'healthy' }] }],
      backupJobs: [],
      commands: [],
      faults: [],
    });
  });
});
