import {
  DescribeDBClustersCommand,
  StartDBClusterCommand,
  StopDBClusterCommand,
  type RDSClient,
} from '@aws-sdk/client-rds';
import { awsErrorCode, inStep, JobnetError, JobnetErrors } from '../../contract/errors';
import { waitKeys } from '../../contract/waits';
import type { CallbackTaskEvent, Registered, WaitDeps } from '../lib/callback-task';
import { retryTransient } from '../lib/transient';
import { targetReached } from '../waits/target-reached';
import { judgeCluster, type ClusterAction } from './cluster-state';

export interface DbClusterEvent extends CallbackTaskEvent {
  readonly clusterId: string;
  readonly action: ClusterAction;
}

export interface DbClusterDeps {
  readonly rds: RDSClient;
  readonly waits: WaitDeps;
}

const GOAL = { 'wait-available': 'available', stop: 'stopped', start: 'available' } as const;

/**
 * Waits for, stops or starts an Aurora cluster; every action is safe to run again. Records the
 * wait first, then asks (or looks): the cluster's RDS event, or its backup job's, completes it.
 */
export function handleCluster(e: DbClusterEvent, deps: DbClusterDeps): Promise<Registered> {
  return inStep(e.step, `DB cluster ${e.clusterId}`, () => handle(e, deps));
}

async function handle(e: DbClusterEvent, deps: DbClusterDeps): Promise<Registered> {
  const { waits } = deps;
  const target = GOAL[e.action];
  const wait = await retryTransient(
    () =>
      waits.store.registerBeforeAct({
        pk: waitKeys.cluster(e.clusterId, target),
        kind: 'cluster',
        resource: e.clusterId,
        target,
        token: e.taskToken,
        executionArn: e.executionArn,
        runId: e.runId,
        system: e.system,
        step: e.step,
        timeoutSeconds: e.timeoutSeconds,
      }),
    waits.clock,
  );
  const { status, accepted } = await retryTransient(() => askOrLook(deps.rds, e), waits.clock);
  const verdict = judgeCluster(e.action, status);
  const registered = (outcome: Registered['outcome']): Registered => ({
    step: e.step,
    resource: e.clusterId,
    outcome,
    seen: status,
  });
  if (verdict.kind === 'fail') {
    throw new JobnetError(
      JobnetErrors.unexpectedState,
      `${e.step} on DB cluster ${e.clusterId}: ${verdict.reason}`,
    );
  }
  if (verdict.kind === 'done') {
    await targetReached(wait, waits.clock.now(), waits);
    return registered('completed');
  }
  // RDS took the stop or start: the cluster is on its way, whatever status the answer shows
  // (it may be the one from just before the change).
  if (accepted) return registered('waiting');
  // Stop or start was refused, and the cluster will not get there by itself (backing-up, in
  // maintenance): ask again a little later, with a new wait.
  if (verdict.kind === 'ask' || (e.action === 'stop' && status !== 'stopping')) {
    throw new JobnetError(
      JobnetErrors.resourceBusy,
      `${e.step} on DB cluster ${e.clusterId}: RDS cannot ${e.action} it while ${status}`,
    );
  }
  return registered('waiting');
}

/**
 * The status RDS answers the change with (`accepted`); on a refusal (or for a wait), one look.
 */
async function askOrLook(
  rds: RDSClient,
  e: DbClusterEvent,
): Promise<{ status: string; accepted: boolean }> {
  const input = { DBClusterIdentifier: e.clusterId };
  if (e.action !== 'wait-available') {
    try {
      const out = await rds.send(
        e.action === 'start' ? new StartDBClusterCommand(input) : new StopDBClusterCommand(input),
      );
      return { status: out.DBCluster?.Status ?? 'unknown', accepted: true };
    } catch (error) {
      if (awsErrorCode(error) !== 'InvalidDBClusterStateFault') throw error;
    }
  }
  const out = await rds.send(new DescribeDBClustersCommand(input));
  return { status: out.DBClusters?.[0]?.Status ?? 'unknown', accepted: false };
}
