import type { DBClusterMessage, EventsMessage } from '@aws-sdk/client-rds';
import type { SimulatedAccount } from '../../../local/sim-aws';
import { apiError, newAccount } from './sim-fixture';

const DAY = 86_400_000;
const STOP_MS = 240_000;
const START_MS = 420_000;

async function status(account: SimulatedAccount, id: string): Promise<string | undefined> {
  const out = (await account.call('rds', 'DescribeDBClusters', {
    DBClusterIdentifier: id,
  })) as DBClusterMessage;
  return out.DBClusters?.[0].Status;
}

async function events(account: SimulatedAccount, input: Record<string, unknown>) {
  return (await account.call('rds', 'DescribeEvents', input)) as EventsMessage;
}

describe('RDS: the 7-day restart and cluster events', () => {
  it('starts a cluster AWS-side 7 days after it stopped: starting, then available', async () => {
    // Prepare
    const { clock, account, t0 } = newAccount();
    account.addDbCluster({ id: 'shop-db' });
    await account.call('rds', 'StopDBCluster', { DBClusterIdentifier: 'shop-db' });
    const stoppedAt = t0 + STOP_MS;

    // Act
    clock.advance(STOP_MS + 7 * DAY - 1);
    const before = await status(account, 'shop-db');
    clock.advance(1);
    const at = await status(account, 'shop-db');
    clock.advance(START_MS);
    const after = await status(account, 'shop-db');

    // Assess
    expect([before, at, after]).toEqual(['stopped', 'starting', 'available']);
    expect(account.history('shop-db')).toEqual([
      { at: t0, state: 'available' },
      { at: t0, state: 'stopping' },
      { at: stoppedAt, state: 'stopped' },
      { at: stoppedAt + 7 * DAY, state: 'starting' },
      { at: stoppedAt + 7 * DAY + START_MS, state: 'available' },
    ]);
  });

  it('does not start a cluster someone started before the 7 days were up', async () => {
    // Prepare
    const { clock, account } = newAccount();
    account.addDbCluster({ id: 'shop-db', status: 'stopped' });
    clock.advance(3 * DAY);
    await account.call('rds', 'StartDBCluster', { DBClusterIdentifier: 'shop-db' });

    // Act
    clock.advance(5 * DAY);
    const { events: raised } = account.eventsSince();

    // Assess
    expect(await status(account, 'shop-db')).toBe('available');
    expect(raised.map((e) => e.event.detail.EventID)).toEqual(['RDS-EVENT-0150', 'RDS-EVENT-0151']);
    expect(account.nextEventAt()).toBeUndefined();
  });

  it('raises the events EventBridge carries, in its shape, each once across reads', async () => {
    // Prepare
    const { clock, account, t0 } = newAccount();
    const arn = account.addDbCluster({ id: 'shop-db', status: 'stopped' });

    // Act
    const first = account.eventsSince();
    clock.advance(7 * DAY);
    const second = account.eventsSince(first.cursor);
    const third = account.eventsSince(second.cursor);

    // Assess
    expect(first.events.map((e) => e.event.detail.EventID)).toEqual(['RDS-EVENT-0150']);
    expect(second.events).toHaveLength(1);
    expect(second.events[0]).toEqual({
      at: t0 + 7 * DAY,
      event: {
        version: '0',
        id: expect.stringMatching(/^[0-9a-f]{8}-0000-4000-8000-[0-9a-f]{12}$/),
        'detail-type': 'RDS DB Cluster Event',
        source: 'aws.rds',
        account: '123456789012',
        time: '2025-01-13T09:00:00Z',
        region: 'us-east-1',
        resources: [arn],
        detail: {
          EventCategories: ['notification'],
          SourceType: 'CLUSTER',
          SourceArn: arn,
          Date: '2025-01-13T09:00:00.000Z',
          Message:
            'DB cluster is being started due to it exceeding the maximum allowed time being stopped.',
          SourceIdentifier: 'shop-db',
          EventID: 'RDS-EVENT-0153',
        },
      },
    });
    expect(third.events).toEqual([]);
    expect(account.nextEventAt()).toBe(t0 + 7 * DAY + START_MS);
  });

  it('delivers an event raised at the very instant of the last read', async () => {
    // Prepare: timings of zero put the stop at the instant of the read.
    const { account } = newAccount({ dbStopMs: 0 });
    account.addDbCluster({ id: 'shop-db' });
    const empty = account.eventsSince();

    // Act
    await account.call('rds', 'StopDBCluster', { DBClusterIdentifier: 'shop-db' });
    const next = account.eventsSince(empty.cursor);

    // Assess
    expect(empty.events).toEqual([]);
    expect(next.events.map((e) => e.event.detail.Message)).toEqual(['DB cluster stopped.']);
    expect(account.eventsSince(next.cursor).events).toEqual([]);
  });

  it('answers DescribeEvents by cluster, time window and category, oldest first', async () => {
    // Prepare: stopped 6 days ago, another cluster stopped now.
    const { clock, account, t0 } = newAccount();
    account.addDbCluster({ id: 'shop-db', status: 'stopped' });
    clock.advance(6 * DAY);
    account.addDbCluster({ id: 'other-db', status: 'stopped' });

    // Act
    const lastHour = await events(account, {});
    const shop = await events(account, {
      SourceIdentifier: 'shop-db',
      SourceType: 'db-cluster',
      StartTime: new Date(t0 - DAY),
      EventCategories: ['notification'],
    });
    const byDuration = await events(account, { SourceType: 'db-cluster', Duration: 7 * 24 * 60 });
    const other = await events(account, { SourceType: 'db-instance' });
    const backup = await events(account, { SourceType: 'db-cluster', EventCategories: ['backup'] });

    // Assess
    expect(lastHour.Events?.map((e) => e.SourceIdentifier)).toEqual(['other-db']);
    expect(shop.Events).toEqual([
      {
        SourceIdentifier: 'shop-db',
        SourceType: 'db-cluster',
        Message: 'DB cluster stopped.',
        EventCategories: ['notification'],
        Date: new Date(t0),
        SourceArn: 'arn:aws:rds:us-east-1:123456789012:cluster:shop-db',
      },
    ]);
    expect(byDuration.Events?.map((e) => e.SourceIdentifier)).toEqual(['shop-db', 'other-db']);
    expect(other.Events).toEqual([]);
    expect(backup.Events).toEqual([]);
  });

  it('keeps events 14 days and pages them with a Marker', async () => {
    // Prepare: 30 stop/start cycles, one a day.
    const { clock, account } = newAccount({ dbStopMs: 1_000, dbStartMs: 1_000 });
    account.addDbCluster({ id: 'shop-db' });
    for (let day = 0; day < 30; day += 1) {
      await account.call('rds', 'StopDBCluster', { DBClusterIdentifier: 'shop-db' });
      clock.advance(DAY / 2);
      await account.call('rds', 'StartDBCluster', { DBClusterIdentifier: 'shop-db' });
      clock.advance(DAY / 2);
    }

    // Act
    const input = { SourceIdentifier: 'shop-db', SourceType: 'db-cluster', Duration: 60 * 24 * 60 };
    const page1 = await events(account, { ...input, MaxRecords: 20 });
    const page2 = await events(account, { ...input, MaxRecords: 20, Marker: page1.Marker });

    // Assess: 14 days of two events a day.
    expect(page1.Events).toHaveLength(20);
    expect(page2.Events).toHaveLength(8);
    expect(page2.Marker).toBeUndefined();
    const dates = [...(page1.Events ?? []), ...(page2.Events ?? [])].map((e) => e.Date?.getTime());
    expect(dates).toEqual([...dates].sort((a, b) => (a ?? 0) - (b ?? 0)));
  });

  it('refuses a source identifier without its type, an unknown type and a bad page size', async () => {
    // Prepare
    const { account } = newAccount();

    // Act
    const noType = await apiError(events(account, { SourceIdentifier: 'shop-db' }));
    const badType = await apiError(events(account, { SourceType: 'cluster' }));
    const badPage = await apiError(events(account, { MaxRecords: 5 }));

    // Assess
    expect(noType.code).toBe('InvalidParameterCombination');
    expect(badType.code).toBe('InvalidParameterValue');
    expect(badPage.code).toBe('InvalidParameterValue');
  });
});
