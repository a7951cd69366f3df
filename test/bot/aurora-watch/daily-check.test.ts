import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeDBClustersCommand, DescribeEventsCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { dailyCheck } from '../../../bot/aurora-watch/daily-check';
import { ACTION_IDS } from '../../../bot/blocks/action-ids';
import { startLocalDynamoDB, type LocalDynamoDB } from '../../../local/local-dynamodb';
import { startLocalSlack, type LocalSlack } from '../../../local/slack';
import { CHANNEL, DAY, watchDeps } from './watch-fixture';

let db: LocalDynamoDB;
let ddb: DynamoDBClient;
let slack: LocalSlack;

beforeAll(async () => {
  db = await startLocalDynamoDB();
  ddb = db.client();
  slack = await startLocalSlack({ botToken: 'xoxb-test' });
});
afterAll(async () => {
  ddb.destroy();
  await db.close();
  await slack.close();
});
beforeEach(() => slack.reset());

const NOTIFY = { policy: 'notify', approval: 'required' } as const;
const HOUR = 3_600_000;

describe('Aurora watch: the daily check', () => {
  it('warns once, a day ahead, when AWS will start a stopped cluster', async () => {
    // Prepare: shop-db stopped 6.5 days ago; blog-db (not watched) too.
    const f = await watchDeps(db, ddb, slack, NOTIFY);
    const stoppedAt = f.clock.now() - 6.5 * DAY;
    f.account.addDbCluster({ id: 'shop-db', status: 'stopped', stoppedAt });
    f.account.addDbCluster({ id: 'blog-db', status: 'stopped', stoppedAt });

    // Act
    const first = await dailyCheck(f.deps);
    f.clock.advance(HOUR);
    const again = await dailyCheck(f.deps);

    // Assess
    expect(first).toEqual([
      {
        system: 'shop',
        cluster: 'shop-db',
        status: 'stopped',
        stoppedAt,
        restartAt: stoppedAt + 7 * DAY,
        warning: 'posted',
      },
    ]);
    expect(again[0]).toMatchObject({ warning: 'already' });
    const messages = slack.messages(CHANNEL);
    expect(messages).toHaveLength(1);
    const body = JSON.stringify(messages[0].blocks);
    expect(body).toContain(
      '*shop-db* has been stopped since Tue 31 Dec 2024 06:00 JST and will be started by AWS on Tue 7 Jan 2025 06:00 JST',
    );
    expect(body).toContain(ACTION_IDS.auroraRestop);
    expect(body).toContain(ACTION_IDS.auroraStartSystem);
    expect(body).toContain('Stop it again after the restart');
    expect(body).toContain('Start the whole system now');
    expect(f.audit.records).toEqual([
      expect.objectContaining({
        action: 'alert',
        system: 'shop',
        actor: { kind: 'app', id: 'aurora-watch' },
        outcome: 'raised',
        detail: expect.objectContaining({ kind: 'aurora-restart-warning', clusterId: 'shop-db' }),
      }),
    ]);
  });

  it('posts nothing for a running cluster, nor for one not due within 24 hours', async () => {
    // Prepare
    const f = await watchDeps(db, ddb, slack, NOTIFY);
    f.account.addDbCluster({ id: 'shop-db' });

    // Act
    const running = await dailyCheck(f.deps);
    await f.account.call('rds', 'StopDBCluster', { DBClusterIdentifier: 'shop-db' });
    f.clock.advance(5 * DAY);
    const stopped5Days = await dailyCheck(f.deps);

    // Assess
    expect(running).toEqual([{ system: 'shop', cluster: 'shop-db', status: 'available' }]);
    expect(stopped5Days[0]).toMatchObject({ status: 'stopped', warning: 'not-due' });
    expect(slack.messages(CHANNEL)).toEqual([]);
  });

  it('warns again for the next stop, not twice for one', async () => {
    // Prepare: a warning, the restart, a re-stop, 6.5 days on again.
    const f = await watchDeps(db, ddb, slack, NOTIFY);
    f.account.addDbCluster({ id: 'shop-db', status: 'stopped' });
    f.clock.advance(6.5 * DAY);
    await dailyCheck(f.deps);
    f.clock.advance(DAY);
    await f.account.call('rds', 'StopDBCluster', { DBClusterIdentifier: 'shop-db' });
    f.clock.advance(6.5 * DAY);

    // Act
    const checks = await dailyCheck(f.deps);

    // Assess
    expect(checks[0]).toMatchObject({ warning: 'posted' });
    expect(slack.messages(CHANNEL)).toHaveLength(2);
  });

  it('throttled DescribeEvents: fails the invocation with nothing posted; the retry warns', async () => {
    // Prepare
    const f = await watchDeps(db, ddb, slack, NOTIFY);
    f.account.addDbCluster({ id: 'shop-db', status: 'stopped' });
    f.clock.advance(6.5 * DAY);
    // The simulated clients answer before the SDK's retry step: one throttle fails the call.
    f.account.faults.failCalls({
      service: 'rds',
      action: 'DescribeEvents',
      code: 'Throttling',
      httpStatus: 400,
    });

    // Act
    const failed = await dailyCheck(f.deps).catch((e: unknown) => e);
    const posted = slack.messages(CHANNEL).length;
    const retry = await dailyCheck(f.deps);

    // Assess
    expect((failed as Error).name).toBe('Throttling');
    expect(posted).toBe(0);
    expect(retry[0]).toMatchObject({ warning: 'posted' });
    expect(slack.messages(CHANNEL)).toHaveLength(1);
  });

  it('stalled DescribeEvents: gives up at its deadline, with nothing posted', async () => {
    // Prepare: RDS answers DescribeDBClusters, then never answers DescribeEvents.
    const rds = new RDSClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    const mock = mockClient(rds);
    mock.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ Status: 'stopped' }] });
    mock.on(DescribeEventsCommand).callsFake(() => new Promise(() => undefined));
    const f = await watchDeps(db, ddb, slack, NOTIFY, { rds, lookTimeoutMs: 50 });

    // Act
    const failed = await dailyCheck(f.deps).catch((e: unknown) => e);

    // Assess
    expect(failed).toMatchObject({
      name: 'LookTimedOut',
      message: 'DescribeEvents did not answer within 50 ms',
    });
    expect(slack.messages(CHANNEL)).toEqual([]);
    mock.restore();
  });

  it('Slack down: the warning is given back for the retry, which posts it once', async () => {
    // Prepare
    const f = await watchDeps(db, ddb, slack, NOTIFY);
    f.account.addDbCluster({ id: 'shop-db', status: 'stopped' });
    f.clock.advance(6.5 * DAY);
    slack.failNext('chat.postMessage', { status: 500 });

    // Act
    const failed = await dailyCheck(f.deps).catch((e: unknown) => e);
    const retry = await dailyCheck(f.deps);

    // Assess
    expect(failed).toBeInstanceOf(Error);
    expect(retry[0]).toMatchObject({ warning: 'posted' });
    expect(slack.messages(CHANNEL)).toHaveLength(1);
  });
});
