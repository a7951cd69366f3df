import type { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { SystemConfig } from '../../config/schema';
import type { RunStateItemAction, RunStateTable } from '../constructs/run-state-table';
import { dbClusterArn } from './arns';
import { taskCompletionPermissions } from './execution-permissions';
import { mergePermissions, type Permissions } from './permissions';
import type { TaskFunctionName } from './task-permissions';

/** Where the waits are kept and how a run's poll chain is carried on. */
export interface WaitResources {
  readonly runState: RunStateTable;
  readonly pollQueue: sqs.IQueue;
}

/** What a function does with the run state, read from the design in contract/waits.ts. */
export interface RunStateUse {
  /** Its item actions on the table. */
  readonly items: readonly RunStateItemAction[];
  /** It completes waits itself (the claim, then SendTaskSuccess / SendTaskFailure). */
  readonly completes: boolean;
  /** It starts a run's poll chain (a conditional put of the lease, then a delayed message). */
  readonly startsPollChain: boolean;
}

/**
 * The task functions' use of the run state. Prepare writes the run record; the script runner
 * reads it (the scripts) and registers a command wait by UpdateItem (keeping an `observed`
 * the matcher may have written first); the instance, cluster and health waits are registered
 * by PutItem (a redrive's registration replaces the old one). Each completes a wait its own
 * act or look finds already done (claim and undo are UpdateItems). The instance and health
 * waits are polled, so their functions start the run's poll chain.
 */
export const TASK_RUN_STATE: Readonly<Record<TaskFunctionName, RunStateUse | undefined>> = {
  'prepare-run': { items: ['PutItem'], completes: false, startsPollChain: false },
  'run-script': { items: ['GetItem', 'UpdateItem'], completes: true, startsPollChain: false },
  'instance-power': { items: ['PutItem', 'UpdateItem'], completes: true, startsPollChain: true },
  'db-cluster': { items: ['PutItem', 'UpdateItem'], completes: true, startsPollChain: false },
  'target-health': { items: ['PutItem', 'UpdateItem'], completes: true, startsPollChain: true },
  'maintenance-page': undefined,
};

/** Exactly what one use of the run state needs. */
export function runStatePermissions(
  stack: Stack,
  use: RunStateUse,
  { runState, pollQueue }: WaitResources,
): Permissions {
  return mergePermissions(
    runState.itemPermissions(use.items),
    use.completes ? taskCompletionPermissions(stack) : { statements: [] },
    use.startsPollChain ? sendPermissions(pollQueue) : { statements: [] },
  );
}

/**
 * The wait matcher: reads the wait an event names, records what it saw (upserting a command's
 * finish even with no waiter yet), claims and completes the task, moves a started instance on
 * to its status-check wait (a PutItem of the status wait) and starts the run's poll chain. A
 * failed command's exit code and output come from one GetCommandInvocation. It finds waits by
 * key only: no Query, no DeleteItem.
 */
export function waitMatcherPermissions(stack: Stack, resources: WaitResources): Permissions {
  return mergePermissions(
    runStatePermissions(
      stack,
      { items: ['GetItem', 'PutItem', 'UpdateItem'], completes: true, startsPollChain: true },
      resources,
    ),
    // Supports no resource-level permissions; the code asks for the commands it waits on.
    { statements: [], unscopedActions: ['ssm:GetCommandInvocation'] },
  );
}

/**
 * The poller (a run's poll chain) and the sweep: finds the pending waits by kind on the index,
 * looks once per run and kind (status checks, target health and the groups' health check
 * settings) or once per sweep (instances, commands, clusters), completes what is done, moves
 * started instances on, carries the chain on (the next delayed message) and ends it (deletes
 * the lease). The Describe and List calls support no resource-level permissions, except
 * DescribeDBClusters, scoped to the configured clusters: so it must be called with a
 * DBClusterIdentifier, one cluster per call (RDS authorises a call without one, Filters or
 * not, against `cluster:*`, which this role is denied).
 */
export function waitPollerPermissions(
  stack: Stack,
  systems: readonly SystemConfig[],
  resources: WaitResources,
): Permissions {
  const clusters = [...new Set(systems.map((s) => s.dbClusterId))].sort();
  return mergePermissions(
    runStatePermissions(
      stack,
      {
        items: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'],
        completes: true,
        startsPollChain: true,
      },
      resources,
    ),
    resources.runState.pendingQueryPermissions(),
    {
      statements: [
        new iam.PolicyStatement({
          actions: ['rds:DescribeDBClusters'],
          resources: clusters.map((id) => dbClusterArn(stack, id)),
        }),
      ],
      unscopedActions: [
        'ec2:DescribeInstanceStatus',
        'ec2:DescribeInstances',
        'elasticloadbalancing:DescribeTargetGroups',
        'elasticloadbalancing:DescribeTargetHealth',
        'ssm:GetCommandInvocation',
        'ssm:ListCommandInvocations',
      ],
    },
  );
}

function sendPermissions(queue: sqs.IQueue): Permissions {
  return {
    statements: [
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }),
    ],
  };
}
