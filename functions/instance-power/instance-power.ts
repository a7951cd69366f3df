import {
  DescribeInstanceStatusCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import type { Clock } from '../../contract/clock';
import { askUnlessRefused, converge } from '../lib/converge';
import { inStep } from '../../contract/errors';
import { INSTANCE_CADENCE } from '../lib/poll';
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
  const target = e.action === 'stop' ? 'stopped' : 'running with status checks ok';
  const ids = { InstanceIds: [e.instanceId] };
  const { view, changed } = await converge({
    look: () => describe(deps.ec2, e.instanceId),
    judge: e.action === 'stop' ? judgeStop : judgeStart,
    // EC2 refuses a stop while pending and a start while stopping: ask again next look.
    ask: () =>
      askUnlessRefused(
        () =>
          deps.ec2.send(
            e.action === 'stop' ? new StopInstancesCommand(ids) : new StartInstancesCommand(ids),
          ),
        'IncorrectInstanceState',
      ),
    seen: describeView,
    where: `${e.step} on ${e.instanceId}`,
    what: `${e.instanceId} to be ${target}`,
    timeoutMs: e.timeoutSeconds * 1000,
    cadence: INSTANCE_CADENCE,
    clock: deps.clock,
  });
  return { step: e.step, instanceId: e.instanceId, state: view.state, changed };
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

function describeView(view: InstanceView): string {
  if (view.state !== 'running') return view.state;
  return `running, status checks ${view.instanceCheck ?? '?'}/${view.systemCheck ?? '?'}`;
}
