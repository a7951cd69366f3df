import { JobnetErrors } from '../../contract/errors';
import type { WaitItem } from '../../contract/waits';
import type { WaitResult } from './complete';

/**
 * What a completed wait hands its task, by kind — the same shapes the polling functions
 * returned, so the definitions read them alike:
 * - instance and status: `{ step, instanceId, state }`
 * - cluster: `{ step, clusterId, status }`
 * - health: `{ step, healthy, total }`
 * - command: `{ step, instanceId, exitCode, answer? }` (see command-verdict.ts)
 */
export function instanceReached(wait: WaitItem, state: string): WaitResult {
  return { ok: true, output: { step: wait.step, instanceId: wait.resource, state } };
}

export function clusterReached(wait: WaitItem, status: string): WaitResult {
  return { ok: true, output: { step: wait.step, clusterId: wait.resource, status } };
}

export function targetsHealthy(wait: WaitItem, healthy: number, total: number): WaitResult {
  return { ok: true, output: { step: wait.step, healthy, total } };
}

/** A wait that cannot end well: the resource is somewhere the step cannot get it out of. */
export function unexpectedState(wait: WaitItem, what: string): WaitResult {
  return {
    ok: false,
    error: JobnetErrors.unexpectedState,
    cause: `${wait.step ?? 'The step'} on ${wait.resource}: ${what}`,
  };
}
