import type {
  DescribeInstanceStatusResult,
  DescribeInstancesResult,
  Instance,
  InstanceStateChange,
  InstanceStatus,
  StartInstancesResult,
  StopInstancesResult,
} from '@aws-sdk/client-ec2';
import { invalidParameter, SimApiError } from './errors';
import { instanceFilter } from './ec2-filters';
import type { InputReader } from './input';
import {
  beginStart,
  beginStop,
  STATE_CODES,
  statusChecksAt,
  type StatusCheck,
} from './instance-model';
import type { ActionHandler, InstanceRecord, InstanceState, SimState } from './state';

const INSTANCE_ID = /^i-[0-9a-f]{8}([0-9a-f]{9})?$/;
/** DescribeInstanceStatus takes at most 100 explicitly named instances. */
const MAX_STATUS_IDS = 100;

/** Resolves ids the way EC2 does: malformed ids and unknown ids are separate errors. */
export function findInstances(s: SimState, ids: readonly string[]): InstanceRecord[] {
  const unique = [...new Set(ids)];
  const unknown = unique.filter((id) => !s.instances.has(id));
  const malformed = unknown.find((id) => !INSTANCE_ID.test(id));
  if (malformed !== undefined) {
    throw new SimApiError('ec2', 'InvalidInstanceID.Malformed', `Invalid id: "${malformed}"`);
  }
  if (unknown.length === 1) {
    throw new SimApiError(
      'ec2',
      'InvalidInstanceID.NotFound',
      `The instance ID '${unknown[0]}' does not exist`,
    );
  }
  if (unknown.length > 1) {
    throw new SimApiError(
      'ec2',
      'InvalidInstanceID.NotFound',
      `The instance IDs '${unknown.join(', ')}' do not exist`,
    );
  }
  return unique.map((id) => s.instances.get(id) as InstanceRecord);
}

function stateView(state: InstanceState): { Code: number; Name: InstanceState } {
  return { Code: STATE_CODES[state], Name: state };
}

function instanceView(s: SimState, inst: InstanceRecord, t: number): Instance {
  const state = inst.state.stateAt(t);
  const down = state === 'stopping' || state === 'stopped';
  return {
    InstanceId: inst.id,
    InstanceType: 't3.micro',
    LaunchTime: new Date(inst.launchedAt),
    Placement: { AvailabilityZone: `${s.region}a` },
    State: stateView(state),
    StateTransitionReason: inst.transitionReason,
    ...(down
      ? {
          StateReason: {
            Code: 'Client.UserInitiatedShutdown',
            Message: 'Client.UserInitiatedShutdown: User initiated shutdown',
          },
        }
      : {}),
    Tags: Object.entries(inst.tags).map(([Key, Value]) => ({ Key, Value })),
  };
}

const describeInstances: ActionHandler = (s, input): DescribeInstancesResult => {
  const ids = input.optStrings('InstanceIds');
  const matches = instanceFilter(input.optList('Filters') ?? []);
  const now = s.now();
  const found = ids === undefined ? [...s.instances.values()] : findInstances(s, ids);
  return {
    Reservations: found
      .filter((inst) => matches(inst, inst.state.stateAt(now)))
      .map((inst) => ({
        ReservationId: `r-${inst.id.slice(2)}`,
        OwnerId: s.accountId,
        Groups: [],
        Instances: [instanceView(s, inst, now)],
      })),
  };
};

/**
 * Applies a start or stop to every instance, all or nothing: EC2 validates the whole
 * request first, so one instance in the wrong state changes none of them.
 */
function changeStates(
  s: SimState,
  input: InputReader,
  verb: 'stopped' | 'started',
  refuse: InstanceState,
  act: (inst: InstanceRecord, from: InstanceState, now: number) => void,
): InstanceStateChange[] {
  const ids = input.optStrings('InstanceIds');
  if (ids === undefined || ids.length === 0) {
    throw new SimApiError(
      'ec2',
      'MissingParameter',
      'The request must contain the parameter InstanceIds',
    );
  }
  const now = s.now();
  const instances = findInstances(s, ids);
  const refused = instances.find((inst) => inst.state.stateAt(now) === refuse);
  if (refused !== undefined) {
    throw new SimApiError(
      'ec2',
      'IncorrectInstanceState',
      `The instance '${refused.id}' is not in a state from which it can be ${verb}.`,
    );
  }
  return instances.map((inst) => {
    const from = inst.state.stateAt(now);
    act(inst, from, now);
    return {
      InstanceId: inst.id,
      CurrentState: stateView(inst.state.stateAt(now)),
      PreviousState: stateView(from),
    };
  });
}

const stopInstances: ActionHandler = (s, input): StopInstancesResult => ({
  StoppingInstances: changeStates(s, input, 'stopped', 'pending', (inst, from, now) => {
    if (from === 'running') beginStop(inst, now, s.timings);
  }),
});

const startInstances: ActionHandler = (s, input): StartInstancesResult => ({
  StartingInstances: changeStates(s, input, 'started', 'stopping', (inst, from, now) => {
    if (from !== 'stopped') return;
    inst.launchedAt = now;
    beginStart(inst, now, s.timings);
  }),
});

function checkView(status: StatusCheck): InstanceStatus['InstanceStatus'] {
  if (status === 'not-applicable') return { Status: status };
  return {
    Status: status,
    Details: [{ Name: 'reachability', Status: status === 'ok' ? 'passed' : 'initializing' }],
  };
}

const describeInstanceStatus: ActionHandler = (s, input): DescribeInstanceStatusResult => {
  if (input.optList('Filters') !== undefined) {
    throw invalidParameter('ec2', 'sim-aws does not simulate Filters for DescribeInstanceStatus');
  }
  const ids = input.optStrings('InstanceIds');
  if (ids !== undefined && ids.length > MAX_STATUS_IDS) {
    throw invalidParameter(
      'ec2',
      `The request can name at most ${MAX_STATUS_IDS} instance IDs; it names ${ids.length}`,
    );
  }
  const includeAll = input.optBoolean('IncludeAllInstances') ?? false;
  const now = s.now();
  const found = ids === undefined ? [...s.instances.values()] : findInstances(s, ids);
  return {
    InstanceStatuses: found
      // Real EC2 leaves out instances that are not running unless asked for all of them.
      .filter((inst) => includeAll || inst.state.stateAt(now) === 'running')
      .map((inst) => {
        const checks = checkView(statusChecksAt(inst, now, s.timings));
        return {
          InstanceId: inst.id,
          AvailabilityZone: `${s.region}a`,
          InstanceState: stateView(inst.state.stateAt(now)),
          InstanceStatus: checks,
          SystemStatus: checks,
        };
      }),
  };
};

/** The EC2 actions the jobnet uses. */
export const ec2Actions: Record<string, ActionHandler> = {
  DescribeInstances: describeInstances,
  StopInstances: stopInstances,
  StartInstances: startInstances,
  DescribeInstanceStatus: describeInstanceStatus,
};
