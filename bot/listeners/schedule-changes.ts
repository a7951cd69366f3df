import type { WebClient } from '@slack/web-api';
import type { AppConfig, SystemConfig } from '../../config/schema';
import { formatInZone } from '../../contract/zoned-time';
import { RefusalReason, type RefusalReasonName } from '../../observability/metric-names';
import { announce as announceElsewhere } from '../blocks/announce';
import { recordInBudget } from '../audit/record-in-budget';
import { oneOffTime } from '../blocks/format';
import { mention } from '../blocks/jobnet-words';
import { escapeMrkdwn } from '../blocks/limits';
import { oneOffMessage } from '../blocks/one-off';
import type { OccurrenceRef } from '../blocks/schedule-refs';
import { isAllowed, principalsFor } from '../services/authorizer';
import type { BotServices } from '../services/bot-services';
import { dependencyProblem } from '../services/dependency-problem';
import type { Hold, OneOff } from '../services/schedule-state';
import { isComingOccurrence, PENDING_ONE_OFF } from '../services/upcoming';

/** What the person reads when a request did not do what they asked, and why (for the metric). */
export interface Refusal {
  readonly reason: RefusalReasonName;
  readonly text: string;
  /**
   * Already in the audit trail as what it was (a request that did not start), so it is not
   * recorded again as a refusal.
   */
  readonly recorded?: boolean;
}

/** A change made: the one line the channel is told, and what the person who made it reads. */
export interface Change {
  readonly line: string;
  readonly notice: string;
}

/** The channel a system's scheduled runs and schedule changes are announced in. */
export function systemChannel(config: AppConfig, system: SystemConfig): string {
  return system.channel ?? config.slack.channels[0];
}

/** Requesters and approvers may change schedules (hold, resume, skip, cancel). */
export async function mayChangeSchedules(user: string, services: BotServices): Promise<boolean> {
  const { config, groupMembers } = services;
  return (
    (await isAllowed(user, principalsFor(config, 'requester'), groupMembers)) ||
    (await isAllowed(user, principalsFor(config, 'approver'), groupMembers))
  );
}

/** "Sat 5 Dec 2026 22:00 JST": when something happened, in the system's zone. */
function since(epochMs: number, system: SystemConfig): string {
  return formatInZone(new Date(epochMs), system.timeZone);
}

function heldWords(hold: Hold, system: SystemConfig): string {
  const reason = hold.reason ? ` — ${escapeMrkdwn(hold.reason)}` : '';
  return `held by ${mention(hold.by)} since ${since(hold.since, system)}${reason}`;
}

/** Holds a system; the first hold stands, and a second is told whose it is. */
export async function holdSystem(
  system: SystemConfig,
  user: string,
  reason: string | undefined,
  services: BotServices,
): Promise<Change | Refusal> {
  const held = await services.budget.call('DynamoDB', () =>
    services.scheduleState.hold(system.name, user, reason),
  );
  const name = escapeMrkdwn(system.name);
  if (!('held' in held)) {
    return {
      reason: RefusalReason.notWaiting,
      text: `\`${name}\` is already ${heldWords(held, system)}.`,
    };
  }
  await recordInBudget(services, {
    action: 'hold',
    system: system.name,
    actor: { kind: 'person', id: user },
    outcome: 'held',
    ...(reason ? { reason } : {}),
  });
  const why = reason ? ` — ${escapeMrkdwn(reason)}` : '';
  return {
    line: `⏸ ${mention(user)} held ${name}: no scheduled run starts until it is resumed${why}`,
    notice: `⏸ You held \`${name}\`: no scheduled run starts until someone resumes it.`,
  };
}

/** Lifts a system's hold; "not held" when there was none (someone resumed it first). */
export async function resumeSystem(
  system: SystemConfig,
  user: string,
  services: BotServices,
): Promise<Change | Refusal> {
  const lifted = await services.budget.call('DynamoDB', () =>
    services.scheduleState.resume(system.name),
  );
  const name = escapeMrkdwn(system.name);
  if (!lifted) {
    return { reason: RefusalReason.notWaiting, text: `\`${name}\` is not held.` };
  }
  await recordInBudget(services, {
    action: 'resume',
    system: system.name,
    actor: { kind: 'person', id: user },
    outcome: 'resumed',
    detail: {
      heldBy: lifted.by,
      heldSince: new Date(lifted.since).toISOString(),
      ...(lifted.reason ? { holdReason: lifted.reason } : {}),
    },
  });
  return {
    line: `▶️ ${mention(user)} resumed ${name} (held by ${mention(lifted.by)} since ${since(lifted.since, system)})`,
    notice: `▶️ You resumed \`${name}\`: scheduled runs start as configured again.`,
  };
}

/**
 * Skips the occurrence a Skip next button named, if it is still one of the schedule's coming
 * occurrences; a second press (or a second person) is told who skipped it.
 */
