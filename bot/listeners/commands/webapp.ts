import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { buildExecutionInput, selectSystem } from '../../../config/execution-input';
import type { SystemConfig } from '../../../config/schema';
import type { JobnetName } from '../../../contract/jobnets';
import { countBotRefusal, countRunStarted } from '../../../observability/app-metrics';
import { RefusalReason, type RefusalReasonName } from '../../../observability/metric-names';
import { executionConsoleUrl } from '../../blocks/console-link';
import { helpMessage } from '../../blocks/help';
import { runMessage } from '../../blocks/run-message';
import { parseCommand } from '../../commands/parse-command';
import { runName } from '../../run-name';
import { isAllowed, principalsFor } from '../../services/authorizer';
import type { BotServices } from '../../services/bot-services';

type CommandArgs = AllMiddlewareArgs & SlackCommandMiddlewareArgs;

/** A reply only the caller sees, sent as the acknowledgement itself (no extra call to Slack). */
const privately = (message: { text: string; blocks?: unknown[] }) => ({
  response_type: 'ephemeral' as const,
  ...message,
});

/** A refusal: why, for the BotRefusals metric, and what the caller reads. */
interface Refusal {
  readonly reason: RefusalReasonName;
  readonly text: string;
}

/**
 * `/webapp stop|start|status|help [system]`. Every check that can refuse happens before the
 * acknowledgement, which carries the refusal (and counts it); a run is started only after all
 * of them pass.
 */
export function webappCommand(services: BotServices) {
  return async ({ command, ack, respond, client }: CommandArgs): Promise<void> => {
    const refuse = async ({ reason, text }: Refusal) => {
      countBotRefusal(services.metrics, reason);
      await ack(privately({ text }));
    };
    const parsed = parseCommand(command.text);
    const { config } = services;
    if (parsed.kind === 'help' || parsed.kind === 'unknown') {
      const help = helpMessage(config.systems);
      const prefix = parsed.kind === 'unknown' ? `Unknown command \`${parsed.word}\`. ` : '';
      await ack(privately({ ...help, text: `${prefix}${help.text}` }));
      return;
    }
    if (!config.slack.channels.includes(command.channel_id)) {
      await refuse({
        reason: RefusalReason.wrongChannel,
        text: 'This channel is not set up for /webapp; use one of the configured channels.',
      });
      return;
    }
    const selected = selectSystem(config.systems, parsed.system);
    if ('problem' in selected) {
      await refuse({ reason: RefusalReason.badRequest, text: selected.problem });
      return;
    }
    if (parsed.kind === 'status') {
      const executions = await services.executions.runsOf(selected.system.name, 'ANY', 5);
      await services.requestStatus(selected.system, executions, command.response_url);
      await ack(privately({ text: `Looking at every resource of \`${selected.system.name}\`…` }));
      return;
    }
    const refusal = await refuseRun(parsed.kind, selected.system, command, services);
    if (refusal) {
      await refuse(refusal);
      return;
    }
    await ack();
    await startRun(parsed.kind, selected.system, command, services, client, respond);
  };
}

async function refuseRun(
  jobnet: JobnetName,
  system: SystemConfig,
  command: CommandArgs['command'],
  services: BotServices,
): Promise<Refusal | undefined> {
  const { config, executions } = services;
  if (
    !(await isAllowed(command.user_id, principalsFor(config, 'requester'), services.groupMembers))
  ) {
    return {
      reason: RefusalReason.unauthorised,
      text: `You are not allowed to request a ${jobnet} of \`${system.name}\`. Ask someone listed as a requester.`,
    };
  }
  const name = runName(jobnet, system.name, command.trigger_id, services.now());
  const duplicate = executions.executionArn(jobnet, name);
  // Independent look-ups, side by side: every millisecond here is Slack's.
  const [existing, running] = await Promise.all([
    executions.describe(duplicate),
    executions.runsOf(system.name, 'RUNNING'),
  ]);
  if (existing) {
    return {
      reason: RefusalReason.runInProgress,
      text: `This request already started a run: <${executionConsoleUrl(duplicate)}|${name}>.`,
    };
  }
  if (running.length > 0) {
    const run = running[0];
    return {
      reason: RefusalReason.runInProgress,
      text: `A ${run.jobnet} of \`${system.name}\` is already running: <${executionConsoleUrl(run.executionArn)}|${run.name}>. Wait for it to end.`,
    };
  }
  return undefined;
}

async function startRun(
  jobnet: JobnetName,
  system: SystemConfig,
  command: CommandArgs['command'],
  services: BotServices,
  client: CommandArgs['client'],
  respond: CommandArgs['respond'],
): Promise<void> {
  const name = runName(jobnet, system.name, command.trigger_id, services.now());
  const executionArn = services.executions.executionArn(jobnet, name);
  const message = runMessage({
    jobnet,
    system: system.name,
    requestedBy: command.user_id,
    executionArn,
  });
  const root = await client.chat.postMessage({ channel: command.channel_id, ...message });
  const input = buildExecutionInput(system, {
    runId: name,
    requestedBy: command.user_id,
    slack: { channel: command.channel_id, threadTs: root.ts },
  });
  try {
    await services.executions.start(jobnet, name, input);
    countRunStarted(services.metrics, { system: system.name, jobnet });
    services.logger.info('Run started', { executionArn, runId: name });
  } catch (error) {
    // Nothing half-done: the root message says the run never started, and why.
    countBotRefusal(services.metrics, RefusalReason.startFailed);
    services.logger.error(`StartExecution failed for ${name}`, error as Error);
    const reason = `${(error as Error).name}: ${(error as Error).message}`;
    await client.chat.update({
      channel: command.channel_id,
      ts: root.ts ?? '',
      text: `❌ The ${jobnet} of ${system.name} could not start: ${reason}`,
      blocks: [],
    });
    await respond({ response_type: 'ephemeral', text: `The run could not start: ${reason}` });
  }
}
