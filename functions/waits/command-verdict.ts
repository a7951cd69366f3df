import { GetCommandInvocationCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { JobnetError } from '../../contract/errors';
import type { WaitItem } from '../../contract/waits';
import { isFinished, judgeInvocation, type FinishedInvocation } from '../run-script/command-result';
import type { WaitResult } from './complete';

/**
 * A finished command's verdict, from its final status alone when that settles it: Success means
 * exit code 0, which a step expecting success, or a check expecting `running`, passes with.
 * Undefined when the exit code and output are needed (GetCommandInvocation).
 */
export function verdictFromStatus(wait: WaitItem, status: string): WaitResult | undefined {
  const expect = wait.expect ?? 'success';
  if (status !== 'Success' || expect === 'stopped') return undefined;
  return {
    ok: true,
    output: {
      step: wait.step,
      instanceId: wait.instanceId,
      exitCode: 0,
      ...(expect === 'running' ? { answer: 'running' } : {}),
    },
  };
}

/** The verdict on a finished invocation, judged as the run-script step always judged it. */
export function verdictFromInvocation(wait: WaitItem, invocation: FinishedInvocation): WaitResult {
  const step = wait.step ?? 'RunScript';
  const instanceId = wait.instanceId ?? '?';
  try {
    const outcome = judgeInvocation(step, instanceId, wait.expect ?? 'success', invocation);
    return { ok: true, output: { step: wait.step, instanceId, ...outcome } };
  } catch (error) {
    if (!(error instanceof JobnetError)) throw error;
    return { ok: false, error: error.errorName, cause: error.message };
  }
}

/**
 * Judges a command wait whose command reached `status` (a final one): without a call when the
 * status settles it, else with one GetCommandInvocation for the exit code and output.
 */
export async function judgeCommandWait(
  wait: WaitItem,
  status: string,
  ssm: SSMClient,
): Promise<WaitResult> {
  const settled = verdictFromStatus(wait, status);
  if (settled) return settled;
  const inv = await ssm.send(
    new GetCommandInvocationCommand({ CommandId: wait.resource, InstanceId: wait.instanceId }),
  );
  if (!isFinished(inv.Status)) {
    // Run Command's views settle a moment apart; the caller's retry or the sweep comes back.
    throw new Error(
      `command ${wait.resource} on ${wait.instanceId} reported ${status}, but its invocation is still ${inv.Status ?? 'unknown'}`,
    );
  }
  return verdictFromInvocation(wait, {
    status: inv.Status ?? status,
    exitCode: inv.ResponseCode ?? -1,
    stdout: inv.StandardOutputContent,
    stderr: inv.StandardErrorContent,
  });
}
