import { systemctl, type LineOutcome } from './shell-systemctl';
import type { ApacheState, CommandFault, ShellStep } from './state';
import type { SimTimings } from './types';

/** What the script can see of and do to the instance it runs on. */
export interface ShellHost {
  apacheAt(t: number): ApacheState;
  setApache(t: number, state: ApacheState): void;
  /** The failCommands fault that overrides this line, if any. */
  faultFor(line: string): CommandFault | undefined;
}

/** The outcome of running a script from `startAt` under an execution deadline. */
export interface ShellRun {
  steps: ShellStep[];
  exitCode: number;
  endAt: number;
  timedOut: boolean;
}

/**
 * Runs the instance's tiny shell model. Lines run in order and the script stops at the first
 * non-zero exit (like `set -e`); blank lines and comments are skipped. A line that would end
 * after the deadline is cut off with its effects, which is what an execution timeout does.
 */
export function runShellScript(
  commands: readonly string[],
  startAt: number,
  deadline: number,
  host: ShellHost,
  timings: SimTimings,
): ShellRun {
  const lines = commands.flatMap((c) => c.split('\n'));
  const steps: ShellStep[] = [];
  let cursor = startAt;
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fault = host.faultFor(line);
    const outcome: LineOutcome = fault
      ? {
          durationMs: timings.otherCommandMs,
          exitCode: fault.exitCode,
          stdout: fault.stdout,
          stderr: fault.stderr,
        }
      : interpretLine(line, index + 1, host.apacheAt(cursor), timings);
    const endAt = cursor + outcome.durationMs;
    if (endAt > deadline) return { steps, exitCode: -1, endAt: deadline, timedOut: true };
    for (const change of outcome.apache ?? [])
      host.setApache(cursor + change.afterMs, change.state);
    steps.push({
      line,
      endAt,
      exitCode: outcome.exitCode,
      stdout: outcome.stdout ?? '',
      stderr: outcome.stderr ?? '',
    });
    cursor = endAt;
    if (outcome.exitCode !== 0 || outcome.exits) break;
  }
  const exitCode = steps.length === 0 ? 0 : steps[steps.length - 1].exitCode;
  return { steps, exitCode, endAt: cursor, timedOut: false };
}

/** One line of the model: shell builtins are instant, everything else takes otherCommandMs. */
function interpretLine(
  line: string,
  lineNo: number,
  apache: ApacheState,
  timings: SimTimings,
): LineOutcome {
  const words = tokenize(line);
  if (words[0] === 'sudo') words.shift();
  const [cmd = '', ...args] = words;
  switch (cmd) {
    case 'true':
    case ':':
    case 'set':
      return { durationMs: 0, exitCode: 0 };
    case 'false':
      return { durationMs: 0, exitCode: 1 };
    case 'echo':
      return args[0] === '-n'
        ? { durationMs: 0, exitCode: 0, stdout: args.slice(1).join(' ') }
        : { durationMs: 0, exitCode: 0, stdout: `${args.join(' ')}\n` };
    case 'exit': {
      const code = Number(args[0] ?? 0);
      return { durationMs: 0, exitCode: Number.isInteger(code) ? code & 255 : 2, exits: true };
    }
    case 'sleep': {
      const seconds = Number(args[0]);
      if (!Number.isFinite(seconds) || seconds < 0) {
        return {
          durationMs: 0,
          exitCode: 1,
          stderr: `sleep: invalid time interval '${args[0] ?? ''}'\n`,
        };
      }
      return { durationMs: seconds * 1000, exitCode: 0 };
    }
    case 'systemctl':
      return systemctl(args, apache, timings);
    default:
      return {
        durationMs: 0,
        exitCode: 127,
        stderr: `bash: line ${lineNo}: ${cmd}: command not found\n`,
      };
  }
}

/** Splits a line into words, honouring single and double quotes (no expansions). */
function tokenize(line: string): string[] {
  const words: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const m of line.matchAll(re)) words.push(m[1] ?? m[2] ?? m[3]);
  return words;
}
