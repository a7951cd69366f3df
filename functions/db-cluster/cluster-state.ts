/** The moves a DB cluster step can make, decided from the cluster's status alone. */
export type ClusterAction = 'wait-available' | 'stop' | 'start';

/** done: at the target; ask: the change is needed; wait: it gets there by itself; fail: it cannot. */
export type Verdict =
  { kind: 'done' } | { kind: 'ask' } | { kind: 'wait' } | { kind: 'fail'; reason: string };

/** Statuses no jobnet step can get out of by waiting; everything else passes with time. */
const BROKEN = new Set([
  'deleting',
  'failed',
  'inaccessible-encryption-credentials',
  'inaccessible-encryption-credentials-recoverable',
  'incompatible-network',
  'incompatible-parameters',
  'incompatible-restore',
  'migration-failed',
]);

/**
 * - wait-available: until the cluster can be stopped (available); a cluster already stopping or
 *   stopped also passes, because the stop step after it handles that (a rerun).
 * - stop: stop an available cluster and wait for stopped; stopped already is done.
 * - start: start a stopped cluster, skip an available one, wait while it is starting or busy;
 *   a cluster on its way down (stopping) cannot be started.
 */
export function judgeCluster(action: ClusterAction, status: string): Verdict {
  if (BROKEN.has(status)) return { kind: 'fail', reason: `the cluster is ${status}` };
  switch (action) {
    case 'wait-available':
      return ['available', 'stopping', 'stopped'].includes(status)
        ? { kind: 'done' }
        : { kind: 'wait' };
    case 'stop':
      if (status === 'stopped') return { kind: 'done' };
      return status === 'available' ? { kind: 'ask' } : { kind: 'wait' };
    case 'start':
      if (status === 'available') return { kind: 'done' };
      if (status === 'stopped') return { kind: 'ask' };
      if (status === 'stopping') {
        return {
          kind: 'fail',
          reason: 'the cluster is stopping and cannot be started until stopped',
        };
      }
      return { kind: 'wait' };
  }
}
