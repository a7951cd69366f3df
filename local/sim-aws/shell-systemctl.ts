import type { ApacheState } from './state';
import type { SimTimings } from './types';

/** What one shell line did: how long it took, its exit code and output, its effect on Apache. */
export interface LineOutcome {
  durationMs: number;
  exitCode: number;
  stdout?: string;
  stderr?: string;
  /** Apache changes, relative to the line's start; they take effect only if it completes. */
  apache?: { afterMs: number; state: ApacheState }[];
  /** `exit N`: end the script even with status 0. */
  exits?: boolean;
}

const APACHE_UNITS = new Set(['httpd', 'apache2']);

/** systemctl as far as the jobnet needs it, with systemd's exit codes and messages. */
export function systemctl(args: string[], apache: ApacheState, timings: SimTimings): LineOutcome {
  const quiet = args.includes('--quiet') || args.includes('-q');
  const [verb, unitArg] = args.filter((a) => !a.startsWith('-'));
  const other = timings.otherCommandMs;
  if (verb === undefined || unitArg === undefined) {
    return { durationMs: other, exitCode: 1, stderr: 'Too few arguments.\n' };
  }
  const unit = unitArg.replace(/\.service$/, '');
  const known = APACHE_UNITS.has(unit);
  const active = known && apache === 'running';
  switch (verb) {
    case 'stop':
      if (!known) return unitMissing('stop', unit, 'not loaded', other);
      return active
        ? {
            durationMs: timings.apacheStopMs,
            exitCode: 0,
            apache: [{ afterMs: timings.apacheStopMs, state: 'stopped' }],
          }
        : { durationMs: other, exitCode: 0 };
    case 'start':
      if (!known) return unitMissing('start', unit, 'not found', other);
      return active
        ? { durationMs: other, exitCode: 0 }
        : {
            durationMs: timings.apacheStartMs,
            exitCode: 0,
            apache: [{ afterMs: timings.apacheStartMs, state: 'running' }],
          };
    case 'restart': {
      if (!known) return unitMissing('restart', unit, 'not found', other);
      const stopMs = active ? timings.apacheStopMs : 0;
      return {
        durationMs: stopMs + timings.apacheStartMs,
        exitCode: 0,
        apache: [
          { afterMs: stopMs, state: 'stopped' },
          { afterMs: stopMs + timings.apacheStartMs, state: 'running' },
        ],
      };
    }
    case 'is-active':
      return {
        durationMs: other,
        exitCode: active ? 0 : 3,
        stdout: quiet ? '' : active ? 'active\n' : 'inactive\n',
      };
    case 'status':
      if (!known) {
        return {
          durationMs: other,
          exitCode: 4,
          stderr: `Unit ${unit}.service could not be found.\n`,
        };
      }
      return {
        durationMs: other,
        exitCode: active ? 0 : 3,
        stdout: `● ${unit}.service - The Apache HTTP Server\n   Active: ${active ? 'active (running)' : 'inactive (dead)'}\n`,
      };
    default:
      return { durationMs: other, exitCode: 1, stderr: `Unknown command verb ${verb}.\n` };
  }
}

function unitMissing(verb: string, unit: string, why: string, durationMs: number): LineOutcome {
  return {
    durationMs,
    exitCode: 5,
    stderr: `Failed to ${verb} ${unit}.service: Unit ${unit}.service ${why}.\n`,
  };
}
