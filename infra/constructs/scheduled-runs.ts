import type { CreateScheduleCommandInput } from '@aws-sdk/client-scheduler';
import { Duration, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SCHEDULE_RETRY_POLICY, scheduleDeployments } from '../../config/schedule-deployment';
import type { AppConfig } from '../../config/schema';
import { stateMachineArn, scheduleGroupArn, schedulesInGroupArn } from '../iam/arns';
import { starterExecutionPermissions } from '../iam/execution-permissions';
import { mergePermissions, type Permissions } from '../iam/permissions';
import { botBundleAliases } from './bot-bundling';
import { calendarReadPermissions, namedCalendars } from './change-calendars';
import { deadLetterQueue } from './dead-letter-queue';
import { JobnetFunction, REPO_ROOT } from './jobnet-function';
import { tablePermissions } from './run-tables';
import type { SlackSecret } from './slack-secret';

export interface ScheduledRunsProps {
  /** The validated configuration: its schedules are deployed, and baked into the starter. */
  readonly config: AppConfig;
  readonly slackSecret: SlackSecret;
  /** The run lock: a firing takes the system's lock as a person's command does. */
  readonly lockTable: dynamodb.ITable;
  /** Holds, skips, one-offs and the dedupe record of each firing. */
  readonly scheduleTable: dynamodb.ITable;
  readonly logRetention: logs.RetentionDays;
  readonly code?: lambda.Code;
  /**
   * When the app is synthesized: a rate() schedule starts at its first anchored occurrence at
   * least {@link START_DATE_LEAD_MINUTES} after it (see {@link earliestStartDate}).
   * @default the current time
   */
  readonly now?: Date;
}

/**
 * How far after synthesis a rate() schedule's StartDate lies at least. EventBridge Scheduler
 * refuses a StartDate more than 5 minutes in the past (on create and on update), so a deploy
 * must reach the schedule within this lead plus those 5 minutes of the synth (`cdk deploy`
 * synthesizes just before it deploys); occurrences within the lead after a deploy that moves the
 * StartDate are not fired.
 */
export const START_DATE_LEAD_MINUTES = 15;

/**
 * How late a firing may still start its run. A maintenance stop that begins more than 15
 * minutes after its time is worse than none: the window people were told about has moved, and
 * the run may collide with the start that ends it. Past this, the firing goes to the
 * dead-letter queue (and its alarm) instead.
 */
const MAX_EVENT_AGE = Duration.seconds(SCHEDULE_RETRY_POLICY.MaximumEventAgeInSeconds);

/** The one-off runs' schedules are named `oneoff-<id>` (bot/services/one-off-schedules.ts). */
const ONE_OFF_PREFIX = 'oneoff-';

/**
 * The earliest StartDate a rate() schedule may get when synthesized at `now`: the deploy must
 * reach the schedule before the StartDate is more than 5 minutes past (see above). The schedule
 * starts at its first anchored occurrence from then on (config/schedule-deployment.ts).
 */
export function earliestStartDate(now: Date): Date {
  return new Date(now.getTime() + START_DATE_LEAD_MINUTES * 60_000);
}

/**
 * Scheduled runs: one EventBridge Scheduler schedule per configured schedule, in a schedule
 * group of the app's own, each invoking the starter function, which starts the run as the bot
 * does (the same input, lock and root message). The group also holds the one-off schedules the
 * bot creates when a run is approved in advance; they use the same role, target and
 * dead-letter queue, which the bot learns from its environment.
 */
export class ScheduledRuns extends Construct {
  readonly starter: JobnetFunction;
  /** Firings the scheduler could not deliver and starter invocations that failed. */
  readonly deadLetters: sqs.Queue;
  readonly group: scheduler.CfnScheduleGroup;
  readonly groupName: string;
  /** The role EventBridge Scheduler invokes the starter with. */
  readonly role: iam.Role;
  readonly schedules: scheduler.CfnSchedule[] = [];

