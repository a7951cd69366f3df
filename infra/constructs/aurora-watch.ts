import { Duration, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  auroraDailyCheckSchedule,
  auroraWatchEventPattern,
  watchedClusters,
} from '../../config/aurora-watch-deployment';
import type { AppConfig } from '../../config/schema';
import { dbClusterArn, scheduleGroupArn } from '../iam/arns';
import { mergePermissions } from '../iam/permissions';
import { botBundleAliases } from './bot-bundling';
import { deadLetterQueue } from './dead-letter-queue';
import { JobnetFunction, REPO_ROOT } from './jobnet-function';
import { tablePermissions } from './run-tables';
import type { ScheduledRuns } from './scheduled-runs';
import type { SlackSecret } from './slack-secret';

export interface AuroraWatchProps {
  /** The validated configuration; only systems with `auroraWatch` are watched. */
  readonly config: AppConfig;
  readonly slackSecret: SlackSecret;
  /** Where the watch records each alert, warning and re-stop request once. */
  readonly scheduleTable: dynamodb.ITable;
  /** The schedule group the daily check joins, and the starter the re-stop is handed to. */
  readonly scheduledRuns: ScheduledRuns;
  readonly logRetention: logs.RetentionDays;
  readonly code?: lambda.Code;
}

/** How long a failed alert or check is worth retrying: an alert an hour late is still news. */
const MAX_EVENT_AGE = Duration.hours(1);

/**
 * The Aurora 7-day watch: a function that alerts (and, by policy, hands a DB-only re-stop to the
 * starter) when AWS starts a watched cluster after 7 days stopped — invoked by an EventBridge
 * rule on the default bus that matches RDS-EVENT-0153 of the watched clusters only — and that
 * warns a day ahead, from a daily EventBridge Scheduler schedule in the app's group. Failed
 * invocations are retried by Lambda and then kept in a dead-letter queue.
 */
export class AuroraWatch extends Construct {
  readonly handler: JobnetFunction;
  readonly rule: events.Rule;
  readonly dailyCheck: scheduler.CfnSchedule;
  /** The scheduler's role: it may invoke the watch and dead-letter its check, nothing else. */
  readonly role: iam.Role;
  /** Events and checks the watch could not handle, after their retries. */
  readonly deadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: AuroraWatchProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { scheduledRuns } = props;
    const pattern = auroraWatchEventPattern(props.config);
    if (!pattern) throw new Error('AuroraWatch: no system has auroraWatch configured');

    this.deadLetters = deadLetterQueue(
      this,
      'the watch rule, its daily check and its asynchronous invocations',
    );

    const starter = scheduledRuns.starter.function;
    this.handler = new JobnetFunction(this, 'Handler', {
      entry: 'bot/aurora-watch/handler.ts',
      description:
        'Aurora watch: alerts when AWS starts a cluster stopped for 7 days, warns a day ahead',
      timeout: Duration.seconds(60),
      logRetention: props.logRetention,
      environment: {
        SLACK_SECRET_ARN: props.slackSecret.secret.secretArn,
        SCHEDULE_TABLE: props.scheduleTable.tableName,
        SCHEDULED_RUN_FUNCTION_ARN: starter.functionArn,
      },
      define: {
        'process.env.WEBAPP_CHATOPS_CONFIG': JSON.stringify(JSON.stringify(props.config)),
      },
      alias: botBundleAliases(REPO_ROOT),
      permissions: mergePermissions(
        {
          statements: [
            new iam.PolicyStatement({
              actions: ['rds:DescribeDBClusters'],
              resources: watchedClusters(props.config).map((c) => dbClusterArn(stack, c)),
            }),
            // Only the starter: the re-stop is started there, under the watch's approval policy.
            new iam.PolicyStatement({
              actions: ['lambda:InvokeFunction'],
              resources: [starter.functionArn],
            }),
          ],
          // DescribeEvents supports no resource-level permissions; the code asks for the watched
          // clusters' events only.
          unscopedActions: ['rds:DescribeEvents'],
        },
        props.slackSecret.readPermissions(),
        // Claim, settle and give back alerts and warnings; record and find re-stop requests.
        tablePermissions(props.scheduleTable, ['GetItem', 'PutItem', 'DeleteItem', 'Query']),
      ),
      code: props.code,
    });
    const fn = this.handler.function;
    fn.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: MAX_EVENT_AGE,
      onFailure: new SqsDestination(this.deadLetters),
    });

    this.rule = new events.Rule(this, 'RestartedAfter7Days', {
      description: 'AWS started a watched Aurora cluster stopped for 7 days (RDS-EVENT-0153)',
      eventPattern: pattern as events.EventPattern,
      targets: [
        new targets.LambdaFunction(fn, {
          deadLetterQueue: this.deadLetters,
          retryAttempts: 3,
          maxEventAge: MAX_EVENT_AGE,
        }),
      ],
    });

    this.role = new iam.Role(this, 'SchedulerRole', {
      description: 'EventBridge Scheduler: invokes the Aurora watch for its daily check',
      // Only the scheduler, and only for a schedule of the app's group (confused deputy prevention).
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com').withConditions({
        StringEquals: {
          'aws:SourceAccount': stack.account,
          'aws:SourceArn': scheduleGroupArn(stack, scheduledRuns.groupName),
        },
      }),
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['sqs:SendMessage'],
        resources: [this.deadLetters.queueArn],
      }),
    );

    const d = auroraDailyCheckSchedule({
      groupName: scheduledRuns.groupName,
      targetArn: fn.functionArn,
      roleArn: this.role.roleArn,
      deadLetterArn: this.deadLetters.queueArn,
    });
    this.dailyCheck = new scheduler.CfnSchedule(this, 'DailyCheck', {
      name: d.Name,
      groupName: scheduledRuns.group.ref,
      description: d.Description,
      scheduleExpression: d.ScheduleExpression ?? '',
      scheduleExpressionTimezone: d.ScheduleExpressionTimezone,
      flexibleTimeWindow: { mode: 'OFF' },
      state: d.State,
      target: {
        arn: d.Target?.Arn ?? '',
        roleArn: d.Target?.RoleArn ?? '',
        input: d.Target?.Input,
        retryPolicy: {
          maximumRetryAttempts: d.Target?.RetryPolicy?.MaximumRetryAttempts,
          maximumEventAgeInSeconds: d.Target?.RetryPolicy?.MaximumEventAgeInSeconds,
        },
        deadLetterConfig: { arn: d.Target?.DeadLetterConfig?.Arn },
      },
    });
  }
}
