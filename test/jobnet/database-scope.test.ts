import { DATABASE_SCOPE_STEPS, JOBNET_STEPS, stepsInScope } from '../../contract/jobnet-steps';
import { readDefinitionText } from '../../statemachines/definitions';
import { createJobnetHarness, type JobnetHarness } from '../helpers/jobnet-harness';

// Each run makes real requests to the loopback DynamoDB: seconds of real time on a busy machine.
jest.setTimeout(30_000);

let h: JobnetHarness;
afterEach(() => h?.dispose());

const DAY = 86_400_000;

/** The Task states an execution entered, in order, once each. */
function tasksEntered(h: JobnetHarness, execution: Parameters<JobnetHarness['history']>[0]) {
  const names = h
    .history(execution)
    .filter((e) => e.type === 'TaskStateEntered')
    .map((e) => e.stateEnteredEventDetails?.name ?? '');
  return [...new Set(names)];
}

describe('stop jobnet, database scope (the Aurora watch re-stop)', () => {
  it('stops a cluster AWS is starting after 7 days, and touches nothing else', async () => {
    // Prepare: the system as a stop leaves it, 7 days on: AWS is starting the cluster.
    h = await createJobnetHarness({ instances: 2, startState: 'down' });
    await h.vt.advance(7 * DAY);
    const before = h.account.snapshot();
    expect(before.clusters[0].status).toBe('starting');
    const callsBefore = h.account.calls.length;

    // Act
    const execution = h.start('stop', 'restop-1', {
      ...h.system.input('restop-1'),
      scope: 'database',
    });
    await h.vt.runUntil(() => h.approvalRequests.length === 1);
    const plan = (await h.plan(execution)) as { changes: string[]; scope?: string };
    await h.decide(execution, 'approve');
    await h.finish(execution);

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(plan.scope).toBe('database');
    expect(plan.changes).toEqual([
      'Only the DB cluster: the maintenance page, the web instances and their backups are left as they are',
      'Wait for DB cluster shop-db to be available (starting now), then stop it',
    ]);
    expect(tasksEntered(h, execution)).toEqual(DATABASE_SCOPE_STEPS);
    const after = h.account.snapshot();
    expect(after.clusters[0].status).toBe('stopped');
    expect(after.instances).toEqual(before.instances);
    expect(after.listeners).toEqual(before.listeners);
    expect(after.backupJobs).toEqual([]);
    const changed = h.account.calls
      .slice(callsBefore)
      .filter((c) => !/^(Describe|Get|List)/.test(c.action));
    expect(changed.map((c) => `${c.service}:${c.action}`)).toEqual(['rds:StopDBCluster']);
  });

  it('a system-scope stop still runs every step', async () => {
    // Prepare
    h = await createJobnetHarness({ instances: 1 });

    // Act
    const execution = await h.approvedRun('stop');

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(tasksEntered(h, execution)).toEqual([
      'Prepare',
      'Approval',
      'PutMaintenancePage',
      'StopApache',
      'CheckApacheStopped',
      'StopInstance',
      'BackupInstance',
      'BackupDbCluster',
      'WaitDbAvailable',
      'StopDbCluster',
    ]);
  });

  it('is refused by Prepare for the start jobnet, before anything is touched', async () => {
    // Prepare
    h = await createJobnetHarness({ instances: 1 });

    // Act
    const execution = h.start('start', 'start-db', {
      ...h.system.input('start-db'),
      scope: 'database',
    });
    await h.finish(execution);

    // Assess
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('Jobnet.InvalidInput');
    expect(execution.cause).toContain(
      'scope: database is for the stop jobnet only (the Aurora watch re-stop); a start starts the whole system',
    );
    expect(h.mutatingCalls()).toEqual([]);
  });

  it('every way out of the approval passes the DatabaseOnly choice before the page goes up', () => {
    // An approval path that skipped the choice would stop the whole system on a DB-only run.
    const states = JSON.parse(readDefinitionText('stop')).States as Record<
      string,
      { Next?: string; Default?: string; Choices?: { Next: string }[] }
    >;
    const into = (target: string) =>
      Object.entries(states)
        .filter(([, s]) =>
          [s.Next, s.Default, ...(s.Choices ?? []).map((c) => c.Next)].includes(target),
        )
        .map(([name]) => name);

    expect(into('PutMaintenancePage')).toEqual(['DatabaseOnly']);
    expect(into('DatabaseOnly').sort()).toEqual([
      'Approval',
      'NoObjection',
      'NoObjectionToTrigger',
    ]);
  });

  it('shows a database-scope run only the steps it runs', () => {
    expect(stepsInScope(JOBNET_STEPS.stop, 'database').map((s) => s.name)).toEqual(
      DATABASE_SCOPE_STEPS,
    );
    expect(stepsInScope(JOBNET_STEPS.stop, 'system')).toBe(JOBNET_STEPS.stop);
  });
});
