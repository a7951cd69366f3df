import { newAccount } from './sim-fixture';

describe('SimFaults', () => {
  it('stickInstance leaves the next stop in stopping until cleared, then it completes', async () => {
    // Prepare
    const { clock, account } = newAccount();
    const id = account.addInstance({});
    account.faults.stickInstance(id);

    // Act
    await account.call('ec2', 'StopInstances', { InstanceIds: [id] });
    clock.advance(3_600_000);
    const stuck = account.snapshot().instances[0].state;
    const described = account.faults.describe();
    account.faults.clear(id);

    // Assess
    expect(stuck).toBe('stopping');
    expect(described).toEqual([`${id}: stuck stopping, never reaches stopped`]);
    expect(account.snapshot().instances[0].state).toBe('stopped');
    expect(account.faults.describe()).toEqual([]);
  });

  it('stickInstance affects only the next transition once it has been used', async () => {
    // Prepare
    const { clock, account } = newAccount();
    const id = account.addInstance({ state: 'stopped' });
    account.faults.stickInstance(id);
    await account.call('ec2', 'StartInstances', { InstanceIds: [id] });
    clock.advance(100_000);
    account.faults.clear(id);

    // Act
    await account.call('ec2', 'StopInstances', { InstanceIds: [id] });
    clock.advance(45_000);

    // Assess
    expect(account.history(id).map((h) => h.state)).toEqual([
      'stopped',
      'pending',
      'running',
      'stopping',
      'stopped',
    ]);
  });

  it('describes every active fault and clear() without an id removes them all', () => {
    // Prepare
    const { account } = newAccount();
    const id = account.addInstance({});
    account.addDbCluster({ id: 'shop-db' });
    account.faults.failCommands(id, { exitCode: 1, match: /httpd/ });
    account.faults.stickInstance(id);
    account.faults.pinUnhealthy(id);
    account.faults.backingUp('shop-db', 60_000);

    // Act
    const before = account.faults.describe();
    account.faults.clear();

    // Assess
    expect(before).toEqual([
      `${id}: command lines matching /httpd/ exit 1`,
      `${id}: next stop/start will not complete`,
      `${id}: target pinned unhealthy`,
      'shop-db: backing-up until 2025-01-06T09:01:00.000Z',
    ]);
    expect(account.faults.describe()).toEqual([]);
    expect(account.snapshot().clusters[0].status).toBe('available');
  });

  it('throws on an unknown resource id instead of ignoring a typo', () => {
    // Prepare
    const { account } = newAccount();

    // Act / Assess
    expect(() => account.faults.pinUnhealthy('i-typo')).toThrow('no instance i-typo');
    expect(() => account.faults.backingUp('nope', 1)).toThrow('no cluster nope');
  });
});
