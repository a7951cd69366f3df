import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { SFNClient } from '@aws-sdk/client-sfn';
import AwsLambdaReceiver from '@slack/bolt/dist/receivers/AwsLambdaReceiver';
import type { AppConfig } from '../config/schema';
import type { JobnetName } from '../contract/jobnets';
import type { Powertools } from '../observability/powertools';
import { createBotApp } from './app';
import type { AuditTrail } from './audit/audit-trail';
import { guardSlackRequests, type FunctionUrlEvent, type FunctionUrlResult } from './request-guard';
import { AuroraWatchState } from './services/aurora-watch-state';
import { cachedGroupMembers } from './services/authorizer';
import type { BotServices } from './services/bot-services';
import { Executions } from './services/executions';
import { OneOffSchedules, type OneOffScheduleTarget } from './services/one-off-schedules';
import { RequestBudget } from './services/request-budget';
import { RunLock } from './services/run-lock';
import { ScheduleState } from './services/schedule-state';

export interface BotHandlerOptions {
  readonly config: AppConfig;
  readonly botToken: string;
  readonly signingSecret: string;
  readonly slackApiUrl?: string;
  readonly sfn: SFNClient;
  readonly stateMachineArns: Readonly<Record<JobnetName, string>>;
  readonly requestStatus: BotServices['requestStatus'];
  readonly requestCancel: BotServices['requestCancel'];
  readonly requestHistory: BotServices['requestHistory'];
  /** The run lock's table: one run per system. */
  readonly lockTable: { readonly ddb: DynamoDBClient; readonly tableName: string };
  /** Holds, skipped occurrences and one-off runs of the schedules. */
  readonly scheduleTable: { readonly ddb: DynamoDBClient; readonly tableName: string };
  /**
   * Where an approved one-off run's one-time schedule is created, and what it invokes. Without
   * it (a local mode with no simulated Scheduler) an approval of a one-off run is refused, and
   * the run stays waiting for approval.
   */
  readonly scheduler?: OneOffScheduleTarget & { readonly client: SchedulerClient };
  /** The audit trail the bot writes to. */
  readonly audit: AuditTrail;
  /** The time each request may spend; its deadline is Slack's answer. */
  readonly budget?: RequestBudget;
  /** The function's logger and metrics. */
  readonly powertools: Pick<Powertools, 'logger' | 'metrics'>;
  /** The time decisions are stamped with; the local mode's simulated clock. Default: now. */
  readonly now?: () => Date;
}

/**
 * The bot as one function from a Function URL event to its response: the request guard, then
 * Bolt on its AwsLambdaReceiver. The Lambda entry and the local mode both build it here, so a
 * request takes the same path (signature checks included) in both.
 */
export async function createBotHandler(
  options: BotHandlerOptions,
): Promise<(event: FunctionUrlEvent) => Promise<FunctionUrlResult>> {
  // Slack's signature is checked once, by the guard below, and the receiver's own check is off:
  // the guard runs before the body is parsed (Bolt parses first, so an unsigned malformed body
  // would crash, and it answers `ssl_check` before verifying), refuses pre-dated timestamps as
  // well as stale ones, and hashes a base64 body decoded as UTF-8 (Bolt decodes it as ASCII).
  // The receiver is not even given the secret, so turning its check back on fails at start.
  const receiver = new AwsLambdaReceiver({ signingSecret: '', signatureVerification: false });
  const budget = options.budget ?? new RequestBudget();
  const executions = new Executions(options.sfn, options.stateMachineArns, budget);
  const runLock = new RunLock(
    options.lockTable.ddb,
    options.lockTable.tableName,
    async (executionArn) => (await executions.describe(executionArn))?.status,
    // The lock's times are compared with the run's stop date: the same clock as the runs.
    () => (options.now ? options.now().getTime() : Date.now()),
  );
  const app = createBotApp({
    receiver,
    botToken: options.botToken,
    slackApiUrl: options.slackApiUrl,
    powertools: options.powertools,
    services: {
      config: options.config,
      executions,
      requestStatus: options.requestStatus,
      requestCancel: options.requestCancel,
      requestHistory: options.requestHistory,
      runLock,
      scheduleState: new ScheduleState(
        options.scheduleTable.ddb,
        options.scheduleTable.tableName,
        () => (options.now ? options.now().getTime() : Date.now()),
      ),
      oneOffSchedules: new OneOffSchedules(options.scheduler),
      auroraWatch: new AuroraWatchState(
        options.scheduleTable.ddb,
        options.scheduleTable.tableName,
        () => (options.now ? options.now().getTime() : Date.now()),
      ),
      budget,
      groupMembers: cachedGroupMembers(async (usergroup) => {
        const out = await budget.call('Slack', () =>
          app.client.usergroups.users.list({ token: options.botToken, usergroup }),
        );
        return out.users ?? [];
      }, Date.now),
      audit: options.audit,
      now: options.now ?? (() => new Date()),
      logger: options.powertools.logger,
      metrics: options.powertools.metrics,
    },
  });
  const boltHandler = await receiver.start();
  return guardSlackRequests(
    options.signingSecret,
    (event) => boltHandler(event as never, {}) as Promise<FunctionUrlResult>,
    // Slack's timestamp is checked against the same clock the rest of the bot keeps.
    () => Math.floor((options.now ? options.now().getTime() : Date.now()) / 1000),
    budget,
  );
}
