import { JobnetError, JobnetErrors } from '../../contract/errors';
import { tail } from '../lib/text';

/** What the step needs from the script: success, or the check script's answer. */
export type Expectation = 'success' | 'stopped' | 'running';

/** The check script's exit code is its answer (the convention of `systemctl is-active`). */
export const CHECK_EXIT_CODES = { running: 0, stopped: 3 } as const;

/** How much output goes into a failure message: enough to diagnose, small enough for Slack. */
export const OUTPUT_TAIL_CHARS = 1500;

export interface FinishedInvocation {
  readonly status: string;
  readonly exitCode: number;
  readonly stdout?: string;
  readonly stderr?: string;
}

export interface ScriptOutcome {
  readonly exitCode: number;
  readonly answer?: 'running' | 'stopped';
}

/**
 * Run Command reports every non-zero exit as a failed command, so a check script answering
 * "stopped" (exit 3) arrives as Failed; the exit code, not the status, decides.
 */
export function judgeInvocation(
  step: string,
  instanceId: string,
  expect: Expectation,
  invocation: FinishedInvocation,
): ScriptOutcome {
  const { exitCode } = invocation;
  if (expect === 'success') {
    if (exitCode === 0 && invocation.status === 'Success') return { exitCode };
    throw commandFailed(step, instanceId, invocation, 'expected exit code 0');
  }
  const answer =
    exitCode === CHECK_EXIT_CODES.running
      ? 'running'
      : exitCode === CHECK_EXIT_CODES.stopped
        ? 'stopped'
        : undefined;
  if (answer === undefined) {
    throw commandFailed(step, instanceId, invocation, 'a check answers 0 (running) or 3 (stopped)');
  }
  if (answer !== expect) {
    throw new JobnetError(
      JobnetErrors.checkFailed,
      `${step} on ${instanceId}: Apache is ${answer}, expected ${expect} (check script exit code ${exitCode})` +
        outputSection(invocation),
    );
  }
  return { exitCode, answer };
}

function commandFailed(
  step: string,
  instanceId: string,
  invocation: FinishedInvocation,
  expectation: string,
): JobnetError {
  const code = invocation.exitCode >= 0 ? `exit code ${invocation.exitCode}` : 'no exit code';
  return new JobnetError(
    JobnetErrors.commandFailed,
    `${step} failed on ${instanceId}: command ${invocation.status}, ${code} (${expectation})` +
      outputSection(invocation),
  );
}

/** GetCommandInvocation keeps only the first 24,000 characters of stdout (8,000 of stderr). */
export const RUN_COMMAND_OUTPUT_CAP = { stdout: 24_000, stderr: 8_000 } as const;

function outputSection(invocation: FinishedInvocation): string {
  const parts: string[] = [];
  if ((invocation.stdout ?? '').length >= RUN_COMMAND_OUTPUT_CAP.stdout) {
    // The tail shown is then the tail of the first 24,000 characters, not the script's last words.
    parts.push(
      '(Run Command kept only the first 24,000 characters of stdout; the rest is on the instance)',
    );
  }
  const stdout = tail(invocation.stdout, OUTPUT_TAIL_CHARS);
  const stderr = tail(invocation.stderr, OUTPUT_TAIL_CHARS);
  if (stdout) parts.push(`--- stdout (tail) ---\n${stdout}`);
  if (stderr) parts.push(`--- stderr (tail) ---\n${stderr}`);
  return parts.length > 0 ? `\n${parts.join('\n')}` : '';
}

/** Run Command statuses after which nothing more will happen to the invocation. */
const FINAL_STATUSES = new Set([
  'Success',
  'Failed',
  'TimedOut',
  'Cancelled',
  'DeliveryTimedOut',
  'ExecutionTimedOut',
  'Undeliverable',
  'Terminated',
  'InvalidPlatform',
  'AccessDenied',
]);

/** ResponseCode stays -1 until the script ends; the status may lag behind it briefly. */
export function isFinished(status: string | undefined): boolean {
  return status !== undefined && FINAL_STATUSES.has(status);
}
