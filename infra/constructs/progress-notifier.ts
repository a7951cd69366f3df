import { Duration, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as logs from 'aws-cdk-lib/aws-logs';
import { LambdaDestination } from 'aws-cdk-lib/aws-logs-destinations';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { JobnetName } from '../../contract/jobnets';
import { stateMachineArn } from '../iam/arns';
import { executionReadPermissions } from '../iam/execution-permissions';
import { mergePermissions } from '../iam/permissions';
import { JobnetFunction } from './jobnet-function';
import { tablePermissions } from './run-tables';
import { deadLetterQueue } from './dead-letter-queue';
import type { SlackSecret } from './slack-secret';

export interface ProgressNotifierProps {
  readonly slackSecret: SlackSecret;
  /** Each jobnet's execution log group, streamed to the notifier as the run goes. */
  readonly executionLogs: Readonly<Record<JobnetName, logs.ILogGroup>>;
  /** Where it keeps each run's folded history and what it has written to the thread. */
  readonly recordsTable: dynamodb.ITable;
  /** The run lock, released when a run ends. */
  readonly lockTable: dynamodb.ITable;
  readonly logRetention: logs.RetentionDays;
  readonly code?: lambda.Code;
}

/**
 * Keeps each run's checklist message current: a subscription on both execution log groups feeds
 * it step by step, and EventBridge's "Execution Status Change" gives the final word. Both invoke
 * it asynchronously; failed deliveries (a Slack outage, throttling) are retried for hours and
 * then kept for 14 days in a dead-letter queue, so a run's status is caught up, never lost.
 */
export class ProgressNotifier extends Construct {
  readonly handler: JobnetFunction;
  readonly deadLetters: sqs.Queue;
  readonly statusRule: events.Rule;

  constructor(scope: Construct, id: string, props: ProgressNotifierProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.deadLetters = deadLetterQueue(
      this,
      'the status rule target and of the notifier asynchronous invocations',
    );

    this.handler = new JobnetFunction(this, 'Notifier', {
      entry: 'bot/progress-notifier/handler.ts',
      description: 'Progress notifier: keeps the run checklist in the Slack thread current',
      // Inside the 90-second lease on a run record's pen (PEN_LEASE_MS), so a live holder keeps it.
      timeout: Duration.seconds(60),
      logRetention: props.logRetention,
      environment: {
        SLACK_SECRET_ARN: props.slackSecret.secret.secretArn,
        RUN_RECORDS_TABLE_NAME: props.recordsTable.tableName,
        LOCK_TABLE_NAME: props.lockTable.tableName,
      },
      permissions: mergePermissions(
        executionReadPermissions(stack),
        props.slackSecret.readPermissions(),
        // Read a record; every write is a conditional update.
        tablePermissions(props.recordsTable, ['GetItem', 'UpdateItem']),
        // Release only (a conditional delete): taking the lock is the bot's.
        tablePermissions(props.lockTable, ['DeleteItem']),
      ),
      code: props.code,
    });
    this.handler.function.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new SqsDestination(this.deadLetters),
    });

    for (const [jobnet, logGroup] of Object.entries(props.executionLogs)) {
      new logs.SubscriptionFilter(this, `${jobnet}-execution-logs`, {
        logGroup,
        destination: new LambdaDestination(this.handler.function),
        filterPattern: logs.FilterPattern.allEvents(),
      });
    }

    const jobnets = Object.keys(props.executionLogs) as JobnetName[];
    this.statusRule = new events.Rule(this, 'ExecutionStatusChange', {
      description: 'Final status of every jobnet run, for the summary in its Slack thread',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: { stateMachineArn: jobnets.map((jobnet) => stateMachineArn(stack, jobnet)) },
      },
      targets: [
        new targets.LambdaFunction(this.handler.function, {
          retryAttempts: 185,
          maxEventAge: Duration.hours(24),
          deadLetterQueue: this.deadLetters,
        }),
      ],
    });
  }
}
