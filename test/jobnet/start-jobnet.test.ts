import { createJobnetHarness, type JobnetHarness } from '../helpers/jobnet-harness';

// Each run makes real requests to the loopback DynamoDB: seconds of real time on a busy machine.
jest.setTimeout(30_000);

let h: JobnetHarness;
afterEach(() => h?.dispose());

/** A function's error carries Lambda's JSON; a wait completed by SendTaskFailure, plain text. */
function errorMessage(execution: { cause?: string }): string {
  const cause = execution.cause ?? '';
  try {
    return (JSON.parse(cause) as { errorMessage: string }).errorMessage;
  } catch {
    return cause;
  }
}

describe('start jobnet', () => {
  it('starts the DB, the instances and Apache, waits for every target, then takes the page down', async () => {
    h = await createJobnetHarness({ instances: 2, startState: 'down' });

    const execution = await h.approvedRun('start');

    expect(execution.status).toBe('SUCCEEDED');
    const snap = h.account.snapshot();
    expect(snap.clusters[0].status).toBe('available');
    for (const instance of snap.instances) {
      expect(instance).toMatchObject({ state: 'running', apache: 'running', statusChecks: 'ok' });
    }
    const group = snap.targetGroups.find((g) => g.arn === h.system.targetGroupArn);
    expect(group?.targets.map((t) => t.state)).toEqual(['healthy', 'healthy']);
    expect(snap.listeners[0].rules.filter((r) => r.priority !== 'default')).toEqual([]);
    // The page came down only after the last target turned healthy.
    const deleteAt = h.account.calls.find((c) => c.action === 'DeleteRule')!.at;
    for (const id of h.system.instanceIds) {
      expect(h.account.reachedAt(`${id}/target-health`, 'healthy')).toBeLessThanOrEqual(deleteAt);
    }
  });

  it('skips starting a DB cluster that is already available', async () => {
    h = await createJobnetHarness({ instances: 1, startState: 'down' });
    await h.account.call('rds', 'StartDBCluster', { DBClusterIdentifier: 'shop-db' });
    await h.vt.advance(h.account.timings.dbStartMs);
    expect(h.account.snapshot().clusters[0].status).toBe('available');
    h.account.calls.length = 0;

    const execution = await h.approvedRun('start');

    expect(execution.status).toBe('SUCCEEDED');
    expect(h.mutatingCalls()).not.toContain('rds:StartDBCluster');
  });

  it('keeps the page up until a slow target turns healthy', async () => {
    h = await createJobnetHarness({ instances: 2, startState: 'down' });
    const slow = h.system.instanceIds[1];
    h.account.faults.pinUnhealthy(slow);
    const execution = h.start('start');
    await h.decide(execution, 'approve');
    // Let the other target become healthy; the page must still be up.
    const healthy = `${h.system.instanceIds[0]}/target-health`;
    await h.vt.runUntil(() => (h.account.reachedAt(healthy, 'healthy') ?? Infinity) < h.vt.now());
    await h.vt.advance(120_000);
    expect(h.mutatingCalls()).not.toContain('elbv2:DeleteRule');

    h.account.faults.clear(slow);
    await h.finish(execution);

    expect(execution.status).toBe('SUCCEEDED');
    expect(h.mutatingCalls()).toContain('elbv2:DeleteRule');
  });

  it('gives up when a target never turns healthy, naming it, and leaves the page up', async () => {
    h = await createJobnetHarness({ instances: 3, startState: 'down' });
    const sick = h.system.instanceIds[2];
    h.account.faults.pinUnhealthy(sick);
    const input = { ...h.system.input('run-1'), timeouts: { targetsHealthySeconds: 300 } };

    const execution = h.start('start', 'run-1', input);
    await h.decide(execution, 'approve');
    await h.finish(execution);

    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('Jobnet.WaitTimedOut');
    expect(errorMessage(execution)).toMatch(new RegExp(`2/3 healthy; ${sick} unhealthy`));
    expect(h.mutatingCalls()).not.toContain('elbv2:DeleteRule');
    expect(h.account.snapshot().listeners[0].rules).toHaveLength(2);
  });

  it('fails when the check script says Apache is not running, naming the instance', async () => {
    h = await createJobnetHarness({ instances: 2, startState: 'down' });
    const bad = h.system.instanceIds[0];
    h.account.faults.failCommands(bad, { exitCode: 3, stdout: 'inactive', match: /is-active/ });

    const execution = await h.approvedRun('start');

    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('Jobnet.CheckFailed');
    expect(errorMessage(execution)).toContain(
      `CheckApacheRunning on ${bad}: Apache is stopped, expected running`,
    );
  });

  it('refuses to start a DB cluster that is stopping', async () => {
    h = await createJobnetHarness({ instances: 1 });
    await h.account.call('rds', 'StopDBCluster', { DBClusterIdentifier: 'shop-db' });

    const execution = await h.approvedRun('start');

    expect(execution.error).toBe('Jobnet.UnexpectedState');
    expect(errorMessage(execution)).toContain(
      'StartDbCluster on DB cluster shop-db: the cluster is stopping',
    );
  });

  it('asks a second time before taking the page down when the system wants it', async () => {
    h = await createJobnetHarness({ instances: 2, startState: 'down' });
    const input = { ...h.system.input('run-1'), approveBeforeReopen: true };
    const execution = h.start('start', 'run-1', input);
    await h.decide(execution, 'approve');
    await h.vt.runUntil(() => h.approvalRequests.length === 2);

    // Everything is up and healthy, and the page is still up until the second approval.
    const group = h.account.snapshot().targetGroups.find((g) => g.arn === h.system.targetGroupArn);
    expect(group?.targets.map((t) => t.state)).toEqual(['healthy', 'healthy']);
    expect(h.mutatingCalls()).not.toContain('elbv2:DeleteRule');
    expect(h.approvalRequests[1]).toMatchObject({ stage: 'reopen' });

    await h.decide(execution, 'approve');
    await h.finish(execution);
    expect(execution.status).toBe('SUCCEEDED');
    expect(h.mutatingCalls()).toContain('elbv2:DeleteRule');
  });

  it('leaves the page up when the second approval is rejected', async () => {
    h = await createJobnetHarness({ instances: 1, startState: 'down' });
    const execution = h.start('start', 'run-1', {
      ...h.system.input('run-1'),
      approveBeforeReopen: true,
    });
    await h.decide(execution, 'approve');
    await h.vt.runUntil(() => h.approvalRequests.length === 2);
    await h.decide(execution, 'reject');
    await h.finish(execution);

    expect(execution.error).toBe('Jobnet.ReopenRejected');
    expect(h.mutatingCalls()).not.toContain('elbv2:DeleteRule');
    expect(h.account.snapshot().instances[0]).toMatchObject({
      state: 'running',
      apache: 'running',
    });
  });
});
