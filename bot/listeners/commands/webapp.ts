import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { buildExecutionInput, selectSystem } from '../../../config/execution-input';
import type { SystemConfig } from '../../../config/schema';
import type { JobnetName } from '../../../contract/jobnets';
import { countBotRefusal, countRunStarted } from '../../../observability/app-metrics';
import { RefusalReason } from '../../../observability/metric-names';
import { executionConsoleUrl } from '../../blocks/console-link';
import { helpMessage } from '../../blocks/help';
import { mention } from '../../blocks/jobnet-words';
import { escapeMrkdwn } from '../../blocks/limits';
import { section } from '../../blocks/parts';
import { runMessage } from '../../blocks/run-message';
import { parseCommand } from '../../commands/parse-command';
import { runName } from '../../run-name';
import { isAllowed, principalsFor } from '../../services/authorizer';
import type { BotServices } from '../../services/bot-services';
import { dependencyProblem } from '../../services/dependency-problem';
import { OutOfTime } from '../../services/request-budget';
import type { LockHolder } from '../../services/run-lock';
import { mayChangeSchedules, type Refusal } from '../schedule-changes';
import { schedulesList } from '../schedules-list';
import { holdCommand } from './hold';
import { requestOneOff } from './one-off';

type CommandArgs = AllMiddlewareArgs & SlackCommandMiddlewareArgs;

/** A reply only the caller sees, sent as the acknowledgement itself (no extra call to Slack). */
const privately = (message: { text: string; blocks?: unknown[] }) => ({
  response_type: 'ephemeral' as const,
  ...message,
});

/**
 * `/webapp stop|start|status|schedules|hold|resume|help [system]`, and `stop|start <system> at
 * <time>`. The acknowledgement is the answer: it carries a
 * refusal or what happened, privately, and goes out within the request's budget whatever the
 * dependencies do — every call races the budget, and a failure is said, not thrown.
 */
export function webappCommand(services: BotServices) {
  return async ({ command, ack, client }: CommandArgs): Promise<void> => {
    const answer = await handle(command, services, client).catch((error: unknown): Refusal => ({
      reason: RefusalReason.dependencyFailed,
      text: `Nothing was done: ${dependencyProblem(error)}. Try again.`,
    }));
    if (answer === undefined) {
      await ack();
      return;
    }
    if ('reason' in answer) countBotRefusal(services.metrics, answer.reason);
    await ack(
      privately({ text: answer.text, ...('blocks' in answer ? { blocks: answer.blocks } : {}) }),
    );
  };
}

type Answer = Refusal | { text: string; blocks?: unknown[] } | undefined;

async function handle(
  command: CommandArgs['command'],
  services: BotServices,
  client: CommandArgs['client'],
): Promise<Answer> {
  const parsed = parseCommand(command.text);
  const { config } = services;
  if (parsed.kind === 'help' || parsed.kind === 'unknown') {
    const help = helpMessage(config.systems);
    if (parsed.kind === 'help') return help;
    // Slack shows the blocks, not the text, so the word it did not know leads the blocks too.
    const unknown = `Unknown command \`${escapeMrkdwn(parsed.word)}\`.`;
    return {
      text: `${unknown} ${help.text}`,
      blocks: [section(unknown), ...(help.blocks ?? [])],
    };
  }
  if (parsed.kind === 'malformed')
    return { reason: RefusalReason.badRequest, text: parsed.problem };
  if (!config.slack.channels.includes(command.channel_id)) {
    return {
      reason: RefusalReason.wrongChannel,
      text: 'This channel is not set up for /webapp; use one of the configured channels.',
    };
  }
  if (parsed.kind === 'schedules' && !parsed.system) {
    return schedules(config.systems, true, command, services);
  }
  const selected = selectSystem(config.systems, parsed.system);
  if ('problem' in selected) return { reason: RefusalReason.badRequest, text: selected.problem };
  const { system } = selected;
  switch (parsed.kind) {
    case 'status':
      return status(system, command, services);
    case 'schedules':
      return schedules([system], false, command, services);
    case 'hold':
    case 'resume':
      return holdCommand(parsed, system, command, services, client);
    case 'one-off': {
      const refusal = await refuseRequester(parsed.jobnet, system, command.user_id, services);
      return refusal ?? requestOneOff(parsed, system, command, services, client);
    }
  }
  const refusal = await refuseRequester(parsed.kind, system, command.user_id, services);
  return refusal ?? startRun(parsed.kind, system, command, services, client);
}

/** Who may look at a system: requesters and approvers, unless opened to the channel. */
async function mayLook(user: string, services: BotServices): Promise<boolean> {
  return services.config.slack.statusAccess === 'channel' || mayChangeSchedules(user, services);
}

/** `/webapp schedules [system]`: answered privately in the acknowledgement, from the store. */
async function schedules(
  systems: readonly SystemConfig[],
  all: boolean,
  command: CommandArgs['command'],
  services: BotServices,
): Promise<Answer> {
  if (!(await mayLook(command.user_id, services))) {
    return {
      reason: RefusalReason.unauthorised,
      text: 'Only requesters and approvers may see the schedules of a system.',
    };
  }
  return schedulesList(systems, all, services);
}

/** Who may see a system's status: requesters and approvers, unless opened to the channel. */
async function status(
  system: SystemConfig,
  command: CommandArgs['command'],
  services: BotServices,
): Promise<Answer> {
  if (!(await mayLook(command.user_id, services))) {
    return {
      reason: RefusalReason.unauthorised,
      text: 'Only requesters and approvers may see the status of a system.',
    };
  }
  const executions = await services.executions.runsOf(system.name, 'ANY', 5);
  await services.budget.call('AWS Lambda', () =>
    services.requestStatus(system, executions, command.response_url),
  );
  return { text: `Looking at every resource of \`${system.name}\`…` };
}

