import {
  DescribeInstanceStatusCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import type { Clock } from '../lib/clock';
import { awsErrorCode, inStep, JobnetError, JobnetErrors } from '../lib/errors';
import { INSTANCE_CADENCE, waitFor, type Observation } from '../lib/poll';
import { judgeStart, judgeStop, type InstanceView } from './power-state';

export interface InstancePowerEvent {
  readonly step: string;
  readonly instanceId: string;
  readonly action: 'stop' | 'start';
  readonly timeoutSeconds: number;
}

export interface InstancePowerResult {
  readonly step: string;
  readonly instanceId: string;
  readonly state: string;
  /** False when the instance was already where we wanted it (a rerun, or someone else). */
  readonly changed: boolean;
}

export interface InstancePowerDeps {
  readonly ec2: EC2Client;
  readonly clock: Clock;
}

/**
 * Stops an instance and waits for `stopped`, or starts it and waits for `running` with both
 * status checks ok. Asking again is harmless (EC2 treats it as a no-op), so each look re-asks
 * while the instance is in a state EC2 refuses (pending for stop, stopping for start).
 */
export function setInstancePower(
  e: InstancePowerEvent,
  deps: InstancePowerDeps,
): Promise<InstancePowerResult> {
  return inStep(e.step, e.instanceId, () => power(e, deps));
}

async function power(e: InstancePowerEvent, deps: InstancePowerDeps): Promise<InstancePowerResult> {
  let changed = false;
  const target = e.action === 'stop' ? 'stopped' : 'running with status checks ok';
  const state = await waitFor(
    async (): Promise<Observation<string>> => {
      const view = await describe(deps.ec2, e.instanceId);
      const verdict = e.action === 'stop' ? judgeStop(view) : judgeStart(view);
      if (verdict.kind === 'done') return { done: true, value: view.state };
      if (verdict.kind === 'fail') {
        throw new JobnetError(
          JobnetErrors.unexpectedState,
          `${e.step} on ${e.instanceId}: ${verdict.reason}`,
        );
      }
      if (verdict.kind === 'ask') changed = (await ask(deps.ec2, e)) || changed;
      return { done: false, seen: describeView(view) };
    },
    {
      what: `${e.instanceId} to be ${target}`,
      timeoutMs: e.timeoutSeconds * 1000,
      cadence: INSTANCE_CADENCE,
      clock: deps.clock,
    },
  );
  return { step: e.step, instanceId: e.instanceId, state, changed };
}

async function describe(ec2: EC2Client, instanceId: string): Promise<InstanceView> {
  // Without IncludeAllInstances, instances that are not running are left out of the answer.
  const out = await ec2.send(
    new DescribeInstanceStatusCommand({ InstanceIds: [instanceId], IncludeAllInstances: true }),
  );
  const status = out.InstanceStatuses?.[0];
  return {
    state: status?.InstanceState?.Name ?? 'unknown',
    instanceCheck: status?.InstanceStatus?.Status,
    systemCheck: status?.SystemStatus?.Status,
  };
}

/** Returns true when this call started the change; false when EC2 said it is not possible yet. */
async function ask(ec2: EC2Client, e: InstancePowerEvent): Promise<boolean> {
  try {
    const ids = { InstanceIds: [e.instanceId] };
    await ec2.send(
      e.action === 'stop' ? new StopInstancesCommand(ids) : new StartInstancesCommand(ids),
    );
    return true;
  } catch (error) {
    if (awsErrorCode(error) === 'IncorrectInstanceState') return false;
    throw error;
  }
}

function describeView(view: InstanceView): string {
  if (view.state !== 'running') return view.state;
  return `running, status checks ${view.instanceCheck ?? '?'}/${view.systemCheck ?? '?'}`;
}
