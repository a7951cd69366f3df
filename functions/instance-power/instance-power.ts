import { StartInstancesCommand, StopInstancesCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { awsErrorCode, inStep, JobnetError, JobnetErrors } from '../../contract/errors';
import { waitKeys } from '../../contract/waits';
import {
  waiterOf,
  type CallbackTaskEvent,
  type Registered,
  type WaitDeps,
} from '../lib/callback-task';
import { retryTransient } from '../lib/transient';
import { STATUS_CHECK_INTERVAL_MS } from '../waits/wait-store';
import { targetReached } from '../waits/target-reached';
import { judgePower } from './power-state';

export interface InstancePowerEvent extends CallbackTaskEvent {
  readonly instanceId: string;
  readonly action: 'stop' | 'start';
}

export interface InstancePowerDeps {
  readonly ec2: EC2Client;
  readonly waits: WaitDeps;
}

/**
 * Stops an instance (done at `stopped`) or starts it (done at `running` with both status checks
 * ok). Records the wait first, then asks EC2: the answer's CurrentState is the one look, and the
 * state-change event that follows cannot come before the wait it completes.
 */
export function setInstancePower(
  e: InstancePowerEvent,
  deps: InstancePowerDeps,
): Promise<Registered> {
  return inStep(e.step, e.instanceId, () => power(e, deps));
}

async function power(e: InstancePowerEvent, deps: InstancePowerDeps): Promise<Registered> {
  const { waits } = deps;
  const target = e.action === 'stop' ? 'stopped' : 'running';
  const wait = await retryTransient(
    () =>
      waits.store.registerBeforeAct({
        pk: waitKeys.instance(e.instanceId, target),
        kind: 'instance',
        resource: e.instanceId,
        target,
        ...waiterOf(e),
        ...(e.action === 'start' ? { then: 'status' as const } : {}),
      }),
    waits.clock,
  );
  const state = await retryTransient(() => ask(deps.ec2, e), waits.clock);
  const verdict = judgePower(e.action, state);
  const registered = (outcome: Registered['outcome']): Registered => ({
    step: e.step,
    resource: e.instanceId,
    outcome,
    seen: state,
  });
  switch (verdict) {
    case 'wait':
      return registered('waiting');
    case 'done':
      await targetReached(wait, waits.clock.now(), waits);
      return registered('completed');
    case 'status':
      // Already running (a rerun): its status checks may have passed long ago, so poll at once.
      await targetReached(wait, waits.clock.now() - STATUS_CHECK_INTERVAL_MS, waits);
      return registered('waiting');
    case 'fail':
      throw new JobnetError(
        JobnetErrors.unexpectedState,
        `${e.step} on ${e.instanceId}: the instance is ${state}`,
      );
  }
}

/**
 * Asks for the change and returns the state EC2 answers with. EC2 refuses a stop while the
 * instance is pending and a start while it is stopping: the step is retried a little later.
 */
async function ask(ec2: EC2Client, e: InstancePowerEvent): Promise<string> {
  const ids = { InstanceIds: [e.instanceId] };
  try {
    if (e.action === 'stop') {
      const out = await ec2.send(new StopInstancesCommand(ids));
      return out.StoppingInstances?.[0]?.CurrentState?.Name ?? 'unknown';
    }
    const out = await ec2.send(new StartInstancesCommand(ids));
    return out.StartingInstances?.[0]?.CurrentState?.Name ?? 'unknown';
  } catch (error) {
    if (awsErrorCode(error) !== 'IncorrectInstanceState') throw error;
    throw new JobnetError(
      JobnetErrors.resourceBusy,
      `${e.step} on ${e.instanceId}: EC2 refused to ${e.action} it for now (${(error as Error).message})`,
    );
  }
}
