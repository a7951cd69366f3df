import type { HistoryEvent } from '@aws-sdk/client-sfn';
import {
  EMPTY_FOLD,
  foldHistory,
  progressFromHistory,
  progressOf,
  type HistoryFold,
} from '../../../bot/progress-notifier/history-progress';
import type { RunStatus } from '../../../bot/progress-model';
import { JOBNET_STEPS } from '../../../contract/jobnet-steps';
import { type JobnetName } from '../../../contract/jobnets';
import { createJobnetHarness, type JobnetHarness } from '../../helpers/jobnet-harness';
import type { LocalExecution } from '../../../local/sfn/local-step-functions';

// Each run makes real requests to the loopback DynamoDB: seconds of real time on a busy machine.
jest.setTimeout(30_000);

let h: JobnetHarness;
afterEach(() => h?.dispose());

const catalog = (jobnet: JobnetName) => JOBNET_STEPS[jobnet];

function progressOfRun(jobnet: JobnetName, execution: LocalExecution) {
  return progressFromHistory(
    {
      jobnet,
      system: 'shop',
      executionArn: execution.executionArn,
      status: execution.status as RunStatus,
      startedAt: execution.startDate,
      stoppedAt: execution.stopDate,
      error: execution.error,
      cause: execution.cause,
    },
    catalog(jobnet),
    h.history(execution),
  );
}

describe('step catalog', () => {
  it('lists the steps in the order they run, Map bodies as sub-steps', () => {
    expect(catalog('stop').map((s) => s.name)).toEqual([
      'Prepare',
      'Approval',
      'PutMaintenancePage',
      'StopWebInstances',
      'BackupDbCluster',
      'WaitDbAvailable',
      'StopDbCluster',
    ]);
    expect(catalog('stop')[3].subSteps).toEqual([
      'StopApache',
      'CheckApacheStopped',
      'StopInstance',
      'BackupInstance',
    ]);
    expect(catalog('start').map((s) => s.name)).toEqual([
      'Prepare',
      'Approval',
      'StartDbCluster',
      'BootWebInstances',
      'StartWebServers',
      'WaitTargetsHealthy',
      'ApproveReopen',
      'RemoveMaintenancePage',
    ]);
  });
});

