import { SendTaskSuccessCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { WebClient } from '@slack/web-api';
import { runPlanReader } from '../bot/services/run-plan';
import { ScheduleState } from '../bot/services/schedule-state';
import { Executions } from '../bot/services/executions';
import { checkCalendar } from '../bot/scheduled-run/calendar-check';
import type { ScheduledFiringInput } from '../bot/scheduled-run/firing';
import { makeHandler as makeScheduledRunStarter } from '../bot/scheduled-run/handler';
import type { FiringOutcome } from '../bot/scheduled-run/start-scheduled-run';
import { createBotHandler } from '../bot/bot-handler';
import { LocalAuditLog, LOCAL_AUDIT_LOG_GROUP } from './local-audit';
import { reportHistory } from '../bot/history-responder/history-report';
import { LocalEventBus } from './local-event-bus';
import { EVENT_RETRY_POLICY, eventRuleDeployments } from '../config/trigger-deployment';
import { startLocalAuroraWatch } from './local-aurora-watch';
import type { AppConfig, SystemConfig } from '../config/schema';
import { notifyExecution } from '../bot/progress-notifier/notifier';
import { RunRecords } from '../bot/progress-notifier/run-records';
import { RunLock } from '../bot/services/run-lock';
import { observeSystem } from '../contract/observe-system';
import { makeHandler as makeRequestApproval } from '../bot/approval-requester/handler';
import { postToResponseUrl, reportStatus } from '../bot/status-responder/system-status';
import { handleCancel } from '../bot/status-responder/cancel-report';
import { systemClock } from '../contract/clock';
import { instrument } from '../observability/instrument';
import { createPowertools } from '../observability/powertools';
import { startBotServer } from './bot-server';
import { seedExampleSystem, type ExampleSystem, type ExampleSystemOptions } from './example-system';
import { JOBNET_STEPS } from '../contract/jobnet-steps';
import {
  LOCAL_RUN_LOCK_TABLE,
  LOCAL_RUN_RECORDS_TABLE,
  LOCAL_RUN_STATE_TABLE,
  LOCAL_SCHEDULE_TABLE,
  startLocalDynamoDB,
} from './local-dynamodb';
import { createLocalJobnets } from './local-functions';
import { LocalScheduler, type TargetInvocation } from './local-scheduler';
import { localScheduleTargets, seedConfiguredSchedules } from './local-schedules';
import { installPromiseWithResolvers } from './polyfills';
import { ProgressFeed } from './progress-feed';
import { scaledClock } from './scaled-clock';
import { createLocalSfnClient } from './sfn/sfn-client';
import { createSimulatedClients, SimulatedAccount } from './sim-aws';
import { startLocalSlack, type LocalSlack } from './slack';
import { SlackUser } from './slack-user';

export interface LocalModeOptions {
  readonly config: AppConfig;
  /** How much faster simulated time runs than the wall clock. */
  readonly speed: number;
  /** Where simulated time starts (epoch ms); default SIMULATED_START. */
  readonly start?: number;
  readonly instances?: number;
  /** 'up' (the default): running, before a stop; 'down': stopped with the page up, before a start. */
  readonly startState?: ExampleSystemOptions['startState'];
  /** Members of the configured Slack user groups, for the local `usergroups.users.list`; none by default. */
  readonly userGroups?: Record<string, string[]>;
  readonly onProgressError?: (executionArn: string, error: unknown) => void;
  /**
   * The scheduled-run starter: what every configured schedule invokes when it fires, with the
   * schedule's Input (`{"kind":"schedule","system",…,"scheduledAt"}`) filled in. A method, so
   * a handler typed for that event fits. Without one, firings fail and are dead-lettered until
   * a target is registered (`scheduler.registerTarget(scheduleTargetArn, …)`).
   */
  onScheduledFiring?(event: unknown, invocation: TargetInvocation): Promise<unknown>;
}

/** What the local trigger rules' names begin with, as the stack's name does on AWS. */
export const LOCAL_EVENT_RULE_PREFIX = 'webapp-chatops';

const BOT_TOKEN = 'xoxb-local';
const SIGNING_SECRET = 'local-signing-secret';

/**
 * The whole ChatOps flow on one machine: a local Slack-compatible Web API, the bot (the same
 * handler as on Lambda, served over HTTP), the real state machine definitions on a local
 * interpreter, the task functions in process against a simulated AWS account seeded with the
 * configuration's first system, and the progress notifier fed by the interpreter's events.
 * Everything that tells time — the account, the functions, the executions and their history,
 * the approval timeout, the bot's decisions, Slack's message timestamps — reads one simulated
 * clock, so the times a transcript shows agree with each other.
 */
export async function startLocalMode(options: LocalModeOptions) {
  installPromiseWithResolvers();
  const clock = scaledClock(options.speed, options.start);
  // The configured holiday calendars, as the CDK app deploys them as Change Calendars.
  const calendars = options.config.calendars.flatMap(({ name, content }) =>
    content === undefined ? [] : [{ name, content }],
  );
  const account = new SimulatedAccount({ clock, calendars });
  const seeded = await seedExampleSystem(account, {
    instances: options.instances ?? 2,
    startState: options.startState ?? 'up',
  });
  const system = localSystem(options.config.systems[0], seeded);
  const config: AppConfig = { ...options.config, systems: [system] };
  const channel = config.slack.channels[0];
  const clients = createSimulatedClients(account);
  // The audit log group, as the stack deploys it; every function writes its records there.
  account.addLogGroup(LOCAL_AUDIT_LOG_GROUP, options.config.audit.retentionDays);
  const audit = new LocalAuditLog(clients.logs, clock.now, options.config.audit.retentionDays);
  // The configured schedules, created as the CDK app deploys them, fire on the simulated clock.
  const scheduleTargets = localScheduleTargets(account, new Date(clock.now()));
  await seedConfiguredSchedules(clients.scheduler, config, scheduleTargets);
  const scheduler = new LocalScheduler({ account, clock });
  const onFiring = options.onScheduledFiring?.bind(options);
  if (onFiring) scheduler.registerTarget(scheduleTargets.targetArn, onFiring);

  // The configured user groups exist in the local workspace (with no members unless given):
  // asking for an unknown group is an error in Slack, and the bot asks before refusing someone.
  const groups = [config.slack.requesters, config.slack.approvers].flatMap((p) => p.userGroups);
  const slack: LocalSlack = await startLocalSlack({
    botToken: BOT_TOKEN,
    userGroups: { ...Object.fromEntries(groups.map((g) => [g, []])), ...options.userGroups },
    now: clock.now,
  });
  const web = new WebClient(BOT_TOKEN, {
    slackApiUrl: slack.apiUrl,
    retryConfig: { retries: 2, minTimeout: 200, maxTimeout: 1000 },
  });
  // The notifier's run records, the run lock and the schedule state, on a real DynamoDB
  // implementation in process.
  const dynamodb = await startLocalDynamoDB();
  const ddb = dynamodb.client();
  const scheduleState = new ScheduleState(ddb, LOCAL_SCHEDULE_TABLE, clock.now);
  const sfnRef: { client?: SFNClient } = {};
  const requestApproval = makeRequestApproval({
    slack: async () => web,
    now: clock.now,
    schedules: scheduleState,
    approve: async (taskToken, approval) => {
      await sfnRef.client?.send(
        new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(approval) }),
      );
    },
    audit: audit.writer('approval-requester'),
    readPlan: runPlanReader(ddb, LOCAL_RUN_STATE_TABLE),
  });
  // The default event bus: the account's own events (which complete the jobnets' waits) and
  // the configured triggers' rules.
  const events = new LocalEventBus({ account, clock });
  const feed: { current?: ProgressFeed } = {};
  const sfn = createLocalJobnets({
    account,
    clock,
    timer: clock.after,
    requestApproval: requestApproval as never,
    approvalTimeoutSeconds: config.slack.approvalTimeoutSeconds,
    ddb,
    bus: events,
    onEvent: (execution, event) => feed.current?.follow(execution, event),
  });
  const sfnClient = createLocalSfnClient(sfn, account.region);
  sfnRef.client = sfnClient;
  const runLock = new RunLock(
    ddb,
    LOCAL_RUN_LOCK_TABLE,
    async (executionArn) => sfn.describeExecution(executionArn)?.status,
    // On the runs' clock: a release compares the lock's time with the run's stop date.
    clock.now,
  );
  const notifierDeps = {
    sfn: sfnClient,
    slack: async () => web,
    clock: systemClock,
    catalogs: JOBNET_STEPS,
    audit: audit.writer('progress-notifier'),
    records: new RunRecords(ddb, LOCAL_RUN_RECORDS_TABLE),
    lock: runLock,
  };
  feed.current = new ProgressFeed(
    (trigger) => notifyExecution(trigger, notifierDeps),
    options.onProgressError ?? (() => undefined),
  );

  // The status responder's cancel work, invoked asynchronously as on AWS; kept to wait for.
  const responding = new Set<Promise<void>>();
  const respond = (work: Promise<void>) => {
    const tracked = work.catch(() => undefined).finally(() => responding.delete(tracked));
    responding.add(tracked);
  };
  const cancelDeps = {
    sfn: sfnClient,
    observe: (s: SystemConfig) => observeSystem(s, clients),
    post: postToResponseUrl,
    slack: async () => web,
    now: clock.now,
  };

  // As on Lambda, each request's run keys are dropped once it is answered.
  const botTools = createPowertools();
  const botHandler = await createBotHandler({
    config,
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    slackApiUrl: slack.apiUrl,
    sfn: sfnClient,
    stateMachineArns: { stop: sfn.stateMachineArn('stop'), start: sfn.stateMachineArn('start') },
    now: () => new Date(clock.now()),
    requestStatus: async (target, executions, responseUrl) => {
      // As an asynchronous invocation: the bot does not wait for it.
      void reportStatus(
        { system: target, executions, responseUrl },
        { observe: (s) => observeSystem(s, clients), post: postToResponseUrl },
      );
    },
    requestCancel: async (event) => respond(handleCancel(event, cancelDeps)),
    requestHistory: async (request) => {
      // As an asynchronous invocation of the history responder: the bot does not wait for it.
      void reportHistory(request, {
        read: (query) => audit.read(query),
        post: postToResponseUrl,
      }).catch(() => undefined);
    },
    lockTable: { ddb, tableName: LOCAL_RUN_LOCK_TABLE },
    scheduleTable: { ddb, tableName: LOCAL_SCHEDULE_TABLE },
    // One-off runs' one-time schedules go to the simulated account's EventBridge Scheduler.
    scheduler: { client: clients.scheduler, ...scheduleTargets },
    audit: audit.writer('bot'),
    powertools: botTools,
  });
  const bot = await startBotServer(instrument(botTools, botHandler));

  // The scheduled-run starter, as EventBridge Scheduler invokes it on AWS.
  const starterTools = createPowertools();
  const startScheduled = makeScheduledRunStarter(
    {
      config,
      state: scheduleState,
      lock: runLock,
      executions: new Executions(sfnClient, {
        stop: sfn.stateMachineArn('stop'),
        start: sfn.stateMachineArn('start'),
      }),
      slack: async () => web,
      calendar: (name, at) => checkCalendar(clients.ssm, name, at, { clock }),
      audit: audit.writer('scheduled-run'),
      eventRulePrefix: LOCAL_EVENT_RULE_PREFIX,
      now: clock.now,
    },
    starterTools,
  );
  if (!onFiring)
    scheduler.registerTarget(scheduleTargets.targetArn, (event) => startScheduled(event));
  // The Aurora 7-day watch, when a system has it: RDS events and its daily check.
  const auroraWatch = await startLocalAuroraWatch({
    config,
    account,
    clock,
    rds: clients.rds,
    schedulerClient: clients.scheduler,
    scheduler,
    targets: scheduleTargets,
    ddb,
    tableName: LOCAL_SCHEDULE_TABLE,
    web,
    audit: audit.writer('aurora-watch'),
    // The local starter, called directly where the Lambda function invokes it asynchronously.
    starter: (firing) => startScheduled(firing),
  });
  scheduler.start();

  // The default event bus, with a rule per configured trigger as the CDK app deploys them: the
  // same patterns, and the starter invoked with the same input.
  for (const rule of eventRuleDeployments(config, LOCAL_EVENT_RULE_PREFIX)) {
    events.putRule({
      name: rule.name,
      pattern: rule.pattern,
      inputTemplate: rule.inputTemplate,
      maximumRetryAttempts: EVENT_RETRY_POLICY.MaximumRetryAttempts,
      target: (input) => startScheduled(input),
    });
  }

  let closing: Promise<void> | undefined;
  const close = async () => {
    auroraWatch?.pump.stop();
    await auroraWatch?.pump.idle();
    scheduler.stop();
    sfn.shutdown();
    await bot.close();
    // Each end is reported to the feed when its execution settles.
    await Promise.all(sfn.listExecutions().map((execution) => execution.done));
    await feed.current?.idle();
    while (responding.size > 0) await Promise.all([...responding]);
    await scheduler.idle();
    await events.idle();
    await slack.close();
    ddb.destroy();
    await dynamodb.close();
  };

  return {
    config,
    /** Simulated time; `clock.advance(ms)` / `clock.jumpTo(epochMs)` move it forward at once. */
    clock,
    /** EventBridge Scheduler's firing of the simulated account's schedules, on `clock`. */
    scheduler,
    /** The ARN the configured schedules invoke: register the scheduled-run starter under it. */
    scheduleTargetArn: scheduleTargets.targetArn,
    system,
    seeded,
    account,
    sfn,
    slack,
    /** The local DynamoDB with the run lock and run records tables, and the lock on it. */
    dynamodb,
    runLock,
    /** Holds, skips, one-off runs and firings of the schedules. */
    scheduleState,
    /** The audit log group in the simulated account: each function's writer, and its records. */
    audit,
    /**
     * The Aurora 7-day watch (undefined when no system has it): the pump that delivers the
     * account's RDS events to it, and the re-stops it handed to the starter.
     */
    auroraWatch,
    /**
     * Invokes the starter with a firing: what EventBridge Scheduler does when a schedule fires,
     * and what the Aurora watch does for its re-stop.
     */
    fire: (firing: ScheduledFiringInput) => startScheduled(firing) as Promise<FiringOutcome>,
    /**
     * The default event bus: `events.put({source, 'detail-type', detail})` starts what the
     * configured triggers match; other rules (the Aurora watch's) may be put on it too.
     */
    events,
    channel,
    botUrl: bot.url,
    user: new SlackUser(bot.url, SIGNING_SECRET, slack, channel, clock.now),
    /** Resolves once every pending progress render has been written to Slack. */
    progressIdle: () => feed.current?.idle() ?? Promise.resolve(),
    /** Resolves once the status responder has answered every cancel handed to it. */
    async responderIdle(): Promise<void> {
      while (responding.size > 0) await Promise.all([...responding]);
    },
    /** Stops the runs and closes the servers; calling it again waits for the same close. */
    close(): Promise<void> {
      closing ??= close();
      return closing;
    },
  };
}

export type LocalMode = Awaited<ReturnType<typeof startLocalMode>>;

/** The configured system, pointed at the simulated resources (instances keep their selector). */
function localSystem(configured: SystemConfig, seeded: ExampleSystem): SystemConfig {
  return {
    ...configured,
    instances: configured.instances.tags ? configured.instances : { ids: seeded.instanceIds },
    dbClusterId: seeded.clusterId,
    listenerArn: seeded.listenerArn,
    targetGroupArn: seeded.targetGroupArn,
  };
}
