/**
 * npm start — the local mode: the whole ChatOps flow on this machine, no AWS or Slack account.
 * Sends signed slash commands and clicks to the bot as a person would, prints the channel as it
 * unfolds, then the state of every simulated resource. `npm start -- --help` for the options.
 */
import { ACTION_IDS } from '../bot/blocks/action-ids';
import { ConfigError, loadConfigFile } from '../config/load';
import type { AppConfig } from '../config/schema';
import { parseCli, USAGE, type CliOptions } from './cli-options';
import { startLocalMode, type LocalMode } from './local-mode';
import type { LocalExecution } from './sfn/local-step-functions';
import type { SlackMessage } from './slack';
import { buttonValue } from './slack-user';
import { interactive, stepTo } from './interactive';
import { SCHEDULES_DEMO_START, schedulesDemo } from './schedules-demo';
import { TranscriptPrinter } from './transcript-printer';
import { waitUntil } from './wait-until';
import { decisionOf } from '../contract/errors';

/** What the Ctrl-C handler needs of a run in progress. */
const session: { printer?: TranscriptPrinter; close?: () => Promise<void>; interrupted?: boolean } =
  {};
/** Prints a line of our own, after whatever the channel has shown so far. */
const say = (text: string) => {
  session.printer?.flush();
  process.stdout.write(`${text}\n`);
};

async function main(argv: string[]): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCli(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    say(USAGE);
    return 0;
  }
  let config: AppConfig;
  try {
    config = loadConfigFile(options.configFile);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  const lm = await startLocalMode({
    config,
    speed: options.speed,
    instances: options.instances,
    // A start needs something to start: the system as a stop leaves it.
    startState: options.scenario === 'start' ? 'down' : 'up',
    ...(options.scenario === 'schedules' ? { start: SCHEDULES_DEMO_START } : {}),
  });
  session.close = lm.close;
  // The week of schedules prints its own summary lines, not every edit of every run.
  const write =
    options.scenario === 'schedules'
      ? () => undefined
      : (text: string) => void process.stdout.write(text);
  const announceChannel = lm.system.announceChannel;
  const printer = new TranscriptPrinter(
    lm.slack,
    lm.channel,
    write,
    announceChannel ? [announceChannel] : [],
  );
  session.printer = printer;
  const ticker = setInterval(() => printer.flush(), 100);
  try {
    banner(lm, options);
    injectFaults(lm, options);
    const requester = options.as ?? config.slack.requesters.users[0] ?? 'U0REQUESTER';
    const approver = options.approveAs ?? config.slack.approvers.users[0] ?? 'U0APPROVER';
    if (options.scenario === 'interactive') {
      await interactive({
        lm,
        requester,
        approver,
        say,
        flush: () => printer.flush(),
        resources: () => resourceStates(lm),
        instanceOf: (ref) => instanceOf(lm, ref),
      });
    } else if (options.scenario === 'schedules') {
      await schedulesDemo(lm, { requester, approver, say });
    } else if (options.scenario === 'status') {
      const answers = () => statusAnswers(lm, requester);
      const before = answers();
      const answer = await command(lm, requester, 'status');
      if (answer.status === 200) await waitUntil('the status answer', () => answers() > before);
    } else {
      const jobnets =
        options.scenario === 'demo' ? (['stop', 'start'] as const) : [options.scenario];
      for (const jobnet of jobnets) {
        const outcome = await runJobnet(lm, jobnet, requester, approver, options);
        if (outcome !== 'SUCCEEDED') break;
        if (options.auroraRestart) await auroraRestart(lm, requester);
      }
    }
    await lm.progressIdle();
    printer.flush();
    say(`\n${resourceStates(lm)}`);
    return 0;
  } finally {
    clearInterval(ticker);
    await lm.close();
  }
}

/** A week on: the Aurora watch's warning, AWS starting the stopped cluster, the alert, the re-stop. */
async function auroraRestart(lm: LocalMode, requester: string): Promise<void> {
  const { auroraWatch, seeded, clock } = lm;
  if (!auroraWatch) {
    say('\nNo system of this configuration has auroraWatch: nothing watches the cluster.');
    return;
  }
  // Scheduled starts would start the cluster before AWS does; a hold skips them.
  await command(lm, requester, `hold ${lm.system.name} away for the week`);
  const stoppedAt = lm.account.reachedAt(seeded.clusterId, 'stopped') ?? clock.now();
  say(
    `\n→ the clock moves 7 days on, a firing at a time (the DB cluster stopped at ${dateTime(stoppedAt)}; AWS starts it at ${dateTime(stoppedAt + WEEK_MS)})`,
  );
  await stepTo(lm, stoppedAt + WEEK_MS + 30 * 60_000, say);
  await lm.progressIdle();
  say('');
  if (auroraWatch.restops.length === 0) say('No re-stop was handed to the scheduled-run starter.');
  for (const { firing, outcome } of auroraWatch.restops) {
    say(
      `re-stop handed to the scheduled-run starter: ${firing.trigger} for ${firing.system} (event ${firing.event.id}); it answered ${JSON.stringify(outcome)}`,
    );
  }
}