export async function skipOccurrence(
  system: SystemConfig,
  ref: OccurrenceRef,
  user: string,
  services: BotServices,
): Promise<Change | Refusal> {
  const schedule = system.schedules.find((s) => s.name === ref.schedule);
  if (!schedule) {
    return {
      reason: RefusalReason.badRequest,
      text: `\`${escapeMrkdwn(system.name)}\` has no schedule \`${escapeMrkdwn(ref.schedule)}\` any more.`,
    };
  }
  const at = new Date(ref.occurrence);
  const when = formatInZone(at, system.timeZone).replace(/ \d{4} /, ' ');
  if (!isComingOccurrence(schedule, at.toISOString(), services.now())) {
    return {
      reason: RefusalReason.notWaiting,
      text: `The run of ${escapeMrkdwn(schedule.name)} on ${when} is no longer ahead; nothing was skipped.`,
    };
  }
  const skipped = await services.budget.call('DynamoDB', () =>
    services.scheduleState.skip({
      system: system.name,
      schedule: schedule.name,
      occurrence: at.toISOString(),
      by: user,
    }),
  );
  if (!skipped) {
    const skip = await services.budget.call('DynamoDB', () =>
      services.scheduleState.skipOf(system.name, schedule.name, at.toISOString()),
    );
    return {
      reason: RefusalReason.notWaiting,
      text: `The run of ${escapeMrkdwn(schedule.name)} on ${when} was already skipped${skip ? ` by ${mention(skip.by)}` : ''}.`,
    };
  }
  await recordInBudget(services, {
    action: 'skip',
    system: system.name,
    actor: { kind: 'person', id: user },
    outcome: 'skipped',
    detail: { schedule: schedule.name, occurrence: at.toISOString() },
  });
  return {
    line: `⏭ ${mention(user)} skipped ${escapeMrkdwn(schedule.name)} of ${escapeMrkdwn(system.name)} on ${when}`,
    notice: `⏭ You skipped ${escapeMrkdwn(schedule.name)} on ${when}.`,
  };
}

/** What became of a one-off run that is no longer waiting, for the person who came late. */
export function oneOffOutcome(oneOff: OneOff | undefined): string {
  if (!oneOff) return 'This one-off run is not known (it may be long past).';
  const at = oneOffTime(new Date(oneOff.at), oneOff.timeZone);
  const what = `The one-off ${oneOff.jobnet} of ${escapeMrkdwn(oneOff.system)} at ${at}`;
  switch (oneOff.status) {
    case 'awaiting-approval':
      return `${what} still waits for approval.`;
    case 'scheduled':
      return `${what} was already approved by ${mention(oneOff.approvedBy ?? '')}.`;
    case 'rejected':
      return `${what} was already rejected by ${mention(oneOff.endedBy ?? '')}.`;
    case 'cancelled':
      return `${what} was already cancelled by ${mention(oneOff.endedBy ?? '')}.`;
    case 'fired':
      return `${what} has already fired.`;
  }
}

/**
 * Cancels a one-off run that has not run yet: its record first (what the firing checks, so it
 * is cancelled even if the rest fails), then its one-time schedule, then its message.
 */
export async function cancelOneOff(
  system: SystemConfig,
  id: string,
  user: string,
  services: BotServices,
  client: WebClient,
): Promise<Change | Refusal> {
  const { budget, scheduleState } = services;
  const cancelled = await budget.call('DynamoDB', () =>
    scheduleState.transitionOneOff(system.name, id, PENDING_ONE_OFF, 'cancelled', {
      endedBy: user,
    }),
  );
  if (!cancelled) {
    const now = await budget.call('DynamoDB', () => scheduleState.oneOff(system.name, id));
    return { reason: RefusalReason.notWaiting, text: oneOffOutcome(now) };
  }
  let left = '';
  try {
    await budget.call('EventBridge Scheduler', (signal) =>
      services.oneOffSchedules.delete(id, signal),
    );
  } catch (error) {
    services.logger.warn('One-off schedule not deleted', { error: dependencyProblem(error) });
    left = ` Its one-time schedule could not be deleted now (${dependencyProblem(error)}); when it fires it finds the run cancelled and starts nothing.`;
  }
  await updateOneOffMessage(cancelled, system, services, client);
  const at = oneOffTime(new Date(cancelled.at), cancelled.timeZone);
  return {
    line: `🗑 ${mention(user)} cancelled the one-off ${cancelled.jobnet} of ${escapeMrkdwn(system.name)} at ${at}`,
    notice: `🗑 You cancelled the one-off ${cancelled.jobnet} of \`${escapeMrkdwn(system.name)}\` at ${at}.${left}`,
  };
}

/**
 * Re-renders a one-off run's message from its record. A message that cannot be updated now is
 * logged: the record decides, and the next change renders it again.
 */
export async function updateOneOffMessage(
  oneOff: OneOff,
  system: SystemConfig,
  services: BotServices,
  client: WebClient,
): Promise<boolean> {
  if (!oneOff.threadTs) return false;
  try {
    await services.budget.call('Slack', () =>
      client.chat.update({
        channel: oneOff.channel,
        ts: oneOff.threadTs ?? '',
        ...oneOffMessage(oneOff, system),
      }),
    );
    return true;
  } catch (error) {
    services.logger.warn('One-off message not updated', { error: dependencyProblem(error) });
    return false;
  }
}

/**
 * Says a change in the system's channel, in one line, and the same line in its announce channel
 * if it has one (side by side, within the budget). Undefined when said in the system's channel;
 * otherwise what went wrong, for the person who made the change (it is made all the same). The
 * announce channel's line is a courtesy: its failure is logged, never reported as the change's.
 */
export async function announce(
  system: SystemConfig,
  line: string,
  services: BotServices,
  client: WebClient,
): Promise<string | undefined> {
  const elsewhere = services.budget
    .call('Slack', () =>
      announceElsewhere(client, system, line, (problem) =>
        services.logger.warn('Announce line not posted', { problem }),
      ),
    )
    .catch(() => false);
  const own = services.budget
    .call('Slack', () =>
      client.chat.postMessage({ channel: systemChannel(services.config, system), text: line }),
    )
    .then(
      () => undefined,
      (error: unknown) => {
        services.logger.warn('Schedule change not announced', { error: dependencyProblem(error) });
        return `the channel could not be told: ${dependencyProblem(error)}`;
      },
    );
  const [problem] = await Promise.all([own, elsewhere]);
  return problem;
}
