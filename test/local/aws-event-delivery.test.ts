import { AwsEventDelivery, type AwsEventDeliveryOptions } from '../../local/aws-event-delivery';
import { LocalEventBus, type BusEvent, type PutEvent } from '../../local/local-event-bus';
import { scaledClock } from '../../local/scaled-clock';
import { globalTimer } from '../../local/sfn/task-tokens';
import { SimulatedAccount, type AwsEvent } from '../../local/sim-aws';
import { VirtualTime } from '../../local/virtual-time';

const AWS_SOURCES = { source: ['aws.ec2', 'aws.ssm', 'aws.rds', 'aws.backup'] };

/** An account, the local bus with one rule taking every AWS event, and a delivery between them. */
function setUp(options: Partial<AwsEventDeliveryOptions> = {}) {
  const vt = new VirtualTime();
  const t0 = vt.now();
  const clock = { now: () => Date.now(), after: globalTimer };
  const account = new SimulatedAccount();
  let reads = 0;
  const source = {
    awsEventsSince: (...args: Parameters<SimulatedAccount['awsEventsSince']>) => {
      reads += 1;
      return account.awsEventsSince(...args);
    },
    nextAwsEventAt: () => account.nextAwsEventAt(),
    onTransitionsScheduled: (listener: () => void) => account.onTransitionsScheduled(listener),
  };
  const bus = new LocalEventBus({ account, clock });
  const got: BusEvent[] = [];
  bus.putRule({
    name: 'aws-events',
    pattern: AWS_SOURCES,
    target: async (event) => got.push(event as BusEvent),
  });
  // Each put with its instant (the bus invokes its targets a timer turn later).
  const puts: { at: number; event: BusEvent }[] = [];
  const recordingBus = {
    put: (entry: PutEvent) => {
      puts.push({ at: Date.now(), event: entry as BusEvent });
      return bus.put(entry);
    },
  };
  const delivery = new AwsEventDelivery({ account: source, bus: recordingBus, clock, ...options });
  delivery.start();
  return { vt, t0, account, bus, got, puts, delivery, reads: () => reads };
}

/** A random source that hands out the given numbers, then zeros. */
function sequence(...values: number[]): () => number {
  return () => values.shift() ?? 0;
}

const stop = (account: SimulatedAccount, ...ids: string[]) =>
  account.call('ec2', 'StopInstances', { InstanceIds: ids });
const detailOf = (event: BusEvent | AwsEvent) => event.detail as Record<string, unknown>;
const stateOf = (event: BusEvent | AwsEvent) =>
  `${String(detailOf(event)['instance-id'])} ${String(detailOf(event).state)}`;

