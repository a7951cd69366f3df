import { Duration, Stack } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { SystemConfig } from '../../config/schema';
import { mergePermissions } from '../iam/permissions';
import { taskPermissions, type TaskFunctionName } from '../iam/task-permissions';
import { runStatePermissions, TASK_RUN_STATE, type WaitResources } from '../iam/wait-permissions';
import { JobnetFunction } from './jobnet-function';
import { POLL_QUEUE_ENV, RUN_STATE_TABLE_ENV } from './run-state-table';

export interface TaskFunctionsProps {
  readonly systems: readonly SystemConfig[];
  /** The run-state table and the poll queue of the event-driven waits. */
  readonly waits: WaitResources;
  readonly logRetention: logs.RetentionDays;
  readonly code?: lambda.Code;
}

/**
 * No function waits: a waiting step records its task token in the run-state table, acts or
 * looks once, and returns; the wait matcher, the poller or the sweep completes the task. So
 * every function makes a few calls, each retried for up to about a minute under throttling
 * (functions/lib/transient.ts).
 */
const CALLING = Duration.seconds(100);

const TASKS: Readonly<Record<TaskFunctionName, { description: string }>> = {
  'prepare-run': {
    description: 'Jobnet Prepare: validates the input, resolves the instances, writes the plan',
  },
  'run-script': {
    description: 'Jobnet: runs a script with Run Command and records the wait for its verdict',
  },
  'instance-power': {
    description: 'Jobnet: stops or starts an EC2 instance and records the wait for the state',
  },
  'db-cluster': {
    description:
      "Jobnet: records the wait for the Aurora cluster's state, stopping or starting it first",
  },
  'maintenance-page': {
    description: 'Jobnet: puts up or removes the maintenance page listener rule',
  },
  'target-health': {
    description: 'Jobnet: records the wait until every target of the target group is healthy',
  },
};

/** The six task functions the jobnets invoke, each with exactly the permissions its code needs. */
export class TaskFunctions extends Construct {
  readonly byName: Readonly<Record<TaskFunctionName, JobnetFunction>>;

  constructor(scope: Construct, id: string, props: TaskFunctionsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const permissions = taskPermissions(stack, props.systems);
    const { runState, pollQueue } = props.waits;
    const entries = (Object.keys(TASKS) as TaskFunctionName[]).map((name) => {
      const use = TASK_RUN_STATE[name];
      const fn = new JobnetFunction(this, name, {
        entry: `functions/${name}/handler.ts`,
        description: TASKS[name].description,
        timeout: CALLING,
        logRetention: props.logRetention,
        environment: {
          ...(use ? { [RUN_STATE_TABLE_ENV]: runState.table.tableName } : {}),
          ...(use?.startsPollChain ? { [POLL_QUEUE_ENV]: pollQueue.queueUrl } : {}),
        },
        permissions: use
          ? mergePermissions(permissions[name], runStatePermissions(stack, use, props.waits))
          : permissions[name],
        code: props.code,
      });
      return [name, fn] as const;
    });
    this.byName = Object.fromEntries(entries) as Record<TaskFunctionName, JobnetFunction>;
  }
}
