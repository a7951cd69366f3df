import type { JobnetRun } from '../../contract/jobnet-input';
import type { JobnetName } from '../../contract/jobnets';
import type { Observed, Plan } from '../../contract/plan';

/** The run's plan: the resources it will change and their current states. Pure. */
export function buildPlan(jobnet: JobnetName, run: JobnetRun, observed: Observed): Plan {
  if (jobnet === 'stop' && run.scope === 'database') {
    return { jobnet, scope: 'database', ...observed, changes: databaseChanges(observed) };
  }
  const changes = jobnet === 'stop' ? stopChanges(run, observed) : startChanges(run, observed);
  return { jobnet, ...observed, changes };
}

/** A database-scope stop: the DB cluster alone, whatever the rest of the system is doing. */
function databaseChanges(o: Observed): string[] {
  return [
    'Only the DB cluster: the maintenance page, the web instances and their backups are left as they are',
    dbStopChange(o),
  ];
}

function dbStopChange(o: Observed): string {
  return o.db.status === 'stopped'
    ? `DB cluster ${o.db.id} is already stopped`
    : `Wait for DB cluster ${o.db.id} to be available (${o.db.status} now), then stop it`;
}

function label(instance: { id: string; name?: string }): string {
  return instance.name ? `${instance.id} (${instance.name})` : instance.id;
}

function stopChanges(run: JobnetRun, o: Observed): string[] {
  const days = run.backup.deleteAfterDays;
  return [
    o.maintenancePage === 'up'
      ? 'Maintenance page is already up'
      : `Put up the maintenance page (listener rule, priority ${run.maintenancePage.priority}, HTTP 503)`,
    ...o.instances.map((i) =>
      i.state === 'stopped'
        ? `${label(i)} is already stopped`
        : `Stop Apache on ${label(i)}, check it, stop the instance (${i.state} now)`,
    ),
    `Back up ${o.instances.length} instance(s) as AMIs, kept ${days} day(s)`,
    `Back up DB cluster ${o.db.id} (snapshot, kept ${days} day(s))`,
    dbStopChange(o),
  ];
}

function startChanges(run: JobnetRun, o: Observed): string[] {
  const unhealthy = o.targets.filter((t) => t.state !== 'healthy').length;
  return [
    o.db.status === 'available'
      ? `DB cluster ${o.db.id} is already available`
      : `Start DB cluster ${o.db.id} (${o.db.status} now) and wait until available`,
    ...o.instances.map((i) =>
      i.state === 'running'
        ? `${label(i)} is already running: start Apache and check it`
        : `Start ${label(i)} (${i.state} now), wait for status checks, start Apache, check it`,
    ),
    `Wait until all ${o.targets.length} target(s) are healthy (${unhealthy} not healthy now)`,
    o.maintenancePage === 'up'
      ? run.approveBeforeReopen
        ? 'Ask again in this thread, then take down the maintenance page'
        : 'Take down the maintenance page'
      : 'Maintenance page is already down',
  ];
}
