import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { selectSystem } from '../../../config/execution-input';
import type { SystemConfig } from '../../../config/schema';
import type { JobnetName } from '../../../contract/jobnets';
import { countBotRefusal } from '../../../observability/app-metrics';
import { RefusalReason } from '../../../observability/metric-names';
import { helpMessage } from '../../blocks/help';
import { escapeMrkdwn } from '../../blocks/limits';
import { section } from '../../blocks/parts';
import { parseCommand, type ParsedCommand } from '../../commands/parse-command';
import { recordRefusal, type RefusalContext } from '../../audit/bot-audit';
import { cancelRun } from '../cancel-run';
import { isAllowed, principalsFor } from '../../services/authorizer';
import type { BotServices } from '../../services/bot-services';
import { dependencyProblem } from '../../services/dependency-problem';
import { mayChangeSchedules, type Refusal } from '../schedule-changes';
import { schedulesList } from '../schedules-list';
import { startPersonRun } from '../start-person-run';
import { holdCommand } from './hold';
import { requestOneOff } from './one-off';

type CommandArgs = AllMiddlewareArgs & SlackCommandMiddlewareArgs;

/** A reply only the caller sees, sent as the acknowledgement itself (no extra call to Slack). */
const privately = (message: { text: string; blocks?: unknown[] }) => ({
  response_type: 'ephemeral' as const,
  ...message,
});

/**
 * `/webapp stop|start|status|schedules|hold|resume|cancel|help [system]`, `history [system]
 * [count]`, `stop|start [system] -- <reason>`, and `stop|start <system> at <time>`. The
 * acknowledgement is the answer: it carries a refusal or what happened, privately, and goes out
 * within the request's budget whatever the dependencies do — every call races the budget, and a
 * failure is said, not thrown. Every refusal is recorded in the audit trail (a run's request
 * records itself).
 */
export function webappCommand(services: BotServices) {
  return async ({ command, ack, client }: CommandArgs): Promise<void> => {
    const parsed = parseCommand(command.text);
    const answer = await handle(parsed, command, services, client).catch(
      (error: unknown): Refusal => ({
        reason: RefusalReason.dependencyFailed,
        text: `Nothing was done: ${dependencyProblem(error)}. Try again.`,
      }),
    );
    if (answer === undefined) {
      await ack();
      return;
    }
    if ('reason' in answer) {
      countBotRefusal(services.metrics, answer.reason);
      if (!answer.recorded)
        await recordRefusal(services, answer, refusalContext(parsed, command, services));
    }
    await ack(
      privately({ text: answer.text, ...('blocks' in answer ? { blocks: answer.blocks } : {}) }),
    );
  };
}

type Answer = Refusal | { text: string; blocks?: unknown[] } | undefined;

/** Who asked for what, for the refusal's record: the verb, and the system and jobnet if named. */
function refusalContext(
  parsed: ParsedCommand,
  command: CommandArgs['command'],
  services: BotServices,
): RefusalContext {
  const words = (command.text ?? '').trim().toLowerCase().split(/\s+/);
  const verb = words[0] || 'help';
  const systems = services.config.systems;
  // A command that did not parse still names its system, when its second word is one.
  const typed = systems.find((s) => s.name === words[1])?.name;
  const named = 'system' in parsed ? parsed.system : typed;
  const system = named ?? (systems.length === 1 ? systems[0].name : undefined);
  const jobnet =
    parsed.kind === 'one-off'
      ? parsed.jobnet
      : verb === 'stop' || verb === 'start'
        ? verb
        : undefined;
  return {
    user: command.user_id,
    command: verb,
    ...(system ? { system } : {}),
    ...(jobnet ? { jobnet } : {}),
  };
}