describe('progress from the execution history', () => {
  it('shows an optional step the run did not take as skipped', async () => {
    h = await createJobnetHarness({ instances: 1, startState: 'down' });
    const execution = await h.approvedRun('start');

    const progress = progressOfRun('start', execution);

    expect(progress.steps.find((s) => s.name === 'ApproveReopen')?.state).toBe('skipped');
    expect(
      progress.steps.filter((s) => s.state !== 'skipped').every((s) => s.state === 'succeeded'),
    ).toBe(true);
  });

  it('shows the approval running while the run waits, everything after it pending', async () => {
    h = await createJobnetHarness({ instances: 2 });
    const execution = h.start('stop');
    await h.vt.runUntil(() => h.sfn.tokens.waiting().length === 1);

    const progress = progressOfRun('stop', execution);

    expect(progress.steps.map((s) => [s.name, s.state])).toEqual([
      ['Prepare', 'succeeded'],
      ['Approval', 'running'],
      ['PutMaintenancePage', 'pending'],
      ['StopWebInstances', 'pending'],
      ['BackupDbCluster', 'pending'],
      ['WaitDbAvailable', 'pending'],
      ['StopDbCluster', 'pending'],
    ]);
    expect(progress.steps[3].items?.map((i) => i.state)).toEqual(['pending', 'pending']);
  });

  it('tracks each instance through the Map and collects the backups of a finished run', async () => {
    h = await createJobnetHarness({ instances: 2 });
    const execution = h.start('stop');
    await h.decide(execution, 'approve');
    await h.vt.runUntil(() => h.account.snapshot().instances.every((i) => i.state === 'stopping'));

    const midway = progressOfRun('stop', execution);
    expect(midway.steps[3]).toMatchObject({ state: 'running' });
    expect(midway.steps[3].items).toEqual(
      h.system.instanceIds.map((id) => ({ id, state: 'running', detail: 'StopInstance' })),
    );

    await h.finish(execution);
    const done = progressOfRun('stop', execution);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.steps.every((s) => s.state === 'succeeded')).toBe(true);
    expect(done.backupJobIds).toHaveLength(3);
  });

  it('names the failed step, the instance and the cause from the function', async () => {
    h = await createJobnetHarness({ instances: 2, concurrency: 1 });
    const bad = h.system.instanceIds[1];
    h.account.faults.failCommands(bad, { exitCode: 1, stderr: 'httpd: busy', match: /stop/ });
    const execution = await h.approvedRun('stop');

    const progress = progressOfRun('stop', execution);

    expect(progress.failure).toEqual({
      step: 'StopApache',
      resource: bad,
      error: 'Jobnet.CommandFailed',
      cause: expect.stringMatching(
        new RegExp(`^StopApache failed on ${bad}: command Failed, exit code 1`),
      ),
    });
    const map = progress.steps[3];
    expect(map.state).toBe('failed');
    expect(map.items).toEqual([
      { id: h.system.instanceIds[0], state: 'succeeded' },
      { id: bad, state: 'failed', detail: 'StopApache' },
    ]);
    expect(progress.steps.slice(4).every((s) => s.state === 'pending')).toBe(true);
  });

  it('shows a rejected plan as a decision by who rejected: nothing failed, the rest skipped', async () => {
    h = await createJobnetHarness();
    const execution = h.start('start');
    await h.decide(execution, 'reject');
    await h.finish(execution);

    const progress = progressOfRun('start', execution);

    expect(progress.decision).toEqual({ step: 'Approval', outcome: 'rejected', by: 'U_APPROVER' });
    expect(progress.failure).toBeUndefined();
    expect(progress.steps.map((s) => s.state)).toEqual([
      'succeeded',
      'rejected',
      ...Array(6).fill('skipped'),
    ]);
    expect(progress.steps[1].decidedBy).toBe('U_APPROVER');
    // Nothing is listed as still to do on an instance.
    expect(progress.steps.filter((s) => s.items)).toEqual([]);
  });

  it('shows the approval rejected as soon as the history has it, before the run ends on it', async () => {
    h = await createJobnetHarness();
    const execution = h.start('stop');
    await h.decide(execution, 'reject');
    await h.vt.runUntil(() =>
      h.history(execution).some((e) => e.stateExitedEventDetails?.name === 'Approval'),
    );

    const progress = progressFromHistory(
      {
        jobnet: 'stop',
        system: 'shop',
        executionArn: execution.executionArn,
        status: 'RUNNING',
        startedAt: execution.startDate,
      },
      catalog('stop'),
      h.history(execution),
    );

    expect(progress.steps[1]).toEqual({
      name: 'Approval',
      label: 'Approval',
      state: 'rejected',
      decidedBy: 'U_APPROVER',
    });
    expect(progress.failure).toBeUndefined();
  });

  it('shows an expired plan as expired, not failed', async () => {
    h = await createJobnetHarness({ approvalTimeoutSeconds: 600 });
    const execution = await h.finish(h.start('stop'));

    const progress = progressOfRun('stop', execution);

    expect(progress.decision).toEqual({ step: 'Approval', outcome: 'expired' });
    expect(progress.failure).toBeUndefined();
    expect(progress.steps[1]).toEqual({ name: 'Approval', label: 'Approval', state: 'expired' });
  });

  it.each(['reject', 'expire'] as const)(
    'shows a start whose reopen approval ended by %s as done but for the page',
    async (decision) => {
      h = await createJobnetHarness({
        instances: 2,
        startState: 'down',
        approvalTimeoutSeconds: 600,
      });
      const execution = h.start('start', 'run-1', {
        ...h.system.input('run-1'),
        approveBeforeReopen: true,
      });
      await h.decide(execution, 'approve');
      await h.vt.runUntil(() => h.approvalRequests.length === 2);
      if (decision === 'reject') await h.decide(execution, 'reject');
      await h.finish(execution);

      const progress = progressOfRun('start', execution);

      expect(progress.decision).toEqual(
        decision === 'reject'
          ? { step: 'ApproveReopen', outcome: 'rejected', by: 'U_APPROVER' }
          : { step: 'ApproveReopen', outcome: 'expired' },
      );
      expect(progress.failure).toBeUndefined();
      expect(progress.steps.map((s) => [s.name, s.state])).toEqual([
        ['Prepare', 'succeeded'],
        ['Approval', 'succeeded'],
        ['StartDbCluster', 'succeeded'],
        ['BootWebInstances', 'succeeded'],
        ['StartWebServers', 'succeeded'],
        ['WaitTargetsHealthy', 'succeeded'],
        ['ApproveReopen', decision === 'reject' ? 'rejected' : 'expired'],
        ['RemoveMaintenancePage', 'skipped'],
      ]);
    },
  );
});