  constructor(scope: Construct, id: string, props: ScheduledRunsProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.deadLetters = deadLetterQueue(
      this,
      'the schedules and of the starter asynchronous invocations',
    );

    this.starter = new JobnetFunction(this, 'Starter', {
      entry: 'bot/scheduled-run/handler.ts',
      description: 'Scheduled runs: starts a run when a schedule fires, as the bot does',
      timeout: Duration.seconds(60),
      logRetention: props.logRetention,
      environment: {
        SLACK_SECRET_ARN: props.slackSecret.secret.secretArn,
        STOP_STATE_MACHINE_ARN: stateMachineArn(stack, 'stop'),
        START_STATE_MACHINE_ARN: stateMachineArn(stack, 'start'),
        LOCK_TABLE_NAME: props.lockTable.tableName,
        SCHEDULE_TABLE: props.scheduleTable.tableName,
      },
      define: {
        'process.env.WEBAPP_CHATOPS_CONFIG': JSON.stringify(JSON.stringify(props.config)),
      },
      alias: botBundleAliases(REPO_ROOT),
      permissions: mergePermissions(
        starterExecutionPermissions(stack),
        props.slackSecret.readPermissions(),
        tablePermissions(props.lockTable, ['PutItem', 'GetItem', 'DeleteItem']),
        // Claim, settle and give back firings; read holds, skips and one-offs.
        tablePermissions(props.scheduleTable, ['GetItem', 'PutItem', 'DeleteItem']),
        calendarReadPermissions(stack, namedCalendars(props.config)),
      ),
      code: props.code,
    });
    // The scheduler hands the firing to Lambda's asynchronous queue; a failed start is tried
    // twice more (the firing record makes that safe) and is then kept in the dead-letter queue,
    // whose alarm tells someone a scheduled run did not happen. Later than 15 minutes it is
    // dropped there rather than run: see MAX_EVENT_AGE below.
    this.starter.function.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: MAX_EVENT_AGE,
      onFailure: new SqsDestination(this.deadLetters),
    });

    this.groupName = stack.stackName;
    this.group = new scheduler.CfnScheduleGroup(this, 'Group', { name: this.groupName });

    this.role = new iam.Role(this, 'SchedulerRole', {
      description: 'EventBridge Scheduler: invokes the scheduled-run starter',
      // Only the scheduler, and only for a schedule of this group (confused deputy prevention).
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com').withConditions({
        StringEquals: {
          'aws:SourceAccount': stack.account,
          'aws:SourceArn': scheduleGroupArn(stack, this.groupName),
        },
      }),
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [this.starter.function.functionArn],
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['sqs:SendMessage'],
        resources: [this.deadLetters.queueArn],
      }),
    );

    // The same schedules the local mode creates, from the one place that builds them.
    const deployments = scheduleDeployments(props.config, {
      groupName: this.groupName,
      targetArn: this.starter.function.functionArn,
      roleArn: this.role.roleArn,
      deadLetterArn: this.deadLetters.queueArn,
      now: earliestStartDate(props.now ?? new Date()),
    });
    for (const deployment of deployments) this.schedules.push(this.periodic(deployment));
  }

  /**
   * What the bot needs to create, look at and cancel one-off schedules in the group: those
   * actions on the group's schedules, and handing the scheduler role to the scheduler only.
   */
  oneOffPermissions(): Permissions {
    // Only the one-offs' names: the bot can neither create nor delete a configured schedule.
    const schedules = schedulesInGroupArn(Stack.of(this), this.groupName, ONE_OFF_PREFIX);
    return {
      statements: [
        new iam.PolicyStatement({
          actions: [
            'scheduler:CreateSchedule',
            'scheduler:DeleteSchedule',
            'scheduler:GetSchedule',
          ],
          resources: [schedules],
        }),
        new iam.PolicyStatement({
          actions: ['iam:PassRole'],
          resources: [this.role.roleArn],
          conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
        }),
      ],
      patterns: [
        {
          arn: schedules,
          reason:
            "One-off schedules of the app's own schedule group only (named oneoff-<id>): each is created when an approver approves a one-off run in advance, so its name is not known at deploy time.",
        },
      ],
    };
  }

  /** What the bot reads from its environment to create one-off schedules like these. */
  botEnvironment(): Record<string, string> {
    return {
      SCHEDULE_GROUP: this.groupName,
      SCHEDULER_ROLE_ARN: this.role.roleArn,
      SCHEDULED_RUN_FUNCTION_ARN: this.starter.function.functionArn,
      SCHEDULE_DLQ_ARN: this.deadLetters.queueArn,
    };
  }

  private periodic(d: CreateScheduleCommandInput): scheduler.CfnSchedule {
    const window = d.FlexibleTimeWindow;
    const retry = d.Target?.RetryPolicy;
    return new scheduler.CfnSchedule(this, d.Name ?? '', {
      name: d.Name,
      // The group's reference, so the schedule is created after its group.
      groupName: this.group.ref,
      description: d.Description,
      scheduleExpression: d.ScheduleExpression ?? '',
      scheduleExpressionTimezone: d.ScheduleExpressionTimezone,
      flexibleTimeWindow: {
        mode: window?.Mode ?? 'OFF',
        ...(window?.MaximumWindowInMinutes
          ? { maximumWindowInMinutes: window.MaximumWindowInMinutes }
          : {}),
      },
      ...(d.StartDate ? { startDate: d.StartDate.toISOString() } : {}),
      state: d.State,
      target: {
        arn: d.Target?.Arn ?? '',
        roleArn: d.Target?.RoleArn ?? '',
        input: d.Target?.Input,
        retryPolicy: {
          maximumRetryAttempts: retry?.MaximumRetryAttempts,
          maximumEventAgeInSeconds: retry?.MaximumEventAgeInSeconds,
        },
        deadLetterConfig: { arn: d.Target?.DeadLetterConfig?.Arn },
      },
    });
  }
}
