import type { Verdict } from '../lib/converge';

/** What DescribeInstanceStatus (with IncludeAllInstances) tells about one instance. */
export interface InstanceView {
  readonly state: string;
  readonly instanceCheck?: string;
  readonly systemCheck?: string;
}

const GONE = new Set(['shutting-down', 'terminated', 'unknown']);

/** Decides the next move towards `stopped`. */
export function judgeStop(view: InstanceView): Verdict {
  if (view.state === 'stopped') return { kind: 'done' };
  if (GONE.has(view.state)) return { kind: 'fail', reason: `the instance is ${view.state}` };
  if (view.state === 'stopping') return { kind: 'wait' };
  return { kind: 'ask' };
}

/** Decides the next move towards `running` with both status checks `ok`. */
export function judgeStart(view: InstanceView): Verdict {
  if (GONE.has(view.state)) return { kind: 'fail', reason: `the instance is ${view.state}` };
  if (view.state === 'running') {
    return view.instanceCheck === 'ok' && view.systemCheck === 'ok'
      ? { kind: 'done' }
      : { kind: 'wait' };
  }
  if (view.state === 'pending') return { kind: 'wait' };
  return { kind: 'ask' };
}