describe('folding the history in pieces', () => {
  const facts = (execution: LocalExecution) => ({
    jobnet: 'stop' as const,
    system: 'shop',
    executionArn: execution.executionArn,
    status: execution.status as RunStatus,
    startedAt: execution.startDate,
    stoppedAt: execution.stopDate,
    error: execution.error,
    cause: execution.cause,
  });

  it('gives what the whole history gives, wherever it is cut, through JSON as a record keeps it', async () => {
    h = await createJobnetHarness({ instances: 2, concurrency: 1 });
    h.account.faults.failCommands(h.system.instanceIds[1], { exitCode: 1, match: /stop/ });
    const execution = await h.approvedRun('stop');
    h.account.faults.clear();
    h.sfn.redriveExecution(execution.executionArn);
    await h.finish(execution);
    const events = h.history(execution);
    const whole = foldHistory(EMPTY_FOLD, catalog('stop'), events);

    for (let cut = 0; cut <= events.length; cut += 1) {
      const first = foldHistory(EMPTY_FOLD, catalog('stop'), events.slice(0, cut));
      const kept = JSON.parse(JSON.stringify(first)) as HistoryFold;
      // A delivery may also bring events the fold already has: they are passed over.
      const rest = foldHistory(kept, catalog('stop'), events.slice(Math.max(0, cut - 3)));
      expect(progressOf(facts(execution), catalog('stop'), rest)).toEqual(
        progressOf(facts(execution), catalog('stop'), whole),
      );
    }
    expect(whole.position).toBe(events.length);
    // Only tasks under way are tracked: none once the run is over.
    expect(whole.tasks).toEqual({});
    expect(whole.chain).toEqual({});
  });

  it('places a failure through the chain of task events Step Functions writes, across pieces', () => {
    const at = (id: number) => new Date(Date.UTC(2026, 10, 29, 22, 0, id));
    const event = (id: number, previousEventId: number, type: string, extra = {}) =>
      ({ id, previousEventId, type, timestamp: at(id), ...extra }) as HistoryEvent;
    const entered = (id: number, previous: number, name: string, input: object) =>
      event(id, previous, 'TaskStateEntered', {
        stateEnteredEventDetails: { name, input: JSON.stringify(input) },
      });
    const bad = 'i-0bad0bad0bad0bad0';
    const events = [
      event(1, 0, 'ExecutionStarted'),
      entered(2, 1, 'Prepare', {}),
      event(3, 2, 'TaskScheduled'),
      event(4, 3, 'TaskStarted'),
      event(5, 4, 'TaskSucceeded'),
      event(6, 5, 'TaskStateExited', {
        stateExitedEventDetails: {
          name: 'Prepare',
          output: JSON.stringify({ instanceIds: [bad] }),
        },
      }),
      entered(7, 6, 'StopApache', { instanceId: bad }),
      event(8, 7, 'TaskScheduled'),
      event(9, 8, 'TaskStarted'),
      event(10, 9, 'TaskFailed'),
      // Retried: the chain goes on from the failure.
      event(11, 10, 'TaskScheduled'),
      event(12, 11, 'TaskStarted'),
      event(13, 12, 'TaskFailed'),
      event(14, 13, 'ExecutionFailed'),
    ];

    const first = foldHistory(EMPTY_FOLD, catalog('stop'), events.slice(0, 9));
    const fold = foldHistory(JSON.parse(JSON.stringify(first)), catalog('stop'), events.slice(9));

    expect(first.tasks).toEqual({ '7': { name: 'StopApache', instanceId: bad } });
    expect(fold.failedAt).toEqual({ name: 'StopApache', instanceId: bad });
    expect(fold.items).toEqual({
      [`StopWebInstances/${bad}`]: { state: 'failed', detail: 'StopApache' },
    });
    expect(fold.changedAt).toBe(at(14).getTime());
  });
});
