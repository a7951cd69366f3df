import { createJobnetHarness, type JobnetHarness } from '../helpers/jobnet-harness';

// Each run makes real requests to the loopback DynamoDB: seconds of real time on a busy machine.
jest.setTimeout(30_000);

let h: JobnetHarness;
afterEach(() => h?.dispose());

/** Cause text of a failed execution: Lambda's JSON, or plain text from a Fail state. */
function causeOf(execution: { cause?: string }): string {
  const cause = execution.cause ?? '';
  try {
    return (JSON.parse(cause) as { errorMessage: string }).errorMessage;
  } catch {
    return cause;
  }
}

describe('stop jobnet', () => {
  it('puts the page up, stops Apache and every instance, backs everything up and stops the DB', async () => {
    h = await createJobnetHarness({ instances: 2 });
    const execution = h.start('stop');
    await h.vt.runUntil(() => h.approvalRequests.length === 1);
    // Nothing is touched before approval: Prepare only looked.
    expect(h.mutatingCalls()).toEqual([]);
    // The plan waits in the run's record; the state carries ids only.
    expect(h.approvalRequests[0].run.plan).toBeUndefined();
    expect((await h.plan(execution))?.changes[0]).toMatch(/Put up the maintenance page/);

    await h.decide(execution, 'approve');
    await h.finish(execution);

    expect(execution.status).toBe('SUCCEEDED');
    const snap = h.account.snapshot();
    for (const id of h.system.instanceIds) {
      expect(snap.instances.find((i) => i.id === id)).toMatchObject({
        state: 'stopped',
        apache: 'stopped',
      });
    }
    expect(snap.clusters.find((c) => c.id === 'shop-db')?.status).toBe('stopped');
    expect(snap.listeners[0].rules.filter((r) => r.priority !== 'default')).toHaveLength(1);
    const jobs = snap.backupJobs.map((j) => j.resourceArn).sort();
    expect(jobs).toEqual(
      [
        ...h.system.instanceIds.map((id) => `arn:aws:ec2:us-east-1:123456789012:instance/${id}`),
        'arn:aws:rds:us-east-1:123456789012:cluster:shop-db',
      ].sort(),
    );
    expect(execution.output).toMatchObject({
      instanceBackups: { instanceIds: h.system.instanceIds },
      dbBackup: { BackupJobId: expect.any(String) },
    });
  });

  it('fails on the instance whose stop script fails, naming it, the exit code and the output tail', async () => {
    h = await createJobnetHarness({ instances: 3, concurrency: 1 });
    const bad = h.system.instanceIds[1];
    h.account.faults.failCommands(bad, {
      exitCode: 1,
      stderr: 'Job for httpd.service failed because the control process exited with error code.',
      match: /stop/,
    });

    const execution = await h.approvedRun('stop');

    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('Jobnet.CommandFailed');
    const cause = causeOf(execution);
    expect(cause).toContain(`StopApache failed on ${bad}`);
    expect(cause).toContain('exit code 1');
    expect(cause).toContain('Job for httpd.service failed');
    // The DB was never touched: the run failed inside the instance map.
    expect(h.account.snapshot().clusters.find((c) => c.id === 'shop-db')?.status).toBe('available');
    expect(h.mutatingCalls()).not.toContain('rds:StopDBCluster');
  });

  it('gives up on an instance that never reaches stopped, after the configured time', async () => {
    h = await createJobnetHarness({ instances: 2 });
    const stuck = h.system.instanceIds[0];
    h.account.faults.stickInstance(stuck);
    const input = { ...h.system.input('run-1'), timeouts: { instanceStopSeconds: 300 } };

    const execution = h.start('stop', 'run-1', input);
    await h.decide(execution, 'approve');
    const approvedAt = h.vt.now();
    await h.finish(execution);

    expect(execution.status).toBe('FAILED');
    // The wait is Step Functions' own: the task times out at the input's limit.
    expect(execution.error).toBe('States.Timeout');
    const failed = h.history(execution).find((e) => e.type === 'TaskTimedOut');
    expect(failed).toBeDefined();
    expect(h.vt.now() - approvedAt).toBeGreaterThanOrEqual(300_000);
    expect(h.vt.now() - approvedAt).toBeLessThan(400_000);
  });

  it('waits while the DB cluster is backing-up and stops it once available', async () => {
    h = await createJobnetHarness({ instances: 1 });
    h.account.faults.backingUp('shop-db', 600_000);

    const execution = await h.approvedRun('stop');

    expect(execution.status).toBe('SUCCEEDED');
    const failedStops = h.account.calls.filter((c) => c.action === 'StopDBCluster' && c.error);
    expect(failedStops).toEqual([]);
    const history = h.account.history('shop-db').map((t) => t.state);
    expect(history).toEqual(
      expect.arrayContaining(['backing-up', 'available', 'stopping', 'stopped']),
    );
  });

  it('ends cleanly when the approval is rejected: nothing touched', async () => {
    h = await createJobnetHarness();
    const execution = h.start('stop');
    await h.decide(execution, 'reject');
    await h.finish(execution);

    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('Jobnet.ApprovalRejected');
    expect(execution.cause).toBe('Rejected by U_APPROVER');
    expect(h.mutatingCalls()).toEqual([]);
  });

  it('ends cleanly when nobody approves in time, and a late click is refused', async () => {
    h = await createJobnetHarness({ approvalTimeoutSeconds: 600 });
    const execution = h.start('stop');
    await h.vt.runUntil(() => h.approvalRequests.length === 1);
    const { taskToken } = h.approvalRequests[0];
    await h.finish(execution);

    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('Jobnet.ApprovalExpired');
    expect(execution.stopDate! - execution.startDate).toBeGreaterThanOrEqual(600_000);
    expect(h.mutatingCalls()).toEqual([]);
    expect(() => h.sfn.tokens.sendTaskSuccess(taskToken, {})).toThrow(
      expect.objectContaining({ name: 'TaskTimedOut' }),
    );
  });

  it('runs again with the same input after a fault is cleared, repeating no side effect', async () => {
    // One at a time, so the first two instances are stopped and backed up before the third fails.
    h = await createJobnetHarness({ instances: 3, concurrency: 1 });
    const bad = h.system.instanceIds[2];
    h.account.faults.failCommands(bad, { exitCode: 1, stderr: 'disk full', match: /stop/ });
    const first = await h.approvedRun('stop', 'run-1', undefined, 'run-1-attempt-1');
    expect(first.status).toBe('FAILED');
    expect(h.account.snapshot().backupJobs).toHaveLength(2);

    h.account.faults.clear(bad);
    const second = await h.approvedRun('stop', 'run-1', undefined, 'run-1-attempt-2');

    expect(second.status).toBe('SUCCEEDED');
    const snap = h.account.snapshot();
    const perResource = new Map<string, number>();
    for (const job of snap.backupJobs)
      perResource.set(job.resourceArn, (perResource.get(job.resourceArn) ?? 0) + 1);
    expect([...perResource.values()]).toEqual([1, 1, 1, 1]);
    expect(snap.listeners[0].rules.filter((r) => r.priority !== 'default')).toHaveLength(1);
    expect(h.mutatingCalls().filter((c) => c === 'elbv2:CreateRule')).toHaveLength(1);
  });

  it('fails at the first state, naming the field, when the input is incomplete', async () => {
    h = await createJobnetHarness();
    const { dbClusterId: _omitted, ...input } = h.system.input('run-1');

    const execution = h.start('stop', 'run-1', input);
    await h.finish(execution);

    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('Jobnet.InvalidInput');
    expect(causeOf(execution)).toContain('dbClusterId: is required');
    expect(
      execution.events.filter((e) => e.type === 'StateEntered').map((e) => e.state.name),
    ).toEqual(['Prepare']);
    expect(h.account.calls).toEqual([]);
  });

  it('fails at the first state when the tag selector matches no instance', async () => {
    h = await createJobnetHarness();
    const input = { ...h.system.input('run-1'), instances: { tags: { System: 'nope' } } };

    const execution = h.start('stop', 'run-1', input);
    await h.finish(execution);

    expect(execution.error).toBe('Jobnet.NoInstances');
    expect(causeOf(execution)).toContain('instances.tags {System=nope} matched no instances');
    expect(h.mutatingCalls()).toEqual([]);
  });
});
