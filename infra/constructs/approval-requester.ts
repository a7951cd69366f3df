import { Duration, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { taskAnswerPermissions } from '../iam/execution-permissions';
import { mergePermissions } from '../iam/permissions';
import { JobnetFunction } from './jobnet-function';
import { RUN_STATE_TABLE_ENV, type RunStateTable } from './run-state-table';
import { tablePermissions } from './run-tables';
import type { SlackSecret } from './slack-secret';

export interface ApprovalRequesterProps {
  readonly slackSecret: SlackSecret;
  /** Where a scheduled run's firing record says how it is approved (in advance, or by a hold window). */
  readonly scheduleTable: dynamodb.ITable;
  /** Where Prepare wrote the run's record: the plan the approval request shows. */
  readonly runState: RunStateTable;
  readonly logRetention: logs.RetentionDays;
  readonly code?: lambda.Code;
}

/**
 * The Approval step's function: posts the plan with Approve / Reject buttons into the run's
 * thread, then returns; the state machine waits for the bot to answer the task token. A
 * scheduled run approved in advance is answered by this function itself, after it has checked
 * the record of that approval in the schedule table.
 */
export class ApprovalRequester extends Construct {
  readonly handler: JobnetFunction;

  constructor(scope: Construct, id: string, props: ApprovalRequesterProps) {
    super(scope, id);
    this.handler = new JobnetFunction(this, 'RequestApproval', {
      entry: 'bot/approval-requester/handler.ts',
      description: 'Jobnet Approval: posts Approve / Reject buttons in the run thread',
      // The state machine retries Slack.Unavailable itself; one attempt stays short.
      timeout: Duration.seconds(60),
      logRetention: props.logRetention,
      environment: {
        SLACK_SECRET_ARN: props.slackSecret.secret.secretArn,
        SCHEDULE_TABLE: props.scheduleTable.tableName,
        [RUN_STATE_TABLE_ENV]: props.runState.table.tableName,
      },
      permissions: mergePermissions(
        props.slackSecret.readPermissions(),
        // Read a firing's record (how its run is approved) and update it.
        // Reads the firing and one-off records a run's approval in advance is held to.
        tablePermissions(props.scheduleTable, ['GetItem']),
        // Reads the run's record (its plan), which Prepare wrote.
        props.runState.itemPermissions(['GetItem']),
        taskAnswerPermissions(Stack.of(this)),
      ),
      code: props.code,
    });
  }
}
