import { DescribeInstancesCommand, type EC2Client } from '@aws-sdk/client-ec2';
import {
  GetCommandInvocationCommand,
  SendCommandCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import type { Clock } from '../../contract/clock';
import { awsErrorCode, inStep, JobnetError, JobnetErrors } from '../../contract/errors';
import { COMMAND_CADENCE, waitFor } from '../lib/poll';
import { retryTransient } from '../lib/transient';
import {
  isFinished,
  judgeInvocation,
  type Expectation,
  type FinishedInvocation,
} from './command-result';

export interface RunScriptEvent {
  readonly step: string;
  readonly runId: string;
  readonly instanceId: string;
  readonly script: string;
  readonly expect: Expectation;
  /** Stop jobnet: a stopped instance has no Apache to stop, so a rerun skips it. */
  readonly whenNotRunning: 'skip' | 'fail';
  readonly timeoutSeconds: number;
}

export interface RunScriptResult {
  readonly step: string;
  readonly instanceId: string;
  readonly exitCode?: number;
  readonly answer?: 'running' | 'stopped';
  readonly skipped?: string;
}

export interface RunScriptDeps {
  readonly ssm: SSMClient;
  readonly ec2: EC2Client;
  readonly clock: Clock;
}

/** Runs a script with AWS-RunShellScript on one instance, waits for it, and judges the result. */
export function runScript(e: RunScriptEvent, deps: RunScriptDeps): Promise<RunScriptResult> {
  return inStep(e.step, e.instanceId, () => run(e, deps));
}

async function run(e: RunScriptEvent, deps: RunScriptDeps): Promise<RunScriptResult> {
  const state = await retryTransient(() => instanceState(deps.ec2, e.instanceId), deps.clock);
  if (state !== 'running') {
    if (e.whenNotRunning === 'skip') {
      return { step: e.step, instanceId: e.instanceId, skipped: `instance is ${state}` };
    }
    throw new JobnetError(
      JobnetErrors.unexpectedState,
      `${e.step} on ${e.instanceId}: cannot run, the instance is ${state}, not running`,
    );
  }
  // A retried SendCommand may run the script twice; the scripts are idempotent by contract.
  const commandId = await retryTransient(() => sendCommand(e, deps.ssm), deps.clock);
  const invocation = await waitFor(() => observeInvocation(deps.ssm, commandId, e.instanceId), {
    what: `${e.step} (command ${commandId}) to finish on ${e.instanceId}`,
    // Run Command enforces executionTimeout itself; the margin lets its verdict arrive first.
    timeoutMs: (e.timeoutSeconds + 30) * 1000,
    cadence: COMMAND_CADENCE,
    clock: deps.clock,
  });
  const outcome = judgeInvocation(e.step, e.instanceId, e.expect, invocation);
  return { step: e.step, instanceId: e.instanceId, ...outcome };
}

async function instanceState(ec2: EC2Client, instanceId: string): Promise<string> {
  const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  const instance = out.Reservations?.[0]?.Instances?.[0];
  return instance?.State?.Name ?? 'unknown';
}

async function sendCommand(e: RunScriptEvent, ssm: SSMClient): Promise<string> {
  const out = await ssm.send(
    new SendCommandCommand({
      DocumentName: 'AWS-RunShellScript',
      InstanceIds: [e.instanceId],
      Parameters: {
        commands: e.script.split('\n').filter((line) => line.trim() !== ''),
        executionTimeout: [String(e.timeoutSeconds)],
      },
      TimeoutSeconds: 60,
      // Ties the command to the run in Run Command's history; at most 100 characters.
      Comment: `webapp-chatops ${e.runId} ${e.step}`.slice(0, 100),
    }),
  );
  const commandId = out.Command?.CommandId;
  if (!commandId) throw new Error(`SendCommand returned no command id for ${e.instanceId}`);
  return commandId;
}

async function observeInvocation(ssm: SSMClient, commandId: string, instanceId: string) {
  try {
    const inv = await ssm.send(
      new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: instanceId }),
    );
    if (!isFinished(inv.Status)) return { done: false as const, seen: inv.Status ?? 'unknown' };
    const finished: FinishedInvocation = {
      status: inv.Status ?? 'unknown',
      exitCode: inv.ResponseCode ?? -1,
      stdout: inv.StandardOutputContent,
      stderr: inv.StandardErrorContent,
    };
    return { done: true as const, value: finished };
  } catch (error) {
    // Run Command is eventually consistent: a fresh command's invocation may not exist yet.
    if (awsErrorCode(error) === 'InvocationDoesNotExist') {
      return { done: false as const, seen: 'not yet visible' };
    }
    throw error;
  }
}