const WEEK_MS = 7 * 86_400_000;

/**
 * Replies by the response URL to `user`: the bot acknowledges `/webapp status` at once, and the
 * status function answers there when it has looked at every resource.
 */
function statusAnswers(lm: LocalMode, user: string): number {
  return lm.slack.ephemerals(lm.channel, user).filter((e) => e.via === 'response_url').length;
}

function banner(lm: LocalMode, options: CliOptions): void {
  const { system, seeded, account, clock } = lm;
  const state =
    options.scenario === 'start'
      ? 'stopped, maintenance page up (as a stop leaves it)'
      : 'running, maintenance page down';
  say('webapp-chatops local mode: nothing here touches AWS or Slack.');
  say(
    `  simulated AWS account ${account.accountId} (${account.region}), system "${system.name}": ${seeded.instanceIds.length} web instances, Aurora cluster ${seeded.clusterId}, ALB listener and target group; ${state}`,
  );
  say(`  local Slack Web API ${lm.slack.apiUrl}  ·  bot ${lm.botUrl}  ·  channel #${lm.channel}`);
  say(
    `  every time shown is simulated: that clock started at ${dateTime(clock.now())} and runs ${clock.speed}× faster than real time (a 7-minute DB start takes ${Math.round(420 / clock.speed)} s)\n`,
  );
}

/** "2025-11-29 22:00 UTC". */
const dateTime = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

function instanceOf(lm: LocalMode, ref: string): string {
  const byIndex = lm.seeded.instanceIds[Number(ref) - 1];
  const id = /^\d+$/.test(ref) ? byIndex : ref;
  if (!id || !lm.seeded.instanceIds.includes(id))
    throw new Error(`No instance ${ref}; there are ${lm.seeded.instanceIds.length}`);
  return id;
}

function injectFaults(lm: LocalMode, options: CliOptions): void {
  const { faults } = lm.account;
  if (options.failCommand) {
    faults.failCommands(instanceOf(lm, options.failCommand), {
      exitCode: 1,
      stderr: 'Job for httpd.service failed because the control process exited with error code.',
      match: /systemctl (stop|start)/,
    });
  }
  if (options.unhealthy) faults.pinUnhealthy(instanceOf(lm, options.unhealthy));
  if (options.stuck) faults.stickInstance(instanceOf(lm, options.stuck));
  if (options.dbBackingUpSeconds)
    faults.backingUp(lm.seeded.clusterId, options.dbBackingUpSeconds * 1000);
  for (const fault of faults.describe()) say(`fault injected: ${fault}`);
}

/** Types a slash command; the bot's private answer to it, if any, prints with the channel. */
async function command(lm: LocalMode, user: string, text: string) {
  say(`\n$ /webapp ${text}      (typed by @${user})`);
  const answer = await lm.user.slash(user, text);
  if (answer.status !== 200) say(`  bot answered HTTP ${answer.status}`);
  return answer;
}

async function runJobnet(
  lm: LocalMode,
  jobnet: 'stop' | 'start',
  requester: string,
  approver: string,
  options: CliOptions,
): Promise<string> {
  const before = lm.slack.messages(lm.channel).length;
  const executionsBefore = lm.sfn.listExecutions().length;
  const answer = await command(lm, requester, jobnet);
  // The bot acknowledges a run it starts with nothing to say; anything else is a refusal.
  if (answer.status !== 200 || answer.text !== undefined) return 'REFUSED';
  const root = await waitUntil(
    'the run to start',
    () => lm.slack.messages(lm.channel)[before],
    10_000,
  ).catch(() => undefined);
  if (!root) return 'REFUSED';
  const approval = await waitUntil(
    'the approval request',
    () => threadOf(lm, root).find((m) => m.metadata?.event_type === 'webapp_chatops_approval'),
    60_000,
  );
  await lm.progressIdle();
  say(`\n→ @${approver} clicks ${options.reject ? 'Reject' : 'Approve'}`);
  await lm.user.click(
    approver,
    options.reject ? ACTION_IDS.reject : ACTION_IDS.approve,
    buttonValue(approval),
    approval,
  );
  const execution = lm.sfn.listExecutions()[executionsBefore];
  await answerFurtherApprovals(lm, root, execution, approver, options);
  await finished(lm, execution, 0);
  if (execution.status === 'FAILED' && options.retry && decisionOf(execution.error) === undefined) {
    const failure = await waitUntil(
      'the failure reply',
      () =>
        threadOf(lm, root).find((m) => JSON.stringify(m.blocks ?? []).includes(ACTION_IDS.retry)),
      30_000,
    );
    lm.account.faults.clear();
    say('\nfaults cleared.');
    say(
      `→ @${requester} clicks "Retry from failed step" (locally a redrive reruns the same input from the top; every step is idempotent, so what is done is skipped, and the approval is not asked again)`,
    );
    await lm.user.click(requester, ACTION_IDS.retry, execution.executionArn, failure);
    await finished(lm, execution, 1);
  }
  say(
    `\n${jobnet} run ${execution.name}: ${execution.status}${execution.error ? ` (${execution.error})` : ''}`,
  );
  return execution.status;
}

