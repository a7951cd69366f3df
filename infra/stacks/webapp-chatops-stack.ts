import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { AppConfig } from '../../config/schema';
import type { FunctionName } from '../../statemachines/definitions';
import type { JobnetName } from '../../contract/jobnets';
import { ApprovalRequester } from '../constructs/approval-requester';
import { BackupTarget } from '../constructs/backup-target';
import { ChatOpsBot } from '../constructs/chatops-bot';
import { JobnetStateMachine } from '../constructs/jobnet-state-machine';
import { ProgressNotifier } from '../constructs/progress-notifier';
import { RunTables } from '../constructs/run-tables';
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
}

/**
 * The whole ChatOps app in one stack: the two jobnets with their task functions, the Slack
 * side (secret, bot, approval request, progress notifier), and what watches both (a dashboard,
 * alarms and the topic they notify). One stack rather than two, because the sides reference
 * each other both ways (the jobnets invoke the approval function, the notifier subscribes to
 * the jobnets' log groups): across stacks that is a cycle, and exports would pin resources
 * against replacement.
 */
export class WebappChatopsStack extends Stack {
  readonly jobnets: Readonly<Record<JobnetName, JobnetStateMachine>>;
  readonly bot: ChatOpsBot;
  readonly notifier: ProgressNotifier;
  readonly runTables: RunTables;
  readonly alarms: Alarms;
  readonly dashboard: OperationsDashboard;

  constructor(scope: Construct, id: string, props: WebappChatopsStackProps) {
    super(scope, id, props);
    const { config, code } = props;
    const logRetention = config.logRetentionDays as logs.RetentionDays;

    const slackSecret = new SlackSecret(this, 'Slack');
    const tasks = new TaskFunctions(this, 'Tasks', { systems: config.systems, logRetention, code });
    const approval = new ApprovalRequester(this, 'Approval', { slackSecret, logRetention, code });
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
    this.bot = new ChatOpsBot(this, 'ChatOps', {
      config,
      slackSecret,
      lockTable,
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
      functionGroups: {
        'slack-side': [
          this.bot.handler.function,
          this.bot.status.function,
          approval.handler.function,
          this.notifier.handler.function,
        ],
        'jobnet-tasks': Object.values(tasks.byName).map((task) => task.function),
      },
    });
    this.dashboard = new OperationsDashboard(this, 'Operations', {
      stateMachines,
      bot: this.bot.handler.function,
      notifier: this.notifier.handler.function,
      notifierDeadLetters: this.notifier.deadLetters,
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
    new CfnOutput(this, 'NotifierDeadLetterQueueUrl', {
      description: 'Progress updates that could not be delivered (kept 14 days)',
      value: this.notifier.deadLetters.queueUrl,
    });
    new CfnOutput(this, ALARM_TOPIC_OUTPUT, {
      description: 'Every alarm notifies this SNS topic; subscribe a chat integration to it',
      value: alarmTopic.topic.topicArn,
    });
  }
}
