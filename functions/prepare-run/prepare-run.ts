import { inStep, JobnetError, JobnetErrors } from '../../contract/errors';
import { describeInputProblems, jobnetInputSchema } from '../../contract/jobnet-input';
import type { JobnetName } from '../../contract/jobnets';
import { observeSystem, type ObserveClients } from '../../contract/observe-system';
import {
  COMMAND_WAIT_MARGIN_SECONDS,
  HEALTH_WAIT_MARGIN_SECONDS,
  type PreparedRun,
  type RunRecord,
} from '../../contract/plan';
import type { Clock } from '../../contract/clock';
import { JOBNET_TAG_KEY } from '../../contract/jobnet-tag';
import type { Observed } from '../../contract/plan';
import { retryTransient } from '../lib/transient';
import { buildPlan } from './plan';

export interface PrepareEvent {
  readonly jobnet: JobnetName;
  readonly input: unknown;
  readonly executionArn: string;
}

/** Where the run's plan and scripts are kept for the approval and the script steps. */
export interface RunRecords {
  put(executionArn: string, record: RunRecord): Promise<void>;
}

export interface PrepareDeps extends ObserveClients {
  readonly clock: Clock;
  readonly runRecords: RunRecords;
}

/** First state of both jobnets: validate, resolve targets, look at everything, touch nothing. */
export async function prepareRun(e: PrepareEvent, deps: PrepareDeps): Promise<PreparedRun> {
  const parsed = jobnetInputSchema.safeParse(e.input);
  if (!parsed.success) {
    throw new JobnetError(
      JobnetErrors.invalidInput,
      `Execution input is invalid: ${describeInputProblems(parsed.error).join('; ')}`,
    );
  }
  const run = parsed.data;
  if (e.jobnet === 'start' && run.scope === 'database') {
    throw new JobnetError(
      JobnetErrors.invalidInput,
      'Execution input is invalid: scope: database is for the stop jobnet only (the Aurora watch re-stop); a start starts the whole system',
    );
  }
  return inStep('Prepare', run.system, async () => {
    // Read-only, so a throttled or failed look is simply taken again.
    const observed = await retryTransient(() => observeSystem(run, deps), deps.clock);
    refuseUntagged(run.system, observed.instances);
    const instanceIds = observed.instances.map((i) => i.id);
    const plan = buildPlan(e.jobnet, run, observed);
    // Written again by a redrive of Prepare: the same run, looked at again.
    await retryTransient(
      () => deps.runRecords.put(e.executionArn, { plan, scripts: run.scripts }),
      deps.clock,
    );
    return {
      ...run,
      jobnet: e.jobnet,
      instanceIds,
      commandWaitSeconds: run.timeouts.commandSeconds + COMMAND_WAIT_MARGIN_SECONDS,
      healthWaitSeconds: run.timeouts.targetsHealthySeconds + HEALTH_WAIT_MARGIN_SECONDS,
    };
  });
}

/**
 * The task roles may act only on instances tagged for the system, so a run that would fail on
 * the first stop fails here instead, before anything changes, naming what to tag.
 */
function refuseUntagged(system: string, instances: Observed['instances']): void {
  const untagged = instances.filter((i) => i.jobnetTag !== undefined && i.jobnetTag !== system);
  if (untagged.length === 0) return;
  throw new JobnetError(
    JobnetErrors.invalidInput,
    `instances.ids: ${untagged.map((i) => i.id).join(', ')} ${untagged.length === 1 ? 'is' : 'are'} not tagged ${JOBNET_TAG_KEY}=${system}; the jobnets may act only on instances carrying it`,
  );
}