/** A system with approveBeforeReopen asks again before the page comes down: answer the same way. */
async function answerFurtherApprovals(
  lm: LocalMode,
  root: SlackMessage,
  execution: LocalExecution,
  approver: string,
  options: CliOptions,
): Promise<void> {
  const pending = () =>
    threadOf(lm, root).find(
      (m) =>
        m.metadata?.event_type === 'webapp_chatops_approval' &&
        JSON.stringify(m.blocks ?? []).includes(`"${ACTION_IDS.approve}"`),
    );
  for (;;) {
    const next = await waitUntil(
      'the run to end or ask again',
      () => (execution.stopDate !== undefined ? 'ended' : pending()),
      30 * 60_000,
      50,
    );
    if (next === 'ended') return;
    await lm.progressIdle();
    say(`\n→ @${approver} clicks ${options.reject ? 'Reject' : 'Approve'} again`);
    await lm.user.click(
      approver,
      options.reject ? ACTION_IDS.reject : ACTION_IDS.approve,
      buttonValue(next),
      next,
    );
    await waitUntil(
      'the click to land',
      () => pending()?.ts !== next.ts || execution.stopDate !== undefined,
      10_000,
    );
  }
}

async function finished(
  lm: LocalMode,
  execution: LocalExecution,
  redriveCount: number,
): Promise<void> {
  await waitUntil(
    'the run to end',
    () => execution.redriveCount === redriveCount && execution.stopDate !== undefined,
    30 * 60_000,
    50,
  );
  await waitUntil('the summary', () => summaries(lm, execution) > redriveCount, 60_000);
  await lm.progressIdle();
}

function summaries(lm: LocalMode, execution: LocalExecution): number {
  const root = lm.slack
    .messages(lm.channel)
    .find((m) => JSON.stringify(m.blocks ?? []).includes(execution.name));
  return root
    ? threadOf(lm, root).filter((m) => m.metadata?.event_type === 'webapp_chatops_summary').length
    : 0;
}

const threadOf = (lm: LocalMode, root: SlackMessage) => lm.slack.thread(lm.channel, root.ts);

function resourceStates(lm: LocalMode): string {
  const snap = lm.account.snapshot();
  const group = snap.targetGroups.find((g) => g.arn === lm.seeded.targetGroupArn);
  const rules = snap.listeners[0]?.rules.filter((r) => r.priority !== 'default') ?? [];
  return [
    'Simulated resources now:',
    ...snap.instances.map(
      (i) =>
        `  ${i.id} ${(i.name ?? '').padEnd(12)} ${i.state.padEnd(8)} Apache ${i.apache.padEnd(7)} status checks ${i.statusChecks}`,
    ),
    ...snap.clusters.map((c) => `  DB cluster ${c.id}: ${c.status}`),
    `  maintenance page: ${rules.length > 0 ? `up (listener rule, priority ${rules[0].priority})` : 'down'}`,
    `  targets: ${(group?.targets ?? []).map((t) => `${t.id} ${t.state}`).join(', ')}`,
    `  backup jobs: ${snap.backupJobs.length}${snap.backupJobs.length > 0 ? ` (${snap.backupJobs.map((j) => j.resourceArn.split(/[/:]/).pop()).join(', ')})` : ''}`,
  ].join('\n');
}

/** One line for a failure, its stack only with DEBUG set. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return `webapp-chatops local mode stopped: ${String(error)}`;
  if (process.env.DEBUG) return error.stack ?? error.message;
  const what = error.name === 'Error' ? error.message : `${error.name}: ${error.message}`;
  return `webapp-chatops local mode stopped: ${what.split('\n')[0]} (DEBUG=1 shows where)`;
}

/** Ctrl-C: close the servers, say so in one line, and exit 130 as a shell expects. */
async function interrupt(): Promise<void> {
  session.interrupted = true;
  session.printer?.flush();
  await session.close?.().catch(() => undefined);
  process.stdout.write('\nstopped (Ctrl-C): the local servers are closed.\n');
  process.exit(130);
}

/** Runs `npm start -- …` to its exit code. */
export function runCli(): void {
  process.once('SIGINT', () => void interrupt());
  main(process.argv.slice(2)).then(
    (code) => {
      if (!session.interrupted) process.exit(code);
    },
    (error: unknown) => {
      // Closing the servers under a run in progress fails it; Ctrl-C is how this ends.
      if (session.interrupted) return;
      process.stderr.write(`${describeError(error)}\n`);
      process.exit(1);
    },
  );
}
