import { DescribeInstancesCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { SendCommandCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { awsErrorCode, inStep, JobnetError, JobnetErrors } from '../../contract/errors';
import type { RunRecord } from '../../contract/plan';
import { waitKeys } from '../../contract/waits';
import {
  type CallbackTaskEvent,
  type Registered,
  succeedNow,
  type WaitDeps,
  waiterOf,
} from '../lib/callback-task';
import { retryTransient } from '../lib/transient';
import { completeIfObserved } from '../waits/complete-observed';
import type { Expectation } from './command-result';

export interface RunScriptEvent extends CallbackTaskEvent {
  readonly instanceId: string;
  /** Which of the run's scripts: read from the run's record, not carried in the state. */
  readonly script: keyof RunRecord['scripts'];
  readonly expect: Expectation;
  /** Stop jobnet: a stopped instance has no Apache to stop, so a rerun skips it. */
  readonly whenNotRunning: 'skip' | 'fail';
  /** Run Command's execution timeout; the step's own (timeoutSeconds) adds delivery and a margin. */
  readonly executionTimeoutSeconds: number;
}

/** What the step outputs when it completes. */
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
  readonly waits: WaitDeps;
  /** The run's scripts, from its record (cached per container: a Map reads them per instance). */
  readonly scripts: (executionArn: string) => Promise<RunRecord['scripts'] | undefined>;
}

/**
 * Sends a script with AWS-RunShellScript to one instance and records the wait under the command's
 * id. The command's status-change event completes the step; if it came first, the matcher kept
 * it and the recording finds it (no look at Run Command needed).
 */
export function runScript(e: RunScriptEvent, deps: RunScriptDeps): Promise<Registered> {
  return inStep(e.step, e.instanceId, () => run(e, deps));
}

async function run(e: RunScriptEvent, deps: RunScriptDeps): Promise<Registered> {
  const { waits } = deps;
  const scripts = await retryTransient(() => deps.scripts(e.executionArn), waits.clock);
  const script = scripts?.[e.script];
  if (script === undefined) {
    throw new JobnetError(
      JobnetErrors.invalidInput,
      `${e.step} on ${e.instanceId}: the run's record has no ${e.script} script (was Prepare run for ${e.executionArn}?)`,
    );
  }
  // A retried SendCommand may run the script twice; the scripts are idempotent by contract.
  const sent = await retryTransient(() => sendCommand(e, script, deps.ssm), waits.clock);
  if (sent.notRunning) {
    const state = await retryTransient(() => instanceState(deps.ec2, e.instanceId), waits.clock);
    if (state === 'running') throw sent.notRunning;
    if (e.whenNotRunning === 'fail') {
      throw new JobnetError(
        JobnetErrors.unexpectedState,
        `${e.step} on ${e.instanceId}: cannot run, the instance is ${state}, not running`,
      );
    }
    const output: RunScriptResult = {
      step: e.step,
      instanceId: e.instanceId,
      skipped: `instance is ${state}`,
    };
    await succeedNow(e.taskToken, output, waits);
    return { step: e.step, resource: e.instanceId, outcome: 'completed', seen: state };
  }
  const wait = await retryTransient(
    () =>
      waits.store.registerCommand({
        pk: waitKeys.command(sent.commandId, e.instanceId),
        kind: 'command',
        resource: sent.commandId,
        instanceId: e.instanceId,
        target: 'finished',
        expect: e.expect,
        ...waiterOf(e),
      }),
    waits.clock,
  );
  const completed = await completeIfObserved(wait, { ...waits, ssm: deps.ssm });
  return {
    step: e.step,
    resource: `${sent.commandId}/${e.instanceId}`,
    outcome: completed ? 'completed' : 'waiting',
    seen: wait.observed?.state ?? 'sent',
  };
}

type Sent = { commandId: string; notRunning?: undefined } | { notRunning: Error };

/** SSM refuses a command to an instance that is not running (or not managed) as InvalidInstanceId. */
async function sendCommand(e: RunScriptEvent, script: string, ssm: SSMClient): Promise<Sent> {
  try {
    const out = await ssm.send(
      new SendCommandCommand({
        DocumentName: 'AWS-RunShellScript',
        InstanceIds: [e.instanceId],
        Parameters: {
          commands: script.split('\n').filter((line) => line.trim() !== ''),
          executionTimeout: [String(e.executionTimeoutSeconds)],
        },
        TimeoutSeconds: 60,
        // Ties the command to the run in Run Command's history; at most 100 characters.
        Comment: `webapp-chatops ${e.runId} ${e.step}`.slice(0, 100),
      }),
    );
    const commandId = out.Command?.CommandId;
    if (!commandId) throw new Error(`SendCommand returned no command id for ${e.instanceId}`);
    return { commandId };
  } catch (error) {
    if (awsErrorCode(error) === 'InvalidInstanceId') {
      return {
        notRunning: new JobnetError(
          JobnetErrors.unexpectedState,
          `${e.step} on ${e.instanceId}: Run Command cannot reach the instance (${(error as Error).message})`,
        ),
      };
    }
    throw error;
  }
}

async function instanceState(ec2: EC2Client, instanceId: string): Promise<string> {
  const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  return out.Reservations?.[0]?.Instances?.[0]?.State?.Name ?? 'unknown';
}
