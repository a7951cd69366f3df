import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { progressFromHistory } from '../../../bot/progress-notifier/history-progress';
import type { RunStatus } from '../../../bot/progress-model';
import { JOBNET_STEPS } from '../../../contract/jobnet-steps';
import { historyFixture, type HistoryFixtureName } from '../../helpers/history-fixtures';

const I1 = 'i-0a1b2c3d4e5f60001';
const I2 = 'i-0a1b2c3d4e5f60002';

/** What the notifier reads from DescribeExecution and GetExecutionHistory, on a fixture. */
function progressOf(name: HistoryFixtureName) {
  const { describe, events } = historyFixture(name);
  const jobnet = describe.stateMachineArn?.endsWith('-start') ? 'start' : 'stop';
  return progressFromHistory(
    {
      jobnet,
      system: 'shop',
      executionArn: describe.executionArn ?? '',
      status: describe.status as RunStatus,
      startedAt: describe.startDate?.getTime() ?? 0,
      stoppedAt: describe.stopDate?.getTime(),
      error: describe.error,
      cause: describe.cause,
    },
    JOBNET_STEPS[jobnet],
    events,
  );
}

const states = (progress: ReturnType<typeof progressOf>) =>
  Object.fromEntries(progress.steps.map((s) => [s.name, s.state]));
const items = (progress: ReturnType<typeof progressOf>, step: string) =>
  progress.steps.find((s) => s.name === step)?.items;

describe('progress read from service-shaped histories', () => {
  it('a stop waiting at the approval', () => {
    const progress = progressOf('stop-waiting-for-approval');

    expect(states(progress)).toEqual({
      Prepare: 'succeeded',
      Approval: 'running',
      PutMaintenancePage: 'pending',
      StopWebInstances: 'pending',
      BackupDbCluster: 'pending',
      WaitDbAvailable: 'pending',
      StopDbCluster: 'pending',
    });
    expect(items(progress, 'StopWebInstances')).toEqual([
      { id: I1, state: 'pending' },
      { id: I2, state: 'pending' },
    ]);
  });

  it('an approved stop midway through its Map', () => {
    const progress = progressOf('stop-approved-in-progress');

    expect(states(progress)).toMatchObject({
      Approval: 'succeeded',
      PutMaintenancePage: 'succeeded',
      StopWebInstances: 'running',
      BackupDbCluster: 'pending',
    });
    expect(items(progress, 'StopWebInstances')).toEqual([
      { id: I1, state: 'running', detail: 'StopInstance' },
      { id: I2, state: 'pending' },
    ]);
    expect(progress.failure).toBeUndefined();
  });

  it('a stop that failed in a Map iteration after retried attempts names the step and instance', () => {
    const progress = progressOf('stop-failed-in-map-iteration');

    expect(progress.failure).toEqual({
      step: 'StopApache',
      resource: I2,
      error: 'Jobnet.CommandFailed',
      cause: expect.stringContaining(`StopApache failed on ${I2}`),
    });
    expect(states(progress)).toMatchObject({
      PutMaintenancePage: 'succeeded',
      StopWebInstances: 'failed',
      BackupDbCluster: 'pending',
    });
    expect(items(progress, 'StopWebInstances')).toEqual([
      { id: I1, state: 'succeeded' },
      { id: I2, state: 'failed', detail: 'StopApache' },
    ]);
    expect(progress.backupJobIds).toHaveLength(1);
  });

  it('a step Lambda throttled, read while its fourth attempt runs, is running again', () => {
    const { describe, events } = historyFixture('stop-failed-in-map-iteration');
    const lastStart = events.findLastIndex((e) => e.type === 'TaskStarted');
    const progress = progressFromHistory(
      {
        jobnet: 'stop',
        system: 'shop',
        executionArn: describe.executionArn ?? '',
        status: 'RUNNING',
        startedAt: describe.startDate?.getTime() ?? 0,
      },
      JOBNET_STEPS.stop,
      events.slice(0, lastStart + 1),
    );

    expect(states(progress).StopWebInstances).toBe('running');
    expect(items(progress, 'StopWebInstances')).toEqual([
      { id: I1, state: 'succeeded' },
      { id: I2, state: 'running', detail: 'StopApache' },
    ]);
  });

  it('a redriven stop: the failure no longer stands, every step and backup is there', () => {
    const progress = progressOf('stop-redriven');

    expect(progress.status).toBe('SUCCEEDED');
    expect(progress.failure).toBeUndefined();
    expect(progress.steps.every((s) => s.state === 'succeeded')).toBe(true);
    expect(items(progress, 'StopWebInstances')?.map((i) => i.state)).toEqual([
      'succeeded',
      'succeeded',
    ]);
    expect(progress.backupJobIds).toHaveLength(3);
  });

  it('a stop whose approval expired: nothing after the approval ran', () => {
    const progress = progressOf('stop-approval-expired');

    expect(progress.status).toBe('FAILED');
    expect(states(progress).Prepare).toBe('succeeded');
    for (const step of progress.steps.slice(2)) expect(step.state).not.toMatch(/running|succeeded/);
  });

  it('a start waiting for the second approval, past a Parallel state with a Map inside', () => {
    const progress = progressOf('start-waiting-to-reopen');

    expect(states(progress)).toEqual({
      Prepare: 'succeeded',
      Approval: 'succeeded',
      StartDbCluster: 'succeeded',
      BootWebInstances: 'succeeded',
      StartWebServers: 'succeeded',
      WaitTargetsHealthy: 'succeeded',
      ApproveReopen: 'running',
      RemoveMaintenancePage: 'pending',
    });
    expect(items(progress, 'BootWebInstances')?.map((i) => i.state)).toEqual([
      'succeeded',
      'succeeded',
    ]);
  });

  it('reads the histories as given: ids from 1, each event after the one it follows', () => {
    const names: HistoryFixtureName[] = [
      'stop-waiting-for-approval',
      'stop-approved-in-progress',
      'stop-failed-in-map-iteration',
      'stop-redriven',
      'stop-approval-expired',
      'start-waiting-to-reopen',
    ];
    for (const name of names) {
      const { events } = historyFixture(name);
      events.forEach((event: HistoryEvent, i) => {
        expect(event.id).toBe(i + 1);
        expect(event.previousEventId).toBeLessThan(event.id ?? 0);
        expect(event.timestamp).toBeInstanceOf(Date);
      });
    }
  });
});
