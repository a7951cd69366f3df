import type { DBClusterMessage, StopDBClusterResult } from '@aws-sdk/client-rds';
import type { SimulatedAccount } from '../../../local/sim-aws';
import { apiError, newAccount } from './sim-fixture';

async function status(account: SimulatedAccount, id: string): Promise<string | undefined> {
  const out = (await account.call('rds', 'DescribeDBClusters', {
    DBClusterIdentifier: id,
  })) as DBClusterMessage;
  return out.DBClusters?.[0].Status;
}

describe('RDS Aurora cluster', () => {
  it('stops: available -> stopping -> stopped after dbStopMs', async () => {
    // Prepare
    const { clock, account } = newAccount();
    const arn = account.addDbCluster({ id: 'shop-db' });

    // Act
    const out = (await account.call('rds', 'StopDBCluster', {
      DBClusterIdentifier: 'shop-db',
    })) as StopDBClusterResult;

    // Assess
    expect(arn).toBe('arn:aws:rds:us-east-1:123456789012:cluster:shop-db');
    expect(out.DBCluster).toMatchObject({
      DBClusterIdentifier: 'shop-db',
      DBClusterArn: arn,
      Status: 'stopping',
      Engine: 'aurora-mysql',
    });
    clock.advance(239_999);
    expect(await status(account, 'shop-db')).toBe('stopping');
    clock.advance(1);
    expect(await status(account, 'shop-db')).toBe('stopped');
  });

  it('starts: stopped -> starting -> available after dbStartMs', async () => {
    // Prepare
    const { clock, account, t0 } = newAccount();
    account.addDbCluster({ id: 'shop-db', status: 'stopped' });

    // Act
    await account.call('rds', 'StartDBCluster', { DBClusterIdentifier: 'shop-db' });
    clock.advance(420_000);

    // Assess
    expect(await status(account, 'shop-db')).toBe('available');
    expect(account.reachedAt('shop-db', 'available')).toBe(t0 + 420_000);
  });

  it('refuses to stop a stopped cluster or start an available one', async () => {
    // Prepare
    const { account } = newAccount();
    account.addDbCluster({ id: 'stopped-db', status: 'stopped' });
    account.addDbCluster({ id: 'live-db' });

    // Act
    const stop = await apiError(
      account.call('rds', 'StopDBCluster', { DBClusterIdentifier: 'stopped-db' }),
    );
    const start = await apiError(
      account.call('rds', 'StartDBCluster', { DBClusterIdentifier: 'live-db' }),
    );

    // Assess
    expect(stop.code).toBe('InvalidDBClusterStateFault');
    expect(stop.message).toBe(
      'DbCluster stopped-db is in stopped state but expected it to be available.',
    );
    expect(start.code).toBe('InvalidDBClusterStateFault');
  });

  it('refuses to stop while backing-up, and allows it once available again', async () => {
    // Prepare
    const { clock, account } = newAccount();
    account.addDbCluster({ id: 'shop-db' });
    account.faults.backingUp('shop-db', 90_000);

    // Act
    const err = await apiError(
      account.call('rds', 'StopDBCluster', { DBClusterIdentifier: 'shop-db' }),
    );
    clock.advance(90_000);
    await account.call('rds', 'StopDBCluster', { DBClusterIdentifier: 'shop-db' });

    // Assess
    expect(err.message).toBe(
      'DbCluster shop-db is in backing-up state but expected it to be available.',
    );
    expect(account.history('shop-db').map((h) => h.state)).toEqual([
      'available',
      'backing-up',
      'available',
      'stopping',
    ]);
  });

  it('answers DBClusterNotFoundFault (HTTP 404) for an unknown cluster', async () => {
    // Prepare
    const { account } = newAccount();

    // Act
    const err = await apiError(
      account.call('rds', 'DescribeDBClusters', { DBClusterIdentifier: 'nope' }),
    );

    // Assess
    expect(err).toMatchObject({ code: 'DBClusterNotFoundFault', httpStatus: 404 });
  });

  it('describes the clusters a db-cluster-id filter names, by identifier or ARN, in one call', async () => {
    // Prepare
    const { account } = newAccount();
    account.addDbCluster({ id: 'shop-db' });
    const blogArn = account.addDbCluster({ id: 'blog-db', status: 'stopped' });
    account.addDbCluster({ id: 'other-db', engine: 'aurora-postgresql' });
    const describe = async (input: Record<string, unknown>) =>
      (
        (await account.call('rds', 'DescribeDBClusters', input)) as DBClusterMessage
      ).DBClusters?.map((c) => [c.DBClusterIdentifier, c.Status]);

    // Act
    const named = await describe({
      Filters: [{ Name: 'db-cluster-id', Values: ['shop-db', blogArn, 'gone-db'] }],
    });
    const postgres = await describe({
      Filters: [{ Name: 'engine', Values: ['aurora-postgresql'] }],
    });
    const none = await describe({ Filters: [{ Name: 'db-cluster-id', Values: ['gone-db'] }] });
    const unknownFilter = await apiError(
      describe({ Filters: [{ Name: 'status', Values: ['x'] }] }),
    );
    const noValues = await apiError(describe({ Filters: [{ Name: 'engine', Values: [] }] }));

    // Assess
    expect(named).toEqual([
      ['shop-db', 'available'],
      ['blog-db', 'stopped'],
    ]);
    expect(postgres).toEqual([['other-db', 'available']]);
    expect(none).toEqual([]);
    expect([unknownFilter.code, noValues.code]).toEqual([
      'InvalidParameterValue',
      'InvalidParameterValue',
    ]);
  });
});
