import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { onClusterEvent } from '../../../bot/aurora-watch/restart-alert';
import { rdsClusterEventSchema } from '../../../bot/aurora-watch/watch-input';
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

type Fixture = Awaited<ReturnType<typeof watchDeps>>;

/** The cluster stopped, then 7 days on: the RDS events EventBridge delivered, parsed as the handler does. */
function restartedAfterAWeek(f: Fixture, clusterId = 'shop-db') {
  f.account.addDbCluster({ id: clusterId, status: 'stopped' });
  f.clock.advance(7 * DAY);
  return f.account
    .eventsSince()
    .events.map(({ event }) => rdsClusterEventSchema.parse(event))
    .filter((e) => e.detail.SourceIdentifier === clusterId);
}
const restartOf = (events: ReturnType<typeof restartedAfterAWeek>) =>
  events.find((e) => e.detail.EventID === 'RDS-EVENT-0153') ?? events[0];
const channelTexts = () => slack.messages(CHANNEL).map((m) => m.text);

describe('Aurora watch: AWS started a cluster after 7 days', () => {
  it('restop: alerts at once, then hands the re-stop of the DB cluster to the starter', async () => {
    // Prepare
    const f = await watchDeps(db, ddb, slack, {
      policy: 'restop',
      approval: 'unless-held',
      holdWindowMinutes: 15,
    });
    const event = restartOf(restartedAfterAWeek(f));

    // Act
    const outcome = await onClusterEvent(event, f.deps);

    // Assess
    expect(outcome).toEqual({ outcome: 'alerted', system: 'shop', restop: true });
    const [alert] = slack.messages(CHANNEL);
    const body = JSON.stringify(alert.blocks);
    expect(alert.text).toBe('⚠️ AWS started shop-db: it had been stopped for 7 days');
    expect(body).toContain('it had been stopped for 7 days (since Mon 6 Jan 2025 18:00 JST)');
    expect(body).toContain('The web tier is still down');
    expect(body).toContain('it goes ahead unless an approver holds it within 15 min');
    expect(f.restops).toEqual([{ kind: 'event', system: 'shop', trigger: 'aurora-restop', event }]);
    expect(f.audit.records).toEqual([
      expect.objectContaining({
        action: 'alert',
        system: 'shop',
        actor: { kind: 'app', id: 'aurora-watch' },
        outcome: 'raised',
        detail: expect.objectContaining({
          kind: 'aurora-restart',
          eventId: event.id,
          restop: true,
        }),
      }),
    ]);
  });

  it('notify: alerts only, and says how to stop or start by hand', async () => {
    // Prepare
    const f = await watchDeps(db, ddb, slack, { policy: 'notify', approval: 'required' });
    const event = restartOf(restartedAfterAWeek(f));

    // Act
    const outcome = await onClusterEvent(event, f.deps);

    // Assess
    expect(outcome).toEqual({ outcome: 'alerted', system: 'shop', restop: false });
    expect(JSON.stringify(slack.messages(CHANNEL)[0].blocks)).toContain(
      '`/webapp stop shop` stops it again',
    );
    expect(f.restops).toEqual([]);
  });

  it('notify, with a re-stop asked for from the warning: re-stops this restart, saying who asked', async () => {
    // Prepare
    const f = await watchDeps(db, ddb, slack, { policy: 'notify', approval: 'required' });
    const t0 = f.clock.now();
    await f.state.recordIntent({
      system: 'shop',
      clusterId: 'shop-db',
      stoppedAt: new Date(t0).toISOString(),
      restartAt: new Date(t0 + 7 * DAY).toISOString(),
      by: 'U0APPROVER',
      at: t0 + 6 * DAY,
    });
    const event = restartOf(restartedAfterAWeek(f));

    // Act
    await onClusterEvent(event, f.deps);

    // Assess
    expect(f.restops).toHaveLength(1);
    expect(JSON.stringify(slack.messages(CHANNEL)[0].blocks)).toContain(
      'as <@U0APPROVER> asked: an approver must approve it in its thread',
    );
  });

  it('alerts once for an event delivered twice, even at once', async () => {
    // Prepare
    const f = await watchDeps(db, ddb, slack, { policy: 'restop', approval: 'required' });
    const event = restartOf(restartedAfterAWeek(f));

    // Act
    const outcomes = await Promise.all([
      onClusterEvent(event, f.deps),
      onClusterEvent(event, f.deps),
    ]);
    const later = await onClusterEvent(event, f.deps);

    // Assess
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['alerted', 'duplicate']);
    expect(later.outcome).toBe('duplicate');
    expect(channelTexts()).toHaveLength(1);
    expect(f.restops).toHaveLength(1);
    expect(f.audit.records).toHaveLength(1);
  });

  it('ignores a cluster without a watch, and the cluster events that are not a 7-day restart', async () => {
    // Prepare
    const f = await watchDeps(db, ddb, slack, { policy: 'restop', approval: 'required' });
    const blog = restartOf(restartedAfterAWeek(f, 'blog-db'));
    f.account.addDbCluster({ id: 'shop-db' });
    await f.account.call('rds', 'StopDBCluster', { DBClusterIdentifier: 'shop-db' });
    f.clock.advance(DAY);
    const stopped = f.account
      .eventsSince()
      .events.map(({ event }) => rdsClusterEventSchema.parse(event))
      .find((e) => e.detail.SourceIdentifier === 'shop-db');

    // Act
    const outcomes = [
      await onClusterEvent(blog, f.deps),
      await onClusterEvent(stopped ?? blog, f.deps),
    ];

    // Assess
    expect(outcomes).toEqual([
      { outcome: 'ignored', reason: 'no watched system has cluster blog-db' },
      { outcome: 'ignored', reason: 'RDS-EVENT-0150 is not a 7-day restart' },
    ]);
    expect(channelTexts()).toEqual([]);
    expect(f.restops).toEqual([]);
  });

  it('Slack down: the delivery fails with nothing posted, and its retry alerts', async () => {
    // Prepare
    const f = await watchDeps(db, ddb, slack, { policy: 'restop', approval: 'required' });
    const event = restartOf(restartedAfterAWeek(f));
    slack.failNext('chat.postMessage', { status: 500 });

    // Act
    const first = await onClusterEvent(event, f.deps).catch((e: unknown) => e);
    const retry = await onClusterEvent(event, f.deps);

    // Assess
    expect(first).toBeInstanceOf(Error);
    expect(retry.outcome).toBe('alerted');
    expect(channelTexts()).toHaveLength(1);
    expect(f.restops).toHaveLength(1);
  });

  it('starter unreachable after the alert: the retry hands the re-stop over without alerting again', async () => {
    // Prepare
    const f = await watchDeps(db, ddb, slack, { policy: 'restop', approval: 'required' });
    const event = restartOf(restartedAfterAWeek(f));
    const handed = f.deps.startRestop;
    let failures = 1;
    const deps = {
      ...f.deps,
      startRestop: async (firing: Parameters<typeof handed>[0]) => {
        if (failures-- > 0) throw new Error('TooManyRequestsException');
        await handed(firing);
      },
    };

    // Act
    const first = await onClusterEvent(event, deps).catch((e: unknown) => e);
    const retry = await onClusterEvent(event, deps);

    // Assess
    expect((first as Error).message).toBe('TooManyRequestsException');
    expect(retry).toEqual({ outcome: 'alerted', system: 'shop', restop: true });
    expect(channelTexts()).toHaveLength(1);
    expect(f.restops).toHaveLength(1);
    expect(f.audit.records).toHaveLength(1);
  });
});
