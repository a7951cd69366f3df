import { createHash } from 'node:crypto';
import type { JobnetName } from '../contract/jobnets';
import type { RunKeys } from '../observability/instrument';

/**
 * Execution names: `<jobnet>-<system>-<yyyymmddThhmm>-<hash>`. The hash comes from Slack's
 * trigger id, so a slash command delivered twice maps to one name and starts one run; the name
 * also carries the system, which ListExecutions does not return otherwise.
 */
export function runName(jobnet: JobnetName, system: string, triggerId: string, at: Date): string {
  const stamp = at.toISOString().slice(0, 16).replace(/[-:]/g, '');
  const hash = createHash('sha256').update(triggerId).digest('hex').slice(0, 8);
  return `${jobnet}-${system}-${stamp}-${hash}`;
}

/** The jobnet and system of a run name, or undefined for a name this bot did not make. */
export function parseRunName(name: string): { jobnet: JobnetName; system: string } | undefined {
  const match = /^(stop|start)-([a-z][a-z0-9-]*)-\d{8}T\d{4}-[0-9a-f]{8}$/.exec(name);
  return match ? { jobnet: match[1] as JobnetName, system: match[2] } : undefined;
}

/**
 * The run keys an execution ARN gives away: the execution, and for a name this bot made, its
 * jobnet and system (and the name is then the run id too).
 */
export function runKeysOf(executionArn: string): RunKeys {
  const name = executionArn.split(':').at(-1) ?? '';
  const run = parseRunName(name);
  return run
    ? { executionArn, runId: name, jobnet: run.jobnet, system: run.system }
    : { executionArn };
}
