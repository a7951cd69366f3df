import type {
  DescribeInstanceStatusResult,
  DescribeInstancesResult,
  StartInstancesResult,
  StopInstancesResult,
} from '@aws-sdk/client-ec2';
import type { SimulatedAccount } from '../../../local/sim-aws';
import { apiError, newAccount } from './sim-fixture';

async function stateOf(account: SimulatedAccount, id: string): Promise<string | undefined> {
  const out = (await account.call('ec2', 'DescribeInstances', {
    InstanceIds: [id],
  })) as DescribeInstancesResult;
  return out.Reservations?.[0].Instances?.[0].State?.Name;
}

async function statuses(account: SimulatedAccount, input: Record<string, unknown>) {
  const out = (await account.call(
    'ec2',
    'DescribeInstanceStatus',
    input,
  )) as DescribeInstanceStatusResult;
  return out.InstanceStatuses ?? [];
}

describe('EC2 StopInstances', () => {
  it('goes running -> stopping -> stopped after ec2StopMs and stops Apache', async () => {
    // Prepare
    const { clock, account, t0 } = newAccount();
    const id = account.addInstance({ name: 'web-1' });

    // Act
    const out = (await account.call('ec2', 'StopInstances', {
      InstanceIds: [id],
    })) as StopInstancesResult;

    // Assess
    expect(out.StoppingInstances).toEqual([
      {
        InstanceId: id,
        CurrentState: { Code: 64, Name: 'stopping' },
        PreviousState: { Code: 16, Name: 'running' },
      },
    ]);
    clock.advance(44_999);
    expect(await stateOf(account, id)).toBe('stopping');
    clock.advance(1);
    expect(await stateOf(account, id)).toBe('stopped');
    expect(account.history(id)).toEqual([
      { at: t0, state: 'running' },
      { at: t0, state: 'stopping' },
      { at: t0 + 45_000, state: 'stopped' },
    ]);
    expect(account.snapshot().instances[0]).toMatchObject({ state: 'stopped', apache: 'stopped' });
  });

  it('is idempotent while stopping or stopped and adds no transition', async () => {
    // Prepare
    const { clock, account } = newAccount();
    const id = account.addInstance({});
    await account.call('ec2', 'StopInstances', { InstanceIds: [id] });
    clock.advance(10_000);

    // Act
    const whileStopping = (await account.call('ec2', 'StopInstances', {
      InstanceIds: [id],
    })) as StopInstancesResult;
    clock.advance(60_000);
    const whenStopped = (await account.call('ec2', 'StopInstances', {
      InstanceIds: [id],
    })) as StopInstancesResult;

    // Assess
    expect(whileStopping.StoppingInstances?.[0].CurrentState?.Name).toBe('stopping');
    expect(whenStopped.StoppingInstances?.[0]).toMatchObject({
      CurrentState: { Code: 80, Name: 'stopped' },
      PreviousState: { Code: 80, Name: 'stopped' },
    });
    expect(account.history(id).map((h) => h.state)).toEqual(['running', 'stopping', 'stopped']);
  });

  it('refuses a pending instance with IncorrectInstanceState and changes nothing', async () => {
    // Prepare
    const { account } = newAccount();
    const pending = account.addInstance({ state: 'stopped' });
    const running = account.addInstance({});
    await account.call('ec2', 'StartInstances', { InstanceIds: [pending] });

    // Act
    const err = await apiError(
      account.call('ec2', 'StopInstances', { InstanceIds: [running, pending] }),
    );

    // Assess
    expect(err.code).toBe('IncorrectInstanceState');
    expect(err.message).toBe(
      `The instance '${pending}' is not in a state from which it can be stopped.`,
    );
    expect(await stateOf(account, running)).toBe('running');
  });
});