describe('the delivery of the simulated account events to the local event bus', () => {
  let vt: VirtualTime | undefined;
  afterEach(() => vt?.uninstall());

  it('puts each event as raised, 300-1500 ms after it happened, in order', async () => {
    // Prepare
    const f = setUp();
    vt = f.vt;
    const ids = Array.from({ length: 10 }, () => f.account.addInstance({}));

    // Act
    await stop(f.account, ...ids);
    await f.vt.advance(60_000);

    // Assess
    const raised = f.account.awsEventsSince().events;
    expect(f.got).toEqual(raised.map((r) => r.event));
    const delays = f.puts.map((p, i) => p.at - raised[i].at);
    expect(delays.every((d) => d >= 300 && d <= 1_500)).toBe(true);
    expect(new Set(delays).size).toBeGreaterThan(1);
    expect(f.puts.map((p) => p.event)).toEqual(f.got);
    expect(f.puts.map((p) => p.at)).toEqual(f.puts.map((p) => p.at).sort((a, b) => a - b));
    expect(f.delivery.counts()).toEqual({ raised: 20, delivered: 20, dropped: 0, duplicated: 0 });
  });

  it('repeats the same delays for the same seed', async () => {
    const delaysOf = async () => {
      const f = setUp();
      vt = f.vt;
      const id = f.account.addInstance({});
      await stop(f.account, id);
      await f.vt.advance(60_000);
      const delays = f.puts.map((p) => p.at - f.t0);
      f.vt.uninstall();
      vt = undefined;
      return delays;
    };
    expect(await delaysOf()).toEqual(await delaysOf());
  });

  it('reads the account only when told of a change or when a planned event is due', async () => {
    // Prepare
    const f = setUp({ delayMs: () => 500 });
    vt = f.vt;
    const id = f.account.addInstance({});
    f.account.addDbCluster({ id: 'shop-db' });
    const readsBefore = f.reads();

    // Act: one stop each, then an hour of nothing.
    await stop(f.account, id);
    await f.account.call('rds', 'StopDBCluster', { DBClusterIdentifier: 'shop-db' });
    const wakeAfterStops = f.delivery.nextWakeAt();
    await f.vt.advance(3_600_000);

    // Assess: two calls, then a wake at the instance's stopped and at the cluster's stopped; the
    // next wake is AWS's own start of the cluster, seven days on.
    expect(wakeAfterStops).toBe(f.t0 + 45_000);
    expect(f.reads() - readsBefore).toBe(4);
    expect(f.puts.map((p) => [p.at - f.t0, p.event['detail-type']])).toEqual([
      [500, 'EC2 Instance State-change Notification'],
      [45_500, 'EC2 Instance State-change Notification'],
      [240_500, 'RDS DB Cluster Event'],
    ]);
    expect(f.delivery.nextWakeAt()).toBe(f.t0 + 240_000 + 7 * 86_400_000);
  });

  it('moves its wake-up when a planned event is cancelled, and puts nothing for it', async () => {
    // Prepare
    const f = setUp();
    vt = f.vt;
    f.account.addDbCluster({ id: 'shop-db' });
    await f.account.call('rds', 'StopDBCluster', { DBClusterIdentifier: 'shop-db' });
    const planned = f.delivery.nextWakeAt();

    // Act: a backup hold replaces the planned stop.
    f.account.faults.backingUp('shop-db', 60_000);
    const after = f.delivery.nextWakeAt();
    await f.vt.advance(600_000);

    // Assess
    expect(planned).toBe(f.t0 + 240_000);
    expect(after).toBeUndefined();
    expect(f.got).toEqual([]);
    expect(f.delivery.counts().raised).toBe(0);
  });

  it('loses the one event a test names, and a share of them at a drop rate', async () => {
    // Prepare
    const one = setUp({ drop: (e) => detailOf(e).state === 'stopped' });
    vt = one.vt;
    const id = one.account.addInstance({});

    // Act
    await stop(one.account, id);
    await one.vt.advance(60_000);

    // Assess
    expect(one.got.map(stateOf)).toEqual([`${id} stopping`]);
    expect(one.delivery.counts()).toEqual({ raised: 2, delivered: 1, dropped: 1, duplicated: 0 });
    one.vt.uninstall();

    const all = setUp({ dropRate: 1 });
    vt = all.vt;
    await stop(all.account, all.account.addInstance({}));
    await all.vt.advance(60_000);
    expect(all.got).toEqual([]);
    expect(all.delivery.counts()).toMatchObject({ raised: 2, dropped: 2 });
  });

  it('puts a duplicated event twice, the copy after its own delay', async () => {
    // Prepare
    const f = setUp({ duplicateRate: 1, delayMs: () => 400 });
    vt = f.vt;
    const id = f.account.addInstance({});

    // Act
    await stop(f.account, id);
    await f.vt.advance(60_000);

    // Assess
    expect(f.puts.map((p) => [p.at - f.t0, stateOf(p.event)])).toEqual([
      [400, `${id} stopping`],
      [800, `${id} stopping`],
      [45_400, `${id} stopped`],
      [45_800, `${id} stopped`],
    ]);
    expect(f.got[0].id).toBe(f.got[1].id);
    expect(f.delivery.counts()).toEqual({ raised: 2, delivered: 4, dropped: 0, duplicated: 2 });
  });

  it('keeps the raise order unless asked to reorder, then lets a later event arrive first', async () => {
    const arrivals = async (options: Partial<AwsEventDeliveryOptions>) => {
      const f = setUp(options);
      vt = f.vt;
      const [a, b] = [f.account.addInstance({ id: 'i-0aaaaaaa' }), f.account.addInstance({})];
      await stop(f.account, a);
      await f.vt.advance(1);
      await stop(f.account, b);
      await f.vt.advance(10_000);
      const order = f.puts.map((p) => [p.at - f.t0, String(p.event.detail['instance-id'])]);
      f.vt.uninstall();
      vt = undefined;
      return { order, b };
    };
    // The first event is slow to deliver, the second quick.
    const delayMs = (e: AwsEvent) => (detailOf(e)['instance-id'] === 'i-0aaaaaaa' ? 2_000 : 300);

    const inOrder = await arrivals({ delayMs });
    const reordered = await arrivals({ delayMs, reorder: true, random: sequence(0, 0) });
    const jittered = await arrivals({
      delayMs: () => 300,
      reorder: 5_000,
      random: sequence(0.9, 0),
    });

    expect(inOrder.order).toEqual([
      [2_000, 'i-0aaaaaaa'],
      [2_000, inOrder.b],
    ]);
    expect(reordered.order).toEqual([
      [301, reordered.b],
      [2_000, 'i-0aaaaaaa'],
    ]);
    expect(jittered.order).toEqual([
      [301, jittered.b],
      [4_800, 'i-0aaaaaaa'],
    ]);
  });

  it('stops taking events and makes no put it had not made yet', async () => {
    // Prepare
    const f = setUp({ delayMs: () => 1_000 });
    vt = f.vt;
    const id = f.account.addInstance({});
    await stop(f.account, id);

    // Act
    f.delivery.stop();
    await f.vt.advance(60_000);

    // Assess
    expect(f.got).toEqual([]);
    expect(f.delivery.inFlight()).toBe(0);
    expect(f.delivery.nextWakeAt()).toBeUndefined();
  });

  it('runs on the scaled clock, an event put when the clock jumps past it', async () => {
    // Prepare: simulated time at wall speed, moved on at once by the test.
    const clock = scaledClock(1, Date.parse('2026-12-02T22:00:00Z'));
    const account = new SimulatedAccount({ clock });
    const bus = new LocalEventBus({ account, clock });
    const got: string[] = [];
    bus.putRule({
      name: 'aws-events',
      pattern: AWS_SOURCES,
      target: async (e) => got.push(String((e as BusEvent).detail.state)),
    });
    const delivery = new AwsEventDelivery({ account, bus, clock, delayMs: () => 500 });
    delivery.start();
    const id = account.addInstance({});

    // Act
    await stop(account, id);
    clock.advance(46_000);
    // A put made due by the jump is made on the clock's next turn.
    while (delivery.inFlight() > 0) await new Promise((resolve) => setTimeout(resolve, 0));
    await bus.idle();
    delivery.stop();

    // Assess
    expect(got).toEqual(['stopping', 'stopped']);
  });
});