async function handle(
  parsed: ParsedCommand,
  command: CommandArgs['command'],
  services: BotServices,
  client: CommandArgs['client'],
): Promise<Answer> {
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
  if (parsed.kind === 'history' && !parsed.system) {
    return history(undefined, parsed.count, command, services);
  }
  const selected = selectSystem(config.systems, parsed.system);
  if ('problem' in selected) return { reason: RefusalReason.badRequest, text: selected.problem };
  const { system } = selected;
  switch (parsed.kind) {
    case 'status':
      return status(system, command, services);
    case 'schedules':
      return schedules([system], false, command, services);
    case 'history':
      return history(system, parsed.count, command, services);
    case 'hold':
    case 'resume':
      return holdCommand(parsed, system, command, services, client);
    case 'one-off': {
      const refusal =
        (await refuseRequester(parsed.jobnet, system, command.user_id, services)) ??
        reasonMissing(parsed, system);
      return refusal ?? requestOneOff(parsed, system, command, services, client);
    }
    case 'cancel':
      return cancelRun({ system }, command.user_id, command.response_url, services);
  }
  const refusal =
    (await refuseRequester(parsed.kind, system, command.user_id, services)) ??
    reasonMissing(parsed, system);
  return (
    refusal ??
    startPersonRun(
      {
        jobnet: parsed.kind,
        system,
        user: command.user_id,
        channel: command.channel_id,
        triggerId: command.trigger_id,
        ...(parsed.reason ? { reason: parsed.reason } : {}),
      },
      services,
      client,
    )
  );
}

/** A system with `requireReason` takes no run without one: the person is told how to give it. */
function reasonMissing(
  parsed: { kind: string; jobnet?: JobnetName; reason?: string },
  system: SystemConfig,
): Refusal | undefined {
  if (!system.requireReason || parsed.reason) return undefined;
  const jobnet = parsed.jobnet ?? parsed.kind;
  const at = parsed.kind === 'one-off' ? ' at 2026-12-05 22:00' : '';
  return {
    reason: RefusalReason.reasonMissing,
    text: `\`${escapeMrkdwn(system.name)}\` takes no run without a reason. Say why after \`--\`, as in \`/webapp ${jobnet} ${escapeMrkdwn(system.name)}${at} -- patching CVE-2026-1234\`. Nothing was started.`,
  };
}

/**
 * Who may look at a system (its schedules, status or history): requesters and approvers,
 * unless opened to the channel. Anyone else is refused, told what only they may see.
 */
async function refuseLooker(
  user: string,
  services: BotServices,
  what: string,
): Promise<Refusal | undefined> {
  const open = services.config.slack.statusAccess === 'channel';
  if (open || (await mayChangeSchedules(user, services))) return undefined;
  return {
    reason: RefusalReason.unauthorised,
    text: `Only requesters and approvers may ${what}.`,
  };
}

/** `/webapp schedules [system]`: answered privately in the acknowledgement, from the store. */
async function schedules(
  systems: readonly SystemConfig[],
  all: boolean,
  command: CommandArgs['command'],
  services: BotServices,
): Promise<Answer> {
  const refusal = await refuseLooker(command.user_id, services, 'see the schedules of a system');
  if (refusal) return refusal;
  return schedulesList(systems, all, services);
}

/** Who may see a system's status: requesters and approvers, unless opened to the channel. */
async function status(
  system: SystemConfig,
  command: CommandArgs['command'],
  services: BotServices,
): Promise<Answer> {
  const refusal = await refuseLooker(command.user_id, services, 'see the status of a system');
  if (refusal) return refusal;
  const executions = await services.executions.runsOf(system.name, 'ANY', 5);
  await services.budget.call('AWS Lambda', () =>
    services.requestStatus(system, executions, command.response_url),
  );
  return { text: `Looking at every resource of \`${system.name}\`…` };
}

/**
 * `/webapp history [system] [count]`, for whoever may see the status: acknowledged at once, and
 * answered privately through the response URL by the history responder, which reads the audit
 * trail (every system's runs without a system).
 */
async function history(
  system: SystemConfig | undefined,
  count: number,
  command: CommandArgs['command'],
  services: BotServices,
): Promise<Answer> {
  const refusal = await refuseLooker(command.user_id, services, 'read the history of a system');
  if (refusal) return refusal;
  await services.budget.call('AWS Lambda', () =>
    services.requestHistory({
      ...(system ? { system: system.name } : {}),
      count,
      responseUrl: command.response_url,
    }),
  );
  return { text: 'Reading the audit trail…' };
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
