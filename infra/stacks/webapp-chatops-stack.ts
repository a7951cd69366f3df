import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { AppConfig } from '../../config/schema';
import type { FunctionName } from '../../statemachines/definitions';
import type { JobnetName } from '../../contract/jobnets';
import { AuditTrail } from '../constructs/audit-trail';
import { ApprovalRequester } from '../constructs/approval-requester';
import { AuroraWatch } from '../constructs/aurora-watch';
import { BackupTarget } from '../constructs/backup-target';
import { ChangeCalendars } from '../constructs/change-calendars';
import { ChatOpsBot } from '../constructs/chatops-bot';
import { EventDrivenWaits } from '../constructs/event-driven-waits';
import { EventTriggers } from '../constructs/event-triggers';
import { HistoryResponder } from '../constructs/history-responder';
import { JobnetStateMachine } from '../constructs/jobnet-state-machine';
import { ProgressNotifier } from '../constructs/progress-notifier';
import { RunStateTable } from '../constructs/run-state-table';
import { RunTables } from '../constructs/run-tables';
import { ScheduleTable } from '../constructs/schedule-table';
import { ScheduledRuns } from '../constructs/scheduled-runs';
import { SlackSecret } from '../constructs/slack-secret';
import { TaskFunctions } from '../constructs/task-functions';
import { ALARM_TOPIC_OUTPUT, BOT_URL_OUTPUT } from '../names';
import { AlarmTopic } from '../observability/alarm-topic';
import { Alarms } from '../observability/alarms';
import { OperationsDashboard } from '../observability/operations-dashboard';

export interface WebappChatopsStackProps extends StackProps {
  readonly config: AppConfig;
  /** Replaces every function's bundle (template tests: no esbuild, no handler files needed). */
  readonly code?: lambda.Code;
  /** When the app is synthesized (rate() schedules start after it). @default the current time */
  readonly now?: Date;
}

/**
 * The whole ChatOps app in one stack: the two jobnets with their task functions and what
 * completes their waits (the run-state table, the wait matcher and the poller), the Slack
 * side (secret, bot, approval request, progress notifier, scheduled runs and their calendars,
 * event triggers), and what watches both (a dashboard, alarms and the topic they notify). One
 * stack rather than two, because the sides reference each other both ways (the jobnets invoke
 * the approval function, the notifier subscribes to the jobnets' log groups): across stacks
 * that is a cycle, and exports would pin resources against replacement.
 */
export class WebappChatopsStack extends Stack {
  readonly jobnets: Readonly<Record<JobnetName, JobnetStateMachine>>;
  readonly bot: ChatOpsBot;
  readonly notifier: ProgressNotifier;
  readonly runTables: RunTables;
  /** The waits, run records and poll leases of the event-driven waits. */
  readonly runState: RunStateTable;
  /** The wait matcher, the poller, their rules, queue and sweep. */
  readonly waits: EventDrivenWaits;
  readonly scheduleTable: ScheduleTable;
  /** The audit log group every Slack-side function writes its records to. */
  readonly auditTrail: AuditTrail;
  /** `/webapp history`: the only reader of the audit log group. */
  readonly history: HistoryResponder;
  readonly scheduledRuns: ScheduledRuns;
  /** The EventBridge rules of the configured triggers, invoking the scheduled-run starter. */
  readonly eventTriggers: EventTriggers;
  /** The Aurora 7-day watch; only when some system has `auroraWatch`. */
  readonly auroraWatch?: AuroraWatch;
  readonly calendars: ChangeCalendars;
  readonly alarms: Alarms;
  readonly dashboard: OperationsDashboard;

