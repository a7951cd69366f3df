import type { RunScope } from './jobnet-input';
import type { JobnetName } from './jobnets';

/** A step a person sees in a run's checklist. */
export interface StepSpec {
  /** The state name in the definition. */
  readonly name: string;
  readonly label: string;
  /** For a Map: the states each item goes through, in order. */
  readonly subSteps?: readonly string[];
}

/**
 * The steps of each jobnet in the order they run (Parallel branches branch by branch, the
 * optional reopen approval in its place). The Slack side renders checklists from this without
 * reading the definitions; a test holds it equal to the Task and Map states of each
 * definition, so the two cannot drift.
 */
export const JOBNET_STEPS: Readonly<Record<JobnetName, readonly StepSpec[]>> = {
  stop: [
    { name: 'Prepare', label: 'Check the input and look at every resource' },
    { name: 'Approval', label: 'Approval' },
    { name: 'PutMaintenancePage', label: 'Put up the maintenance page' },
    {
      name: 'StopWebInstances',
      label: 'Stop Apache and the web instances, back each up',
      subSteps: ['StopApache', 'CheckApacheStopped', 'StopInstance', 'BackupInstance'],
    },
    { name: 'BackupDbCluster', label: 'Back up the DB cluster' },
    { name: 'WaitDbAvailable', label: 'Wait until the DB cluster is available' },
    { name: 'StopDbCluster', label: 'Stop the DB cluster' },
  ],
  start: [
    { name: 'Prepare', label: 'Check the input and look at every resource' },
    { name: 'Approval', label: 'Approval' },
    { name: 'StartDbCluster', label: 'Start the DB cluster' },
    { name: 'BootWebInstances', label: 'Start the web instances', subSteps: ['StartInstance'] },
    {
      name: 'StartWebServers',
      label: 'Start and check Apache',
      subSteps: ['StartApache', 'CheckApacheRunning'],
    },
    { name: 'WaitTargetsHealthy', label: 'Wait until every target is healthy' },
    { name: 'ApproveReopen', label: 'Approval to take the maintenance page down' },
    { name: 'RemoveMaintenancePage', label: 'Take down the maintenance page' },
  ],
};

/**
 * The steps a database-scope run goes through (the stop jobnet's DatabaseOnly choice): the
 * Aurora watch's re-stop stops the DB cluster and leaves the page, the instances and the
 * backups as they are. A test runs such a run and holds it to this list.
 */
export const DATABASE_SCOPE_STEPS: readonly string[] = [
  'Prepare',
  'Approval',
  'WaitDbAvailable',
  'StopDbCluster',
];

/** The steps a run of this scope shows: all of its jobnet's, or the database scope's. */
export function stepsInScope(
  catalog: readonly StepSpec[],
  scope: RunScope | undefined,
): readonly StepSpec[] {
  return scope === 'database'
    ? catalog.filter((step) => DATABASE_SCOPE_STEPS.includes(step.name))
    : catalog;
}
