import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { createHash } from 'node:crypto';
import type { SystemConfig } from '../../../config/schema';
import type { JobnetName } from '../../../contract/jobnets';
import { isTimeZone, parseLocalDateTime } from '../../../contract/zoned-time';
import { RefusalReason } from '../../../observability/metric-names';
import { recordInBudget } from '../../audit/record-in-budget';
import { oneOffTime } from '../../blocks/format';
import { escapeMrkdwn } from '../../blocks/limits';
import { oneOffMessage } from '../../blocks/one-off';
import type { BotServices } from '../../services/bot-services';
import { dependencyProblem } from '../../services/dependency-problem';
import type { OneOff } from '../../services/schedule-state';
import { oneOffOutcome, systemChannel, type Refusal } from '../schedule-changes';

type CommandArgs = AllMiddlewareArgs & SlackCommandMiddlewareArgs;

/** The least time ahead a one-off run may be asked for: time for someone to approve it. */
export const ONE_OFF_MIN_LEAD_MS = 5 * 60_000;
/** The most: a year, beyond which nobody remembers what was approved. */
export const ONE_OFF_MAX_LEAD_MS = 365 * 86_400_000;

/**
 * A one-off run's id: `<jobnet>-<system>-<yyyymmddThhmm UTC>-<hash>`. The hash comes from
 * Slack's trigger id, so a command delivered twice asks once.
 */
export function oneOffId(jobnet: JobnetName, system: string, triggerId: string, at: Date): string {
  const stamp = at.toISOString().slice(0, 16).replace(/[-:]/g, '');
  const hash = createHash('sha256').update(triggerId).digest('hex').slice(0, 8);
  return `${jobnet}-${system}-${stamp}-${hash}`;
}

/** Why a time cannot be a one-off run's, or undefined when it can. */
function badTime(at: Date, now: Date, typed: string, zone: string): string | undefined {
  const lead = at.getTime() - now.getTime();
  const when = `${escapeMrkdwn(typed)} ${escapeMrkdwn(zone)}`;
  if (lead <= 0) return `${when} is in the past.`;
  if (lead < ONE_OFF_MIN_LEAD_MS) {
    return `${when} is less than 5 minutes ahead: ask for a later time, so that someone can approve it first.`;
  }
  if (lead > ONE_OFF_MAX_LEAD_MS) return `${when} is more than a year ahead.`;
  return undefined;
}

/**
 * `/webapp stop|start <system> at <YYYY-MM-DD HH:MM> [zone]` from a requester: the time is read
 * in the zone given or the system's, checked, and the run is asked for in the system's channel
 * with what it will do and Approve / Reject. Nothing is scheduled until an approver approves;
 * the record is written once its message is posted (it names the message).
 */
export async function requestOneOff(
  request: { jobnet: JobnetName; at: string; timeZone?: string; reason?: string },
  system: SystemConfig,
  command: CommandArgs['command'],
  services: BotServices,
  client: CommandArgs['client'],
): Promise<Refusal | { text: string }> {
  const { budget, scheduleState } = services;
  const zone = request.timeZone ?? system.timeZone;
  const example = `\`/webapp ${request.jobnet} ${system.name} at 2026-12-05 22:00 Asia/Tokyo\``;
  if (!isTimeZone(zone)) {
    return {
      reason: RefusalReason.badRequest,
      text: `Unknown time zone \`${escapeMrkdwn(zone)}\`: give an IANA name such as \`Asia/Tokyo\` or \`UTC\`, as in ${example}.`,
    };
  }
  const at = parseLocalDateTime(request.at, zone);
  if (typeof at === 'string') {
    return { reason: RefusalReason.badRequest, text: `Nothing was asked: ${escapeMrkdwn(at)}.` };
  }
  const now = services.now();
  const problem = badTime(at, now, request.at, zone);
  if (problem) return { reason: RefusalReason.badRequest, text: `Nothing was asked: ${problem}` };

  const id = oneOffId(request.jobnet, system.name, command.trigger_id, at);
  const earlier = await budget.call('DynamoDB', () => scheduleState.oneOff(system.name, id));
  if (earlier) {
    return {
      reason: RefusalReason.runInProgress,
      text: `This request was already handled. ${oneOffOutcome(earlier)}`,
    };
  }
  const channel = systemChannel(services.config, system);
  const asked: OneOff = {
    id,
    system: system.name,
    jobnet: request.jobnet,
    at: at.toISOString(),
    timeZone: zone,
    requestedBy: command.user_id,
    requestedAt: now.getTime(),
    status: 'awaiting-approval',
    channel,
    // Shown on its message, and carried into the run's input when it fires.
    ...(request.reason ? { reason: request.reason } : {}),
  };
  let ts: string;
  try {
    const posted = await budget.call('Slack', () =>
      client.chat.postMessage({ channel, ...oneOffMessage(asked, system) }),
    );
    ts = posted.ts ?? '';
  } catch (error) {
    return {
      reason: RefusalReason.slackUnavailable,
      text: `Nothing was asked: ${dependencyProblem(error)}.`,
    };
  }
  const oneOff: OneOff = { ...asked, threadTs: ts };
  let recorded: boolean;
  try {
    recorded = await budget.call('DynamoDB', () => scheduleState.createOneOff(oneOff));
  } catch (error) {
    await withdraw(
      channel,
      ts,
      `❌ This one-off ${request.jobnet} of ${system.name} could not be recorded (${dependencyProblem(error)}): nothing is scheduled.`,
      services,
      client,
    );
    return {
      reason: RefusalReason.dependencyFailed,
      text: `Nothing was asked: ${dependencyProblem(error)}. Try again.`,
    };
  }
  if (!recorded) {
    // The same command, delivered twice at once: the other delivery's message stands.
    await withdraw(channel, ts, 'This request was already handled.', services, client);
    return { reason: RefusalReason.runInProgress, text: 'This request was already handled.' };
  }
  services.logger.info('One-off run asked', { oneOffId: id, at: oneOff.at });
  // Asked, not started: the run starts when its approved one-time schedule fires.
  await recordInBudget(services, {
    action: 'request',
    system: system.name,
    jobnet: request.jobnet,
    actor: { kind: 'person', id: command.user_id },
    outcome: 'asked',
    detail: { oneOffId: id, scheduledAt: oneOff.at, timeZone: zone },
  });
  return {
    text: `🗓 Asked in <#${channel}>: the one-off ${request.jobnet} of \`${escapeMrkdwn(system.name)}\` at ${oneOffTime(at, zone)}. It runs only once an approver approves it there.`,
  };
}

/** A root message posted for a request that then was not recorded: it says so, buttons gone. */
async function withdraw(
  channel: string,
  ts: string,
  text: string,
  services: BotServices,
  client: CommandArgs['client'],
): Promise<void> {
  await services.budget
    .call('Slack', () => client.chat.update({ channel, ts, text, blocks: [] }), { final: true })
    .catch((error: unknown) =>
      services.logger.warn('One-off message not withdrawn', { error: dependencyProblem(error) }),
    );
}