  constructor(scope: Construct, id: string, props: WebappChatopsStackProps) {
    super(scope, id, props);
    const { config, code } = props;
    const logRetention = config.logRetentionDays as logs.RetentionDays;

    const slackSecret = new SlackSecret(this, 'Slack');
    this.auditTrail = new AuditTrail(this, 'Audit', { retentionDays: config.audit.retentionDays });
    this.runState = new RunStateTable(this, 'RunState');
    this.waits = new EventDrivenWaits(this, 'Waits', {
      systems: config.systems,
      runState: this.runState,
      logRetention,
      code,
    });
    const tasks = new TaskFunctions(this, 'Tasks', {
      systems: config.systems,
      waits: this.waits.resources,
      logRetention,
      code,
    });
    this.scheduleTable = new ScheduleTable(this, 'ScheduleState');
    const scheduleTable = this.scheduleTable.table;
    const approval = new ApprovalRequester(this, 'Approval', {
      slackSecret,
      scheduleTable,
      runState: this.runState,
      logRetention,
      code,
    });
    const functions: Record<FunctionName, lambda.IFunction> = {
      'prepare-run': tasks.byName['prepare-run'].function,
      'request-approval': approval.handler.function,
      'maintenance-page': tasks.byName['maintenance-page'].function,
      'run-script': tasks.byName['run-script'].function,
      'instance-power': tasks.byName['instance-power'].function,
      'db-cluster': tasks.byName['db-cluster'].function,
      'target-health': tasks.byName['target-health'].function,
    };
    const backup = new BackupTarget(this, 'Backup');
    const jobnet = (name: JobnetName, id: string) =>
      new JobnetStateMachine(this, id, {
        jobnet: name,
        functions,
        backup,
        approvalTimeoutSeconds: config.slack.approvalTimeoutSeconds,
        logRetention,
      });
    this.jobnets = { stop: jobnet('stop', 'StopJobnet'), start: jobnet('start', 'StartJobnet') };

    this.runTables = new RunTables(this, 'Runs');
    const lockTable = this.runTables.lock;
    this.scheduledRuns = new ScheduledRuns(this, 'Scheduled', {
      config,
      slackSecret,
      lockTable,
      scheduleTable,
      logRetention,
      code,
      now: props.now,
    });
    this.eventTriggers = new EventTriggers(this, 'Triggers', {
      config,
      starter: this.scheduledRuns.starter.function,
      deadLetters: this.scheduledRuns.deadLetters,
    });
    this.calendars = new ChangeCalendars(this, 'Calendars', {
      calendars: config.calendars.map(({ name, content }) => {
        // loadConfigFile reads each calendar's file into `content`; without it there is nothing
        // to deploy, and a deploy must not silently leave the holidays out.
        if (content === undefined) throw new Error(`calendars: ${name} has no content to deploy`);
        return { name, content };
      }),
    });
    this.history = new HistoryResponder(this, 'AuditHistory', {
      auditTrail: this.auditTrail,
      retentionDays: config.audit.retentionDays,
      logRetention,
      code,
    });
    this.bot = new ChatOpsBot(this, 'ChatOps', {
      config,
      slackSecret,
      lockTable,
      scheduleTable,
      scheduledRuns: this.scheduledRuns,
      history: this.history,
      logRetention,
      code,
    });
    this.notifier = new ProgressNotifier(this, 'Progress', {
      slackSecret,
      executionLogs: { stop: this.jobnets.stop.logGroup, start: this.jobnets.start.logGroup },
      recordsTable: this.runTables.records,
      lockTable,
      logRetention,
      code,
    });

    if (config.systems.some((system) => system.auroraWatch !== undefined)) {
      this.auroraWatch = new AuroraWatch(this, 'AuroraWatch', {
        config,
        slackSecret,
        scheduleTable,
        scheduledRuns: this.scheduledRuns,
        logRetention,
        code,
      });
    }

    for (const writer of [
      this.bot.handler,
      this.scheduledRuns.starter,
      this.notifier.handler,
      approval.handler,
      ...(this.auroraWatch ? [this.auroraWatch.handler] : []),
    ]) {
      this.auditTrail.grantWrite(writer);
    }

    const stateMachines = {
      stop: this.jobnets.stop.stateMachine,
      start: this.jobnets.start.stateMachine,
    };
    const alarmTopic = new AlarmTopic(this, 'AlarmTopic', { emails: config.alarms.emails });
    this.alarms = new Alarms(this, 'Alarms', {
      topic: alarmTopic.topic,
      systems: config.systems.map((system) => system.name),
      stateMachines,
      bot: this.bot.handler.function,
      notifierDeadLetters: this.notifier.deadLetters,
      scheduleDeadLetters: this.scheduledRuns.deadLetters,
      waitDeadLetters: this.waits.deadLetters,
      functionGroups: {
        'slack-side': [
          this.bot.handler.function,
          this.bot.status.function,
          this.history.handler.function,
          approval.handler.function,
          this.notifier.handler.function,
          this.scheduledRuns.starter.function,
          ...(this.auroraWatch ? [this.auroraWatch.handler.function] : []),
        ],
        'jobnet-tasks': Object.values(tasks.byName).map((task) => task.function),
        waits: [this.waits.matcher.handler.function, this.waits.poller.handler.function],
      },
    });
    this.dashboard = new OperationsDashboard(this, 'Operations', {
      stateMachines,
      bot: this.bot.handler.function,
      notifier: this.notifier.handler.function,
      notifierDeadLetters: this.notifier.deadLetters,
      starter: this.scheduledRuns.starter.function,
      scheduleDeadLetters: this.scheduledRuns.deadLetters,
      waits: {
        matcher: this.waits.matcher.handler.function,
        poller: this.waits.poller.handler.function,
        pollQueue: this.waits.poller.queue,
        deadLetters: this.waits.deadLetters,
      },
      alarms: this.alarms.all,
    });

    new CfnOutput(this, BOT_URL_OUTPUT, {
      description: 'Slack request URL (slash command and interactivity); npm run manifest reads it',
      value: this.bot.url.url,
    });
    new CfnOutput(this, 'SlackSecretArn', {
      description: 'Store {"botToken":"xoxb-…","signingSecret":"…"} here',
      value: slackSecret.secret.secretArn,
    });
    for (const [name, machine] of Object.entries(this.jobnets)) {
      const label = name === 'stop' ? 'Stop' : 'Start';
      new CfnOutput(this, `${label}StateMachineArn`, {
        value: machine.stateMachine.stateMachineArn,
      });
      new CfnOutput(this, `${label}ExecutionLogGroup`, { value: machine.logGroup.logGroupName });
    }
    new CfnOutput(this, 'RunLockTableName', {
      description: 'One item per system while a run of it exists',
      value: this.runTables.lock.tableName,
    });
    new CfnOutput(this, 'RunRecordsTableName', {
      description: "The progress notifier's state per execution",
      value: this.runTables.records.tableName,
    });
    new CfnOutput(this, 'RunStateTableName', {
      description: 'The waits of the running jobnets, their run records and poll leases',
      value: this.runState.table.tableName,
    });
    new CfnOutput(this, 'WaitMatcherDeadLetterQueueUrl', {
      description: 'Wait events the matcher could not handle (kept 14 days)',
      value: this.waits.matcher.deadLetters.queueUrl,
    });
    new CfnOutput(this, 'WaitPollerDeadLetterQueueUrl', {
      description: 'Polls and sweeps of the waits that failed (kept 14 days)',
      value: this.waits.poller.deadLetters.queueUrl,
    });
    new CfnOutput(this, 'NotifierDeadLetterQueueUrl', {
      description: 'Progress updates that could not be delivered (kept 14 days)',
      value: this.notifier.deadLetters.queueUrl,
    });
    new CfnOutput(this, 'AuditLogGroupName', {
      description: 'The audit trail: one JSON record per request, decision and outcome',
      value: this.auditTrail.logGroup.logGroupName,
    });
    new CfnOutput(this, 'ScheduleTableName', {
      description: 'Holds, skipped occurrences, one-off runs and firings of the schedules',
      value: scheduleTable.tableName,
    });
    new CfnOutput(this, 'ScheduleGroupName', {
      description: 'The EventBridge Scheduler group of the periodic and one-off schedules',
      value: this.scheduledRuns.groupName,
    });
    new CfnOutput(this, 'ScheduleDeadLetterQueueUrl', {
      description: 'Firings that could not start their run (kept 14 days)',
      value: this.scheduledRuns.deadLetters.queueUrl,
    });
    if (this.auroraWatch) {
      new CfnOutput(this, 'AuroraWatchDeadLetterQueueUrl', {
        description: 'RDS events and daily checks the Aurora watch could not handle (kept 14 days)',
        value: this.auroraWatch.deadLetters.queueUrl,
      });
    }
    new CfnOutput(this, ALARM_TOPIC_OUTPUT, {
      description: 'Every alarm notifies this SNS topic; subscribe a chat integration to it',
      value: alarmTopic.topic.topicArn,
    });
  }
}
