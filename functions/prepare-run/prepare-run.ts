import { inStep, JobnetError, JobnetErrors } from '../../contract/errors';
import { describeInputProblems, jobnetInputSchema } from '../../contract/jobnet-input';
import type { JobnetName } from '../../contract/jobnets';
import { observeSystem, type ObserveClients } from '../../contract/observe-system';
import type { PreparedRun } from '../../contract/plan';
import type { Clock } from '../../contract/clock';
import { retryTransient } from '../lib/transient';
import { buildPlan } from './plan';

export interface PrepareEvent {
  readonly jobnet: JobnetName;
  readonly input: unknown;
}

export interface PrepareDeps extends ObserveClients {
  readonly clock: Clock;
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
    const instanceIds = observed.instances.map((i) => i.id);
    return { ...run, jobnet: e.jobnet, instanceIds, plan: buildPlan(e.jobnet, run, observed) };
  });
}
