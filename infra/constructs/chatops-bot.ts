import { Duration, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { botBundleAliases } from './bot-bundling';
import type { AppConfig } from '../../config/schema';
import { stateMachineArn } from '../iam/arns';
import { botExecutionPermissions, executionReadPermissions } from '../iam/execution-permissions';
import { mergePermissions } from '../iam/permissions';
import { observePermissions } from '../iam/task-permissions';
import { JobnetFunction, REPO_ROOT } from './jobnet-function';
import { tablePermissions } from './run-tables';
import type { HistoryResponder } from './history-responder';
import type { ScheduledRuns } from './scheduled-runs';
import type { SlackSecret } from './slack-secret';

export interface ChatOpsBotProps {
  /** The validated configuration, baked into the bundle (systems, channels, who may do what). */
  readonly config: AppConfig;
  readonly slackSecret: SlackSecret;
  /** The run lock: the bot takes a system's lock before it starts a run of it. */
  readonly lockTable: dynamodb.ITable;
  /** Holds, skips and one-off runs: `/webapp hold`, `schedules`, a run approved in advance. */
  readonly scheduleTable: dynamodb.ITable;
  /** Where the bot creates one-off schedules, and what they invoke. */
  readonly scheduledRuns: ScheduledRuns;
  /** The function `/webapp history` is handed to. */
  readonly history: HistoryResponder;
  readonly logRetention: logs.RetentionDays;
  readonly code?: lambda.Code;
}

/**
 * The Bolt app behind a Lambda Function URL, and the status function it hands `/webapp status`
 * and a cancel's look at every resource to (`/webapp history` goes to the history responder). The URL is public (auth NONE) because Slack cannot sign AWS requests; Slack signs its
 * own, and the app rejects any request whose signature or timestamp does not verify.
 */
export class ChatOpsBot extends Construct {
  readonly handler: JobnetFunction;
  readonly status: JobnetFunction;
  readonly url: lambda.FunctionUrl;

  constructor(scope: Construct, id: string, props: ChatOpsBotProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.status = new JobnetFunction(this, 'Status', {
      entry: 'bot/status-responder/handler.ts',
      description:
        '/webapp status and cancels: looks at a system and its run, answers through the response URL or in the thread',
      timeout: Duration.seconds(60),
      logRetention: props.logRetention,
      // A cancel's report is written to the run's thread, with the bot's token.
      environment: { SLACK_SECRET_ARN: props.slackSecret.secret.secretArn },
      permissions: mergePermissions(
        observePermissions(stack, props.config.systems),
        executionReadPermissions(stack),
        props.slackSecret.readPermissions(),
      ),
      code: props.code,
    });
    // It answers failures itself; a retry would answer twice, a late answer helps nobody.
    this.status.function.configureAsyncInvoke({
      retryAttempts: 0,
      maxEventAge: Duration.minutes(5),
    });

    this.handler = new JobnetFunction(this, 'Bot', {
      entry: 'bot/handler.ts',
      description: 'Slack bot: /webapp commands, approvals, retries',
      timeout: Duration.seconds(30),
      // More memory is more CPU: a shorter cold start keeps Slack's 3-second acknowledgement.
      memorySize: 1024,
      logRetention: props.logRetention,
      environment: {
        SLACK_SECRET_ARN: props.slackSecret.secret.secretArn,
        STOP_STATE_MACHINE_ARN: stateMachineArn(stack, 'stop'),
        START_STATE_MACHINE_ARN: stateMachineArn(stack, 'start'),
        STATUS_FUNCTION_ARN: this.status.function.functionArn,
        HISTORY_FUNCTION_ARN: props.history.handler.function.functionArn,
        LOCK_TABLE_NAME: props.lockTable.tableName,
        SCHEDULE_TABLE: props.scheduleTable.tableName,
        ...props.scheduledRuns.botEnvironment(),
      },
      define: {
        'process.env.WEBAPP_CHATOPS_CONFIG': JSON.stringify(JSON.stringify(props.config)),
      },
      // Bolt modules the Function URL path never calls, stubbed out (see bot/bundle-stub.ts).
      alias: botBundleAliases(REPO_ROOT),
      permissions: mergePermissions(
        botExecutionPermissions(stack),
        props.slackSecret.readPermissions(),
        // Take (conditional put), read the holder, and release (conditional delete).
        tablePermissions(props.lockTable, ['PutItem', 'GetItem', 'DeleteItem']),
        // Holds, skips and one-offs: conditional puts and deletes, reads, a system's query.
        tablePermissions(props.scheduleTable, ['GetItem', 'PutItem', 'DeleteItem', 'Query']),
        props.scheduledRuns.oneOffPermissions(),
        {
          statements: [
            new iam.PolicyStatement({
              actions: ['lambda:InvokeFunction'],
              resources: [
                this.status.function.functionArn,
                props.history.handler.function.functionArn,
              ],
            }),
          ],
        },
      ),
      code: props.code,
    });
    this.url = this.handler.function.addFunctionUrl({
      authType: lambda.FunctionUrlAuthType.NONE,
    });
  }
}
