import { waitKeys } from '../../contract/waits';
import { createJobnetHarness, type JobnetHarness } from '../helpers/jobnet-harness';

// Each run makes real requests to the loopback DynamoDB: seconds of real time on a busy machine.
jest.setTimeout(30_000);

let h: JobnetHarness;
afterEach(() => h?.dispose());

const HOUR = 3_600_000;

describe('waits completed by AWS events, on the simulated account', () => {
  it('completes a wait whose event was lost with the sweep, and the run succeeds', async () => {
    // Prepare: the first instance's stopped event never reaches the bus.
    let lost = '';
    h = await createJobnetHarness({
      instances: 2,
      delivery: {
        drop: (event) =>
          event['detail-type'] === 'EC2 Instance State-change Notification' &&
          (event.detail as { state: string; 'instance-id': string }).state === 'stopped' &&
          (event.detail as { 'instance-id': string })['instance-id'] === lost,
      },
    });
    lost = h.system.instanceIds[0];

    // Act
    const execution = await h.approvedRun('stop');

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(h.sfn.delivery.counts().dropped).toBe(1);
    const wait = await h.sfn.waits.deps.store.get(waitKeys.instance(lost, 'stopped'));
    expect(wait).toMatchObject({ outcome: 'success' });
    expect(wait?.pending).toBeUndefined();
    // Not by its event (0.3–1.5 s): by the sweep, within one sweep interval of the stop.
    const stopped = h.account.reachedAt(lost, 'stopped', execution.startDate) ?? 0;
    expect((wait?.completedAt ?? 0) - stopped).toBeGreaterThan(5_000);
    expect((wait?.completedAt ?? 0) - stopped).toBeLessThanOrEqual(5 * 60_000 + 60_000);
    expect(h.sfn.waits.counts.sweeps).toBeGreaterThan(0);
  });

  it('completes each wait once when every event arrives twice', async () => {
    // Prepare
    const invocations: { functionArn: string; result?: unknown }[] = [];
    h = await createJobnetHarness({ instances: 2, delivery: { duplicateRate: 1 } });

    // Act
    const execution = await h.approvedRun('stop');
    invocations.push(...h.invocations());

    // Assess: every second copy finds its wait already completed: no wait completed twice.
    expect(execution.status).toBe('SUCCEEDED');
    expect(h.sfn.delivery.counts().duplicated).toBeGreaterThan(0);
    const completedKeys = invocations
      .filter((i) => i.functionArn.endsWith('wait-matcher'))
      .map((i) => i.result as { outcome?: string; key?: string } | null)
      .filter((r) => r?.outcome === 'completed')
      .map((r) => r?.key);
    expect(completedKeys.length).toBeGreaterThan(0);
    expect(new Set(completedKeys).size).toBe(completedKeys.length);
    const history = h.history(execution);
    expect(history.filter((e) => e.type === 'TaskFailed')).toEqual([]);
  });

  it('waits two hours for an Aurora cluster to start, with no function running meanwhile', async () => {
    // Prepare
    h = await createJobnetHarness({
      instances: 1,
      startState: 'down',
      timings: { dbStartMs: 2 * HOUR },
    });
    const input = { ...h.system.input('run-1'), timeouts: { dbStartSeconds: 3 * 3600 } };

    // Act
    const execution = h.start('start', 'run-1', input);
    await h.decide(execution, 'approve');
    await h.finish(execution);

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    const task = execution.tasks.find((t) => t.stateName === 'StartDbCluster');
    expect((task?.completedAt ?? 0) - (task?.scheduledAt ?? 0)).toBeGreaterThanOrEqual(2 * HOUR);
    const cluster = h.invocations().filter((i) => i.functionArn.endsWith('db-cluster'));
    expect(cluster).toHaveLength(1);
    expect(cluster[0].endedAt - cluster[0].startedAt).toBeLessThan(60_000);
  });

  it('rides out EC2 throttling in the middle of a start', async () => {
    // Prepare: two minutes of RequestLimitExceeded once the instances are booting.
    h = await createJobnetHarness({ instances: 2, startState: 'down' });
    const execution = h.start('start');
    await h.decide(execution, 'approve');
    await h.vt.runUntil(() => h.account.calls.some((c) => c.action === 'StartInstances'));
    h.account.faults.throttle('ec2', { forMs: 120_000 });

    // Act
    await h.finish(execution);

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(
      h.account.calls.filter((c) => c.error === 'RequestLimitExceeded').length,
    ).toBeGreaterThan(0);
  });
});
