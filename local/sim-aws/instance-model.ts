import type { TargetHealthReasonEnum } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { InstanceRecord, InstanceState } from './state';
import { deriveTransitions } from './timeline';
import type { SimTimings, Transition } from './types';

export type StatusCheck = 'ok' | 'initializing' | 'not-applicable';

/** A target's health as DescribeTargetHealth reports it. */
export interface TargetHealthView {
  State: 'healthy' | 'initial' | 'unhealthy' | 'unused';
  Reason?: TargetHealthReasonEnum;
  Description?: string;
}

/** EC2's numeric state codes. */
export const STATE_CODES: Record<InstanceState, number> = {
  pending: 0,
  running: 16,
  stopping: 64,
  stopped: 80,
};

/**
 * Begins a stop at `now`: `stopping` at once, `stopped` after ec2StopMs (never, if the
 * instance is stuck). Apache dies with the machine, and any Apache change a running command
 * had scheduled for later is cancelled, because that command will never get there.
 */
export function beginStop(inst: InstanceRecord, now: number, timings: SimTimings): void {
  inst.state.schedule(now, 'stopping');
  inst.apache.cancelAfter(now);
  inst.apache.schedule(now, 'stopped');
  inst.transitionReason = `User initiated (${gmt(now)})`;
  finishOrStick(inst, now + timings.ec2StopMs, 'stopped');
}

/** Begins a start at `now`: `pending`, then `running` after ec2StartMs (never, if stuck). */
export function beginStart(inst: InstanceRecord, now: number, timings: SimTimings): void {
  inst.state.schedule(now, 'pending');
  inst.transitionReason = '';
  finishOrStick(inst, now + timings.ec2StartMs, 'running');
}

function finishOrStick(inst: InstanceRecord, at: number, final: InstanceState): void {
  if (inst.stickNext) {
    inst.stickNext = false;
    inst.stuckTowards = final;
    return;
  }
  inst.state.schedule(at, final);
}

/** Both EC2 status checks at t: `initializing` for statusChecksMs after reaching running. */
export function statusChecksAt(inst: InstanceRecord, t: number, timings: SimTimings): StatusCheck {
  if (inst.state.stateAt(t) !== 'running') return 'not-applicable';
  return t >= inst.state.enteredAt(t) + timings.statusChecksMs ? 'ok' : 'initializing';
}

/**
 * How long after Apache starts its target turns healthy: the group checks every interval, and a
 * target needs HealthyThresholdCount passing checks in a row, the first an interval after start.
 */
export function healthyAfterMs(group: {
  healthCheckIntervalSeconds: number;
  healthyThresholdCount: number;
}): number {
  return group.healthCheckIntervalSeconds * group.healthyThresholdCount * 1000;
}

/**
 * The ALB's view of the instance at t, for a group whose checks pass it `healthyAfter` ms after
 * Apache starts. Instance state wins (a stopped target is `unused` whatever else is true), then
 * a pinned fault, then Apache, then the initial checks.
 */
export function targetHealthAt(
  inst: InstanceRecord,
  t: number,
  healthyAfter: number,
): TargetHealthView {
  const state = inst.state.stateAt(t);
  if (state !== 'running') {
    return {
      State: 'unused',
      Reason: 'Target.InvalidState',
      Description: `Target is in the ${state} state`,
    };
  }
  if (inst.pinned.stateAt(t) === 'pinned' || inst.apache.stateAt(t) === 'stopped') {
    return {
      State: 'unhealthy',
      Reason: 'Target.FailedHealthChecks',
      Description: 'Health checks failed',
    };
  }
  if (t < inst.apache.enteredAt(t) + healthyAfter) {
    return {
      State: 'initial',
      Reason: 'Elb.InitialHealthChecking',
      Description: 'Initial health checks in progress',
    };
  }
  return { State: 'healthy' };
}

/** The status-check history: it can only change at a state change or when checks pass. */
export function statusCheckTransitions(inst: InstanceRecord, timings: SimTimings): Transition[] {
  const states = inst.state.transitions();
  const times = states.flatMap((e) =>
    e.state === 'running' ? [e.at, e.at + timings.statusChecksMs] : [e.at],
  );
  return deriveTransitions(times, (t) => statusChecksAt(inst, t, timings));
}

/** The target-health history, evaluated wherever one of its inputs changes. */
export function targetHealthTransitions(inst: InstanceRecord, healthyAfter: number): Transition[] {
  const times = [
    ...inst.state.transitions().map((e) => e.at),
    ...inst.pinned.transitions().map((e) => e.at),
    ...inst.apache
      .transitions()
      .flatMap((e) => (e.state === 'running' ? [e.at, e.at + healthyAfter] : [e.at])),
  ];
  return deriveTransitions(times, (t) => targetHealthAt(inst, t, healthyAfter).State);
}

/** "2024-05-01 10:00:00 GMT", the format EC2 uses in StateTransitionReason. */
function gmt(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} GMT`;
}
