import type { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { JOBNETS, type JobnetName } from '../../contract/jobnets';
import { executionsArn, stateMachineArn } from './arns';
import type { Permissions } from './permissions';

const JOBNET_NAMES = Object.keys(JOBNETS) as JobnetName[];

/** Reading a run: its status and its history (the notifier, and the bot's pending approval). */
export function executionReadPermissions(stack: Stack): Permissions {
  return executionPermissions(stack, ['states:DescribeExecution', 'states:GetExecutionHistory']);
}

/**
 * Everything the bot does to the jobnets: start and list runs, read them, redrive a failed one,
 * stop a cancelled one, and answer the approval task. SendTaskSuccess/Failure are authorised against the state
 * machine the token belongs to, so they are scoped to the two machines like StartExecution;
 * SendTaskHeartbeat (which `grantTaskResponse` would add) is never called, so not granted.
 */
export function botExecutionPermissions(stack: Stack): Permissions {
  const machines = JOBNET_NAMES.map((jobnet) => stateMachineArn(stack, jobnet));
  const runs = executionPermissions(stack, [
    'states:DescribeExecution',
    'states:GetExecutionHistory',
    'states:RedriveExecution',
    // A confirmed cancel of a run that has begun changing things.
    'states:StopExecution',
  ]);
  return {
    statements: [
      new iam.PolicyStatement({
        actions: [
          'states:ListExecutions',
          'states:SendTaskFailure',
          'states:SendTaskSuccess',
          'states:StartExecution',
        ],
        resources: machines,
      }),
      ...runs.statements,
    ],
    patterns: runs.patterns,
  };
}

/**
 * The scheduled-run starter: start a run of either jobnet, and look a run up (the run lock
 * asks whether the run holding a system still exists, as the bot's does).
 */
export function starterExecutionPermissions(stack: Stack): Permissions {
  const runs = executionPermissions(stack, ['states:DescribeExecution']);
  return {
    statements: [
      new iam.PolicyStatement({
        actions: ['states:StartExecution'],
        resources: JOBNET_NAMES.map((jobnet) => stateMachineArn(stack, jobnet)),
      }),
      ...runs.statements,
    ],
    patterns: runs.patterns,
  };
}

/**
 * Answering an approval task of either jobnet: the approval requester does it itself for a run
 * approved in advance (a one-off approved when it was asked for, a `preapproved` schedule).
 */
export function taskAnswerPermissions(stack: Stack): Permissions {
  return {
    statements: [
      new iam.PolicyStatement({
        // It only ever approves: a run it cannot confirm fails by the function's own error.
        actions: ['states:SendTaskSuccess'],
        resources: JOBNET_NAMES.map((jobnet) => stateMachineArn(stack, jobnet)),
      }),
    ],
  };
}

/**
 * Completing a waiting task of either jobnet, success or failure: the wait matcher, the poller
 * and the task functions that complete a wait they see already done. Authorised, like the
 * bot's answer to the approval, against the state machine the token belongs to; no heartbeat.
 */
export function taskCompletionPermissions(stack: Stack): Permissions {
  return {
    statements: [
      new iam.PolicyStatement({
        actions: ['states:SendTaskFailure', 'states:SendTaskSuccess'],
        resources: JOBNET_NAMES.map((jobnet) => stateMachineArn(stack, jobnet)),
      }),
    ],
  };
}

function executionPermissions(stack: Stack, actions: readonly string[]): Permissions {
  const executions = JOBNET_NAMES.map((jobnet) => executionsArn(stack, jobnet));
  return {
    statements: [new iam.PolicyStatement({ actions: [...actions], resources: executions })],
    patterns: executions.map((arn) => ({
      arn,
      reason:
        'Executions of this one state machine: execution names are chosen per run, so the ARN ends in a wildcard.',
    })),
  };
}