describe('EC2 StartInstances', () => {
  it('goes stopped -> pending -> running, status checks initializing then ok, Apache down', async () => {
    // Prepare
    const { clock, account } = newAccount();
    const id = account.addInstance({ state: 'stopped' });

    // Act
    const out = (await account.call('ec2', 'StartInstances', {
      InstanceIds: [id],
    })) as StartInstancesResult;

    // Assess
    expect(out.StartingInstances?.[0]).toMatchObject({
      CurrentState: { Code: 0, Name: 'pending' },
      PreviousState: { Code: 80, Name: 'stopped' },
    });
    clock.advance(30_000);
    expect(await stateOf(account, id)).toBe('running');
    const [early] = await statuses(account, { InstanceIds: [id] });
    expect(early.InstanceStatus?.Status).toBe('initializing');
    expect(early.SystemStatus?.Status).toBe('initializing');
    clock.advance(120_000);
    const [later] = await statuses(account, { InstanceIds: [id] });
    expect(later.InstanceStatus).toEqual({
      Status: 'ok',
      Details: [{ Name: 'reachability', Status: 'passed' }],
    });
    expect(account.snapshot().instances[0].apache).toBe('stopped');
  });

  it('is a no-op for a pending or running instance', async () => {
    // Prepare
    const { clock, account } = newAccount();
    const id = account.addInstance({ state: 'stopped' });
    await account.call('ec2', 'StartInstances', { InstanceIds: [id] });
    clock.advance(1000);

    // Act
    const whilePending = (await account.call('ec2', 'StartInstances', {
      InstanceIds: [id],
    })) as StartInstancesResult;
    clock.advance(60_000);
    const whenRunning = (await account.call('ec2', 'StartInstances', {
      InstanceIds: [id],
    })) as StartInstancesResult;

    // Assess
    expect(whilePending.StartingInstances?.[0].CurrentState?.Name).toBe('pending');
    expect(whenRunning.StartingInstances?.[0].CurrentState?.Name).toBe('running');
    expect(account.history(id).map((h) => h.state)).toEqual(['stopped', 'pending', 'running']);
  });

  it('refuses a stopping instance with IncorrectInstanceState', async () => {
    // Prepare
    const { clock, account } = newAccount();
    const id = account.addInstance({});
    await account.call('ec2', 'StopInstances', { InstanceIds: [id] });
    clock.advance(1000);

    // Act
    const err = await apiError(account.call('ec2', 'StartInstances', { InstanceIds: [id] }));

    // Assess
    expect(err.code).toBe('IncorrectInstanceState');
    expect(account.history(id).map((h) => h.state)).toEqual(['running', 'stopping']);
  });
});

describe('EC2 DescribeInstanceStatus', () => {
  it('omits instances that are not running unless IncludeAllInstances is true', async () => {
    // Prepare
    const { account } = newAccount();
    const up = account.addInstance({});
    const down = account.addInstance({ state: 'stopped' });

    // Act
    const defaults = await statuses(account, { InstanceIds: [up, down] });
    const all = await statuses(account, { InstanceIds: [up, down], IncludeAllInstances: true });

    // Assess
    expect(defaults.map((s) => s.InstanceId)).toEqual([up]);
    expect(all.find((s) => s.InstanceId === down)).toMatchObject({
      InstanceState: { Code: 80, Name: 'stopped' },
      InstanceStatus: { Status: 'not-applicable' },
      SystemStatus: { Status: 'not-applicable' },
    });
  });

  it('returns nothing for an instance still pending (the reference design tripped on this)', async () => {
    // Prepare
    const { account } = newAccount();
    const id = account.addInstance({ state: 'stopped' });
    await account.call('ec2', 'StartInstances', { InstanceIds: [id] });

    // Act
    const out = await statuses(account, { InstanceIds: [id] });

    // Assess
    expect(out).toEqual([]);
  });

  it('answers for up to 100 named instances in one call and refuses more', async () => {
    // Prepare: 101 instances, one of them starting.
    const { account } = newAccount();
    const ids = Array.from({ length: 101 }, () => account.addInstance({}));
    await account.call('ec2', 'StopInstances', { InstanceIds: [ids[0]] });

    // Act
    const hundred = await statuses(account, {
      InstanceIds: ids.slice(0, 100),
      IncludeAllInstances: true,
    });
    const tooMany = await apiError(statuses(account, { InstanceIds: ids }));

    // Assess
    expect(hundred.map((st) => st.InstanceId)).toEqual(ids.slice(0, 100));
    expect(hundred[0].InstanceState?.Name).toBe('stopping');
    expect(hundred[1].InstanceStatus?.Status).toBe('ok');
    expect(tooMany.code).toBe('InvalidParameterValue');
  });
});

