import {
  DescribeDBClustersCommand,
  StartDBClusterCommand,
  StopDBClusterCommand,
  type RDSClient,
} from '@aws-sdk/client-rds';
import { awsErrorCode, inStep, JobnetError, JobnetErrors } from '../../contract/errors';
import { waitKeys } from '../../contract/waits';
import {
  waiterOf,
  type CallbackTaskEvent,
  type Registered,
  type WaitDeps,
} from '../lib/callback-task';
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
        ...waiterOf(e),
      }),
    waits.clock,
  );
  const seen = await retryTransient(() => look(deps.rds, e.clusterId), waits.clock);
  const verdict = judgeCluster(e.action, seen);
  const registered = (outcome: Registered['outcome'], status = seen): Registered => ({
    step: e.step,
    resource: e.clusterId,
    outcome,
    seen: status,
  });
  switch (verdict.kind) {
    case 'fail':
      throw new JobnetError(
        JobnetErrors.unexpectedState,
        `${e.step} on DB cluster ${e.clusterId}: ${verdict.reason}`,
      );
    case 'done':
      await targetReached(wait, waits.clock.now(), waits);
      return registered('completed');
    case 'ask':
      return registered('waiting', await retryTransient(() => ask(deps.rds, e), waits.clock));
    case 'wait':
      // A stop waits for nobody: the cluster is busy (backing-up, in maintenance) and will not
      // stop by itself, so the step asks again a little later, with a new wait.
      if (e.action === 'stop' && seen !== 'stopping') throw busy(e, seen);
      return registered('waiting');
  }
}

function busy(e: DbClusterEvent, status: string): JobnetError {
  return new JobnetError(
    JobnetErrors.resourceBusy,
    `${e.step} on DB cluster ${e.clusterId}: RDS cannot ${e.action} it while ${status}`,
  );
}

async function look(rds: RDSClient, clusterId: string): Promise<string> {
  const out = await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: clusterId }));
  return out.DBClusters?.[0]?.Status ?? 'unknown';
}

/** Asks for the change; a refusal (the status changed since the look) is retried later. */
async function ask(rds: RDSClient, e: DbClusterEvent): Promise<string> {
  const input = { DBClusterIdentifier: e.clusterId };
  try {
    const out = await rds.send(
      e.action === 'start' ? new StartDBClusterCommand(input) : new StopDBClusterCommand(input),
    );
    return out.DBCluster?.Status ?? 'unknown';
  } catch (error) {
    if (awsErrorCode(error) !== 'InvalidDBClusterStateFault') throw error;
    throw busy(e, (error as Error).message);
  }
}
