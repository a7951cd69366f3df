import type { GetCommandInvocationResult } from '@aws-sdk/client-ssm';
import type { CommandRecord, InstanceRecord, InvocationRecord } from './state';
import { deriveTransitions } from './timeline';
import type { Transition } from './types';

/** GetCommandInvocation's documented caps: the first 24,000 / 8,000 characters are kept. */
const STDOUT_CAP = 24_000;
const STDERR_CAP = 8_000;

type Invocation = Omit<
  GetCommandInvocationResult,
  'CommandId' | 'InstanceId' | 'Comment' | 'DocumentName'
>;

/**
 * When the instance left `running` after the command was sent and before it finished. It
 * was running at send time, so any later non-running state is an interruption; the stop
 * itself already cancelled the Apache changes the unfinished lines had planned.
 */
function interruptedAt(inst: InstanceRecord, cmd: CommandRecord, inv: InvocationRecord) {
  const hit = inst.state.transitions().find((e) => e.at >= cmd.sentAt && e.state !== 'running');
  return hit !== undefined && hit.at < inv.endAt ? hit.at : undefined;
}

/** The invocation as GetCommandInvocation reports it at time t. */
export function invocationAt(
  inst: InstanceRecord,
  cmd: CommandRecord,
  inv: InvocationRecord,
  t: number,
): Invocation {
  const base = {
    DocumentVersion: '$DEFAULT',
    PluginName: 'aws:runShellScript',
    StandardOutputUrl: '',
    StandardErrorUrl: '',
    CloudWatchOutputConfig: { CloudWatchLogGroupName: '', CloudWatchOutputEnabled: false },
  };
  const cut = interruptedAt(inst, cmd, inv);
  if (cut !== undefined && cut <= t) {
    const delivered = cut >= inv.deliverAt;
    const done = inv.steps.filter((step) => step.endAt <= cut);
    return {
      ...base,
      ...output(done, delivered ? 'the instance stopped while the command was running\n' : ''),
      Status: 'Failed',
      StatusDetails: delivered ? 'Failed' : 'Undeliverable',
      ResponseCode: -1,
      ...times(delivered ? inv.deliverAt : undefined, cut),
    };
  }
  if (t < inv.deliverAt) {
    return {
      ...base,
      ...output([], ''),
      Status: 'Pending',
      StatusDetails: 'Pending',
      ResponseCode: -1,
      ...times(undefined, undefined),
    };
  }
  if (t < inv.endAt) {
    return {
      ...base,
      ...output([], ''),
      Status: 'InProgress',
      StatusDetails: 'InProgress',
      ResponseCode: -1,
      ExecutionStartDateTime: iso(inv.deliverAt),
      ExecutionElapsedTime: elapsed(t - inv.deliverAt),
      ExecutionEndDateTime: '',
    };
  }
  if (inv.timedOut) {
    return {
      ...base,
      ...output(inv.steps, ''),
      Status: 'TimedOut',
      StatusDetails: 'ExecutionTimedOut',
      ResponseCode: -1,
      ...times(inv.deliverAt, inv.endAt),
    };
  }
  const ok = inv.exitCode === 0;
  return {
    ...base,
    // The agent reports a non-zero exit in stderr as well, where a failure message looks.
    ...output(inv.steps, ok ? '' : `failed to run commands: exit status ${inv.exitCode}\n`),
    Status: ok ? 'Success' : 'Failed',
    StatusDetails: ok ? 'Success' : 'Failed',
    ResponseCode: inv.exitCode,
    ...times(inv.deliverAt, inv.endAt),
  };
}

/** The invocation's status history (Pending, InProgress, then its final status). */
export function invocationTransitions(
  inst: InstanceRecord,
  cmd: CommandRecord,
  inv: InvocationRecord,
): Transition[] {
  const cut = interruptedAt(inst, cmd, inv);
  const points = [cmd.sentAt, inv.deliverAt, inv.endAt, ...(cut === undefined ? [] : [cut])];
  return deriveTransitions(points, (t) => invocationAt(inst, cmd, inv, t).Status ?? 'Pending');
}

function output(steps: InvocationRecord['steps'], stderrTail: string) {
  return {
    StandardOutputContent: steps
      .map((s) => s.stdout)
      .join('')
      .slice(0, STDOUT_CAP),
    StandardErrorContent: withLine(steps.map((s) => s.stderr).join(''), stderrTail).slice(
      0,
      STDERR_CAP,
    ),
  };
}

/** The agent's own line starts on a line of its own, whatever the script printed last. */
function withLine(text: string, tail: string): string {
  return text && tail && !text.endsWith('\n') ? `${text}\n${tail}` : text + tail;
}

function times(start: number | undefined, end: number | undefined) {
  return {
    ExecutionStartDateTime: start === undefined ? '' : iso(start),
    ExecutionElapsedTime: start === undefined || end === undefined ? '' : elapsed(end - start),
    ExecutionEndDateTime: end === undefined ? '' : iso(end),
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** ISO 8601 duration, the format SSM uses for ExecutionElapsedTime, e.g. "PT5.5S". */
function elapsed(ms: number): string {
  return `PT${Number((ms / 1000).toFixed(3))}S`;
}