describe('EC2 DescribeInstances', () => {
  it('answers for many named instances in one call', async () => {
    // Prepare
    const { account } = newAccount();
    const ids = Array.from({ length: 150 }, () => account.addInstance({}));

    // Act
    const out = (await account.call('ec2', 'DescribeInstances', {
      InstanceIds: ids,
    })) as DescribeInstancesResult;

    // Assess
    expect(out.Reservations?.flatMap((r) => r.Instances?.map((i) => i.InstanceId))).toEqual(ids);
  });

  it('filters by tag, tag-key, state name and instance id, with wildcards', async () => {
    // Prepare
    const { account } = newAccount();
    const a = account.addInstance({ name: 'web-1', tags: { System: 'shop', Role: 'web' } });
    const b = account.addInstance({ name: 'web-2', tags: { System: 'shop' }, state: 'stopped' });
    account.addInstance({ name: 'batch-1', tags: { System: 'erp' } });
    const ids = async (Filters: unknown[]) => {
      const out = (await account.call('ec2', 'DescribeInstances', {
        Filters,
      })) as DescribeInstancesResult;
      return (out.Reservations ?? []).map((r) => r.Instances?.[0].InstanceId);
    };

    // Act / Assess
    expect(await ids([{ Name: 'tag:System', Values: ['shop'] }])).toEqual([a, b]);
    expect(await ids([{ Name: 'tag:Name', Values: ['web-*'] }])).toEqual([a, b]);
    expect(await ids([{ Name: 'tag-key', Values: ['Role'] }])).toEqual([a]);
    expect(
      await ids([
        { Name: 'tag:System', Values: ['shop', 'erp'] },
        { Name: 'instance-state-name', Values: ['stopped'] },
      ]),
    ).toEqual([b]);
    expect(await ids([{ Name: 'instance-id', Values: [a] }])).toEqual([a]);
  });

  it('returns tags as Key/Value pairs and the state code', async () => {
    // Prepare
    const { account } = newAccount();
    const id = account.addInstance({ name: 'web-1', tags: { System: 'shop' } });

    // Act
    const out = (await account.call('ec2', 'DescribeInstances', {
      InstanceIds: [id],
    })) as DescribeInstancesResult;

    // Assess
    const inst = out.Reservations?.[0].Instances?.[0];
    expect(inst?.State).toEqual({ Code: 16, Name: 'running' });
    expect(inst?.Tags).toEqual([
      { Key: 'System', Value: 'shop' },
      { Key: 'Name', Value: 'web-1' },
    ]);
  });

  it('rejects unknown ids, malformed ids and unknown filter names like EC2', async () => {
    // Prepare
    const { account } = newAccount();

    // Act
    const notFound = await apiError(
      account.call('ec2', 'DescribeInstances', { InstanceIds: ['i-0123456789abcdef0'] }),
    );
    const malformed = await apiError(
      account.call('ec2', 'DescribeInstances', { InstanceIds: ['web-1'] }),
    );
    const badFilter = await apiError(
      account.call('ec2', 'DescribeInstances', { Filters: [{ Name: 'colour', Values: ['x'] }] }),
    );

    // Assess
    expect(notFound.code).toBe('InvalidInstanceID.NotFound');
    expect(notFound.message).toBe("The instance ID 'i-0123456789abcdef0' does not exist");
    expect(malformed.code).toBe('InvalidInstanceID.Malformed');
    expect(badFilter.code).toBe('InvalidParameterValue');
  });
});
