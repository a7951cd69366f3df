import type { KnownBlock } from '@slack/types';
import { formatInZone } from '../../../contract/zoned-time';
import { RefusalReason } from '../../../observability/metric-names';
import {
  parseAuroraStopRef,
  warningWithIntent,
  type AuroraStopRef,
} from '../../blocks/aurora-watch';
import { mention } from '../../blocks/jobnet-words';
import { isAllowed, principalsFor } from '../../services/authorizer';
import type { BotServices } from '../../services/bot-services';
import { dependencyProblem } from '../../services/dependency-problem';
import { startPersonRun } from '../start-person-run';
import { refuser, type ButtonArgs } from './button-click';

const WEEK_MS = 7 * 86_400_000;

/** The watched system a warning's button names, or undefined for one this app did not post. */
function watchedSystem(ref: AuroraStopRef | undefined, services: BotServices) {
  const system = ref && services.config.systems.find((s) => s.name === ref.system);
  return system?.auroraWatch && system.dbClusterId === ref?.clusterId ? system : undefined;
}

/**
 * [Stop it again after the restart] on the watch's warning: approvers only. It records, once per
 * stop, that AWS's coming restart of the cluster is to be followed by a re-stop of the DB cluster
 * (under the watch's approval policy) even on a `notify` system; the warning says who asked. A
 * second click is told it is already recorded, and by whom.
 */
export function auroraRestopButton(services: BotServices) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const refuse = refuser(respond, services, { user: body.user.id, action: action.action_id });
    // A reply about something done all the same: no refusal record.
    const tell = refuser(respond, services);
    const ref = parseAuroraStopRef(action.value);
    const system = watchedSystem(ref, services);
    if (!ref || !system?.auroraWatch) {
      await refuse(
        RefusalReason.badRequest,
        'This button does not belong to an Aurora warning of this app.',
      );
      return;
    }
    const user = body.user.id;
    const { budget, config } = services;
    try {
      if (!(await isAllowed(user, principalsFor(config, 'approver'), services.groupMembers))) {
        await refuse(
          RefusalReason.unauthorised,
          'Only approvers may ask for the DB cluster to be stopped again.',
        );
        return;
      }
      const now = services.now().getTime();
      const restartAt = Date.parse(ref.stoppedAt) + WEEK_MS;
      const db = `\`${ref.clusterId}\``;
      if (now >= restartAt) {
        await refuse(
          RefusalReason.notWaiting,
          `AWS was due to start ${db} at ${formatInZone(new Date(restartAt), system.timeZone)}; the alert in the channel says what happened. \`/webapp stop ${system.name}\` stops it again.`,
        );
        return;
      }
      if (system.auroraWatch.policy === 'restop') {
        await refuse(
          RefusalReason.notWaiting,
          `Nothing to ask: ${system.name} stops ${db} again after every restart by AWS (its policy is restop).`,
        );
        return;
      }
      const recorded = await budget.call('DynamoDB', () =>
        services.auroraWatch.recordIntent({
          system: system.name,
          clusterId: ref.clusterId,
          stoppedAt: ref.stoppedAt,
          restartAt: new Date(restartAt).toISOString(),
          by: user,
          at: now,
        }),
      );
      if (!('recorded' in recorded)) {
        await refuse(
          RefusalReason.notWaiting,
          `Already recorded: ${mention(recorded.by)} asked at ${formatInZone(new Date(recorded.at), system.timeZone)} for ${db} to be stopped again after the restart.`,
        );
        return;
      }
      await services.audit.record({
        action: 'alert',
        system: system.name,
        actor: { kind: 'person', id: user },
        outcome: 'restop-asked',
        detail: {
          kind: 'aurora-restart-warning',
          clusterId: ref.clusterId,
          stoppedAt: ref.stoppedAt,
          restartAt: new Date(restartAt).toISOString(),
        },
      });
      const channel = body.channel?.id;
      const ts = body.message?.ts;
      if (channel && ts) {
        const blocks = warningWithIntent(
          (body.message?.blocks ?? []) as KnownBlock[],
          user,
          now,
          system.timeZone,
        );
        await budget
          .call(
            'Slack',
            () =>
              client.chat.update({
                channel,
                ts,
                // The notification text stays as posted; only the blocks gain the line.
                ...(body.message?.text ? { text: body.message.text } : {}),
                blocks,
              }),
            {
              final: true,
            },
          )
          .catch((error: unknown) =>
            tell(
              RefusalReason.slackUnavailable,
              `Recorded, but the warning could not be updated: ${dependencyProblem(error)}.`,
            ),
          );
      }
    } catch (error) {
      await refuse(
        RefusalReason.dependencyFailed,
        `Nothing may have been recorded: ${dependencyProblem(error)}. Try again.`,
      );
    }
  };
}

/**
 * [Start the whole system now] on the watch's warning: requesters only; asks for a start of the
 * system as `/webapp start` does (the run's root message in the channel, its approval as usual).
 */
export function auroraStartButton(services: BotServices) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const refuse = refuser(respond, services, { user: body.user.id, action: action.action_id });
    const system = watchedSystem(parseAuroraStopRef(action.value), services);
    const channel = body.channel?.id;
    if (!system || !channel) {
      await refuse(
        RefusalReason.badRequest,
        'This button does not belong to an Aurora warning of this app.',
      );
      return;
    }
    const user = body.user.id;
    try {
      if (
        !(await isAllowed(user, principalsFor(services.config, 'requester'), services.groupMembers))
      ) {
        await refuse(
          RefusalReason.unauthorised,
          `You are not allowed to request a start of \`${system.name}\`. Ask someone listed as a requester.`,
        );
        return;
      }
      const refusal = await startPersonRun(
        { jobnet: 'start', system, user, channel, triggerId: body.trigger_id },
        services,
        client,
      );
      if (refusal) await refuse(refusal.reason, refusal.text);
    } catch (error) {
      await refuse(
        RefusalReason.dependencyFailed,
        `Nothing was started: ${dependencyProblem(error)}. Try again.`,
      );
    }
  };
}
