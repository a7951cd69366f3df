import { Duration, Stack } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { SystemConfig } from '../../config/schema';
import { taskPermissions, type TaskFunctionName } from '../iam/task-permissions';
import { JobnetFunction } from './jobnet-function';

export interface TaskFunctionsProps {
  readonly systems: readonly SystemConfig[];
  readonly logRetention: logs.RetentionDays;
  readonly code?: lambda.Code;
}

/** A waiting function holds one bounded wait (at most 840 s) inside Lambda's 15-minute limit. */
const WAITING = Duration.minutes(15);
/** A few calls, each retried for up to about a minute under throttling (functions/lib/transient.ts). */
const CALLING = Duration.seconds(100);

const TASKS: Readonly<Record<TaskFunctionName, { description: string; timeout: Duration }>> = {
  'prepare-run': {
    description: 'Jobnet Prepare: validates the input, resolves the instances, writes the plan',
    timeout: CALLING,
  },
  'run-script': {
    description: 'Jobnet: runs a script with Run Command and waits for its verdict',
    timeout: WAITING,
  },
  'instance-power': {
    description: 'Jobnet: stops or starts an EC2 instance and waits for the state',
    timeout: WAITING,
  },
  'db-cluster': {
    description: 'Jobnet: waits for, stops or starts the Aurora cluster',
    timeout: WAITING,
  },
  'maintenance-page': {
    description: 'Jobnet: puts up or removes the maintenance page listener rule',
    timeout: CALLING,
  },
  'target-health': {
    description: 'Jobnet: waits until every target of the target group is healthy',
    timeout: WAITING,
  },
};

/** The six task functions the jobnets invoke, each with exactly the permissions its code needs. */
export class TaskFunctions extends Construct {
  readonly byName: Readonly<Record<TaskFunctionName, JobnetFunction>>;

  constructor(scope: Construct, id: string, props: TaskFunctionsProps) {
    super(scope, id);
    const permissions = taskPermissions(Stack.of(this), props.systems);
    const entries = (Object.keys(TASKS) as TaskFunctionName[]).map((name) => {
      const fn = new JobnetFunction(this, name, {
        entry: `functions/${name}/handler.ts`,
        description: TASKS[name].description,
        timeout: TASKS[name].timeout,
        logRetention: props.logRetention,
        permissions: permissions[name],
        code: props.code,
      });
      return [name, fn] as const;
    });
    this.byName = Object.fromEntries(entries) as Record<TaskFunctionName, JobnetFunction>;
  }
}
