import type { TargetHealthDescription } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { WaitItem } from '../../contract/waits';
import { JobnetErrors } from '../../contract/errors';
import { describeSummary, summarizeHealth } from '../target-health/health-summary';
import type { WaitResult } from './complete';
import { instanceReached, targetsHealthy, unexpectedState } from './wait-output';

/** What DescribeInstanceStatus (IncludeAllInstances) tells about one instance. */
export interface InstanceStatusView {
  readonly state?: string;
  readonly instanceCheck?: string;
  readonly systemCheck?: string;
}

/** States from which an instance still gets to running with its checks passed. */
const ON_ITS_WAY = new Set(['pending', 'running']);

/**
 * A status wait: done when the instance runs with both checks `ok`. `initializing`, `impaired`
 * and `insufficient-data` may still pass: wait on (the task's timeout bounds it). An instance
 * that stopped or went away meanwhile will not pass: fail, naming its state.
 */
export function statusVerdict(wait: WaitItem, view: InstanceStatusView): WaitResult | undefined {
  const state = view.state ?? 'unknown';
  if (state === 'running' && view.instanceCheck === 'ok' && view.systemCheck === 'ok') {
    return instanceReached(wait, 'running');
  }
  if (ON_ITS_WAY.has(state)) return undefined;
  return unexpectedState(
    wait,
    `the instance is ${state}, not running, while waiting for its status checks`,
  );
}

/**
 * A health wait: done when the group has targets and every one is healthy; past its deadline
 * (the input's timeout) it fails naming the targets that are not, so the page stays up with a
 * reason; else wait on. Step Functions' own timeout comes later, as a backstop.
 */
export function healthVerdict(
  wait: WaitItem,
  descriptions: TargetHealthDescription[],
  now: number,
): WaitResult | undefined {
  const summary = summarizeHealth(descriptions);
  if (summary.allHealthy) return targetsHealthy(wait, summary.healthy, summary.total);
  if (wait.deadline === undefined || now < wait.deadline) return undefined;
  const waited = Math.round((now - (wait.registeredAt ?? now)) / 1000);
  return {
    ok: false,
    error: JobnetErrors.waitTimedOut,
    cause: `${wait.step ?? 'WaitTargetsHealthy'} on ${wait.resource}: gave up waiting for every target to be healthy after ${waited} s; ${describeSummary(summary)}`,
  };
}
