import { TZDate } from '@date-fns/tz';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { AppConfig, SystemConfig } from '../../config/schema';
import type { ScheduleConfig } from '../../config/schedules-schema';
import { stateMachineArn, scheduleGroupArn, schedulesInGroupArn } from '../iam/arns';
import { starterExecutionPermissions } from '../iam/execution-permissions';
import { mergePermissions, type Permissions } from '../iam/permissions';
import { botBundleAliases } from './bot-bundling';
import { calendarReadPermissions, namedCalendars } from './change-calendars';
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
   * least {@link START_DATE_LEAD_MINUTES} after it (see {@link rateStartDate}).
   * @default the current time
   */
  readonly now?: Date;
}

/**
 * Where rate() schedules count from: 2026-01-01 00:00 in the schedule's zone. The helper that
 * computes a schedule's next occurrences (for `/webapp schedules` and the local mode) counts
 * from the same instant, so what it shows is when AWS fires.
 */
export const RATE_ANCHOR = { year: 2026, month: 1, day: 1 } as const;

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
const MAX_EVENT_AGE = Duration.minutes(15);

/** The one-off runs' schedules are named `oneoff-<id>` (bot/services/one-off-schedules.ts). */
const ONE_OFF_PREFIX = 'oneoff-';

const RATE_UNIT_MS: Readonly<Record<string, number>> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

/** The input every periodic schedule sends the starter; the scheduler fills in the time. */
export function scheduleFiring(system: string, schedule: string): string {
  return JSON.stringify({
    kind: 'schedule',
    system,
    schedule,
    scheduledAt: '<aws.scheduler.scheduled-time>',
  });
}

/**
 * The StartDate (UTC ISO) of a rate() schedule, undefined for any other expression. A rate
 * counts from its StartDate, so it must lie on the series that starts at {@link RATE_ANCHOR} in
 * the zone and steps by the rate — what the occurrence helper computes. The anchor itself
 * cannot be sent (it is in the past, which AWS refuses), so this is the series' first
 * occurrence at least {@link START_DATE_LEAD_MINUTES} after `now`: a different instant on each
 * synth, but the same series, so the schedule fires when the helper says it will.
 */
export function rateStartDate(expression: string, timeZone: string, now: Date): string | undefined {
  const match = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(expression.trim());
  if (!match) return undefined;
  const period = Number(match[1]) * RATE_UNIT_MS[match[2]];
  const anchor = new TZDate(RATE_ANCHOR.year, RATE_ANCHOR.month - 1, RATE_ANCHOR.day, timeZone);
  const earliest = now.getTime() + START_DATE_LEAD_MINUTES * 60_000;
  const steps = Math.max(0, Math.ceil((earliest - anchor.getTime()) / period));
  return new Date(anchor.getTime() + steps * period).toISOString();
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

    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is the dead-letter queue (of the schedules and of the starter asynchronous invocations); it needs none of its own.',
    });

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

    const now = props.now ?? new Date();
    for (const system of props.config.systems) {
      for (const schedule of system.schedules) {
        this.schedules.push(this.periodic(system, schedule, now));
      }
    }
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

  private periodic(system: SystemConfig, schedule: ScheduleConfig, now: Date) {
    const timeZone = schedule.timeZone ?? system.timeZone;
    const startDate = rateStartDate(schedule.expression, timeZone, now);
    const resource = new scheduler.CfnSchedule(this, `${system.name}-${schedule.name}`, {
      name: `${system.name}-${schedule.name}`,
      groupName: this.group.ref,
      description:
        schedule.description ??
        `${schedule.jobnet} of ${system.name}, approval ${schedule.approval}`,
      scheduleExpression: schedule.expression,
      scheduleExpressionTimezone: timeZone,
      flexibleTimeWindow: schedule.flexibleWindowMinutes
        ? { mode: 'FLEXIBLE', maximumWindowInMinutes: schedule.flexibleWindowMinutes }
        : { mode: 'OFF' },
      ...(startDate ? { startDate } : {}),
      state: 'ENABLED',
      target: {
        arn: this.starter.function.functionArn,
        roleArn: this.role.roleArn,
        input: scheduleFiring(system.name, schedule.name),
        retryPolicy: {
          maximumRetryAttempts: 3,
          maximumEventAgeInSeconds: MAX_EVENT_AGE.toSeconds(),
        },
        deadLetterConfig: { arn: this.deadLetters.queueArn },
      },
    });
    return resource;
  }
}