async function refuseRequester(
  jobnet: JobnetName,
  system: SystemConfig,
  user: string,
  services: BotServices,
): Promise<Refusal | undefined> {
  if (await isAllowed(user, principalsFor(services.config, 'requester'), services.groupMembers)) {
    return undefined;
  }
  return {
    reason: RefusalReason.unauthorised,
    text: `You are not allowed to request a ${jobnet} of \`${system.name}\`. Ask someone listed as a requester.`,
  };
}

/**
 * Lock, root message, StartExecution — in that order, and nothing half-done: a refused lock
 * starts nothing; a root message that could not be posted gives the lock back; a run that could
 * not start says so in its root message and gives the lock back. Only a start whose answer was
 * lost (AWS did not answer in time) keeps the lock: the lock itself sees later whether the run
 * exists, and the root message says the outcome is unknown.
 */
async function startRun(
  jobnet: JobnetName,
  system: SystemConfig,
  command: CommandArgs['command'],
  services: BotServices,
  client: CommandArgs['client'],
): Promise<Answer> {
  const { executions, runLock, budget } = services;
  // From what Slack signed, never the clock: a replayed request maps to the same run.
  const signedAt = budget.signedAt() ?? Math.floor(services.now().getTime() / 1000);
  const name = runName(jobnet, system.name, command.trigger_id, new Date(signedAt * 1000));
  const executionArn = executions.executionArn(jobnet, name);
  if (await executions.describe(executionArn)) {
    return {
      reason: RefusalReason.runInProgress,
      text: `This request was already handled: <${executionConsoleUrl(executionArn)}|${name}>.`,
    };
  }
  const holder = { system: system.name, executionArn, jobnet, requestedBy: command.user_id };
  const lock = await budget.call('DynamoDB', () => runLock.acquire(holder));
  if (!lock.acquired) return heldBy(system, lock.holder, lock.starting);

  // Giving the lock back is part of the answer: it may use the reply margin, and if DynamoDB
  // cannot take it now the lock sees for itself, after a minute, that no run started.
  const release = () =>
    budget
      .call(
        'DynamoDB',
        () => runLock.release(system.name, executionArn, services.now().getTime()),
        {
          final: true,
        },
      )
      .catch((error: unknown) => {
        services.logger.warn('Run lock not given back', { error: dependencyProblem(error) });
        return false;
      });
  let rootTs: string | undefined;
  try {
    const root = await budget.call('Slack', () =>
      client.chat.postMessage({
        channel: command.channel_id,
        ...runMessage({ jobnet, system: system.name, requestedBy: command.user_id, executionArn }),
      }),
    );
    rootTs = root.ts;
  } catch (error) {
    await release();
    return {
      reason: RefusalReason.slackUnavailable,
      text: `Nothing was started: ${dependencyProblem(error)}.`,
    };
  }
  const input = buildExecutionInput(system, {
    runId: name,
    requestedBy: command.user_id,
    slack: { channel: command.channel_id, threadTs: rootTs },
    approvalTimeoutSeconds: services.config.slack.approvalTimeoutSeconds,
  });
  try {
    await executions.start(jobnet, name, input);
  } catch (error) {
    return startFailed(jobnet, system, command, services, client, rootTs, error, release);
  }
  countRunStarted(services.metrics, { system: system.name, jobnet });
  services.logger.info('Run started', { executionArn, runId: name });
  return undefined;
}

/** The run did not start, or nobody knows: the root message and the caller are told which. */
async function startFailed(
  jobnet: JobnetName,
  system: SystemConfig,
  command: CommandArgs['command'],
  services: BotServices,
  client: CommandArgs['client'],
  rootTs: string | undefined,
  error: unknown,
  release: () => Promise<boolean>,
): Promise<Refusal> {
  const unknown = error instanceof OutOfTime;
  services.logger.error(`StartExecution failed: ${(error as Error).name}`);
  const problem = dependencyProblem(error);
  const text = unknown
    ? `⚠️ The ${jobnet} of ${system.name} may not have started: ${problem}. If it did, its progress appears here; otherwise ask again.`
    : `❌ The ${jobnet} of ${system.name} could not start: ${problem}. Nothing was changed.`;
  if (!unknown) await release();
  await services.budget
    .call(
      'Slack',
      () => client.chat.update({ channel: command.channel_id, ts: rootTs ?? '', text, blocks: [] }),
      { final: true },
    )
    .catch((e: unknown) => services.logger.warn('Root message not marked', { error: String(e) }));
  return {
    reason: unknown ? RefusalReason.dependencyFailed : RefusalReason.startFailed,
    text: unknown
      ? `AWS did not answer in time; the run may not have started. Watch the thread, or ask again in a minute.`
      : `Nothing was started: ${problem}.`,
  };
}

function heldBy(system: SystemConfig, holder: LockHolder, starting: boolean): Refusal {
  const link = `<${executionConsoleUrl(holder.executionArn)}|${holder.executionArn.split(':').pop()}>`;
  // A person, or (since schedules take the lock too) a schedule's name.
  const who = mention(holder.requestedBy);
  return {
    reason: RefusalReason.runInProgress,
    text: starting
      ? `A ${holder.jobnet} of \`${system.name}\` is being started by ${who}: ${link}. One run per system at a time.`
      : `A ${holder.jobnet} of \`${system.name}\` is already running (asked by ${who}): ${link}. Wait for it to end.`,
  };
}
