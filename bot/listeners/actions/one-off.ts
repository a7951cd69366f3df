import { RefusalReason } from '../../../observability/metric-names';
import { recordInBudget } from '../../audit/record-in-budget';
import { oneOffTime } from '../../blocks/format';
import { parseOneOffRef } from '../../blocks/schedule-refs';
import { isAllowed, principalsFor } from '../../services/authorizer';
import type { BotServices } from '../../services/bot-services';
import { dependencyProblem } from '../../services/dependency-problem';
import {
  announce,
  cancelOneOff,
  mayChangeSchedules,
  oneOffOutcome,
  updateOneOffMessage,
} from '../schedule-changes';
import { refuser, type ButtonArgs } from './button-click';

/** An approval closer to the run's time than this comes too late to be counted on. */
export const ONE_OFF_APPROVE_BEFORE_MS = 60_000;

/**
 * Approve, Reject and Cancel on a one-off run's message. Approve: approvers only, never the
 * requester when four-eyes is on, while the run still waits and is at least a minute ahead.
 * The approval is written to the run's record first — that record, written only by this click,
 * is what the firing later checks — then its one-time schedule is created; a schedule that
 * cannot be created puts the record back, so nothing is half-approved. Reject: approvers.
 * Cancel: requesters and approvers, announced in the channel. Two clicks at once: the record's
 * conditional write decides, and the other person is told what happened.
 */
export function oneOffButton(kind: 'approve' | 'reject' | 'cancel', services: BotServices) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const refuse = refuser(respond, services, { user: body.user.id, action: action.action_id });
    // A reply about something done all the same, or already recorded: no refusal record.
    const tell = refuser(respond, services);
    const user = body.user.id;
    const ref = parseOneOffRef(action.value);
    const system = ref && services.config.systems.find((s) => s.name === ref.system);
    if (!ref || !system) {
      await refuse(
        RefusalReason.badRequest,
        'This button does not belong to a one-off run of this app.',
      );
      return;
    }
    const { budget, scheduleState, config } = services;
    try {
      if (kind === 'cancel') {
        if (!(await mayChangeSchedules(user, services))) {
          await refuse(
            RefusalReason.unauthorised,
            'Only requesters and approvers may cancel a one-off run.',
          );
          return;
        }
        const change = await cancelOneOff(system, ref.oneOff, user, services, client);
        if ('reason' in change) {
          await refuse(change.reason, change.text);
          return;
        }
        const problem = await announce(system, change.line, services, client);
        if (problem) await tell(RefusalReason.slackUnavailable, `Cancelled, but ${problem}.`);
        return;
      }
      if (!(await isAllowed(user, principalsFor(config, 'approver'), services.groupMembers))) {
        await refuse(RefusalReason.unauthorised, 'You are not allowed to approve or reject runs.');
        return;
      }
      const oneOff = await budget.call('DynamoDB', () =>
        scheduleState.oneOff(system.name, ref.oneOff),
      );
      if (!oneOff || oneOff.status !== 'awaiting-approval') {
        await refuse(
          oneOff ? RefusalReason.notWaiting : RefusalReason.badRequest,
          oneOffOutcome(oneOff),
        );
        return;
      }
      const now = services.now();
      if (kind === 'approve') {
        if (config.slack.fourEyes && oneOff.requestedBy === user) {
          await refuse(
            RefusalReason.fourEyes,
            'You asked for this one-off run; someone else must approve it (four-eyes).',
          );
          return;
        }
        if (Date.parse(oneOff.at) - now.getTime() < ONE_OFF_APPROVE_BEFORE_MS) {
          await refuse(
            RefusalReason.notWaiting,
            `Too late to approve: the one-off ${oneOff.jobnet} at ${oneOffTime(new Date(oneOff.at), oneOff.timeZone)} is less than a minute away. Nothing is scheduled; ask again for a later time.`,
          );
          return;
        }
      }
      const decided = await budget.call('DynamoDB', () =>
        scheduleState.transitionOneOff(
          system.name,
          ref.oneOff,
          ['awaiting-approval'],
          kind === 'approve' ? 'scheduled' : 'rejected',
          kind === 'approve' ? { approvedBy: user, approvedAt: now.getTime() } : { endedBy: user },
        ),
      );
      if (!decided) {
        const current = await budget.call('DynamoDB', () =>
          scheduleState.oneOff(system.name, ref.oneOff),
        );
        await refuse(RefusalReason.notWaiting, oneOffOutcome(current));
        return;
      }
      if (kind === 'approve') {
        try {
          await budget.call('EventBridge Scheduler', (signal) =>
            services.oneOffSchedules.create(decided, signal),
          );
        } catch (error) {
          await refuse(
            RefusalReason.dependencyFailed,
            await unapprove(system.name, decided.id, error),
          );
          return;
        }
        services.logger.info('One-off run approved', { oneOffId: decided.id, at: decided.at });
      }
      // Decided for good (an approval's schedule exists): recorded while the message is updated.
      const recorded = recordInBudget(services, {
        action: 'decision',
        system: system.name,
        jobnet: decided.jobnet,
        actor: { kind: 'person', id: user },
        outcome: kind === 'approve' ? 'approved' : 'rejected',
        detail: { approval: 'Approval', oneOffId: decided.id, scheduledAt: decided.at },
      });
      if (!(await updateOneOffMessage(decided, system, services, client))) {
        await tell(
          RefusalReason.slackUnavailable,
          `Your ${kind === 'approve' ? 'approval' : 'rejection'} counts, but the message could not be updated.`,
        );
      }
      await recorded;
    } catch (error) {
      await refuse(
        RefusalReason.dependencyFailed,
        `Nothing may have been decided: ${dependencyProblem(error)}. Look at the message, then try again.`,
      );
    }

    /** Puts an approval whose schedule could not be made back to waiting; says how it ended. */
    async function unapprove(systemName: string, id: string, error: unknown): Promise<string> {
      const problem = dependencyProblem(error);
      services.logger.error('One-off schedule not created', { oneOffId: id, error: problem });
      const back = await budget
        .call(
          'DynamoDB',
          () =>
            scheduleState.transitionOneOff(systemName, id, ['scheduled'], 'awaiting-approval', {
              approvedBy: undefined,
              approvedAt: undefined,
            }),
          { final: true },
        )
        .catch(() => undefined);
      return back
        ? `Nothing was approved: the one-time schedule could not be created (${problem}). The run still waits for approval; try again.`
        : `The one-time schedule could not be created (${problem}), and the approval could not be taken back: nothing will run, but the run may show as approved. Cancel it and ask again.`;
    }
  };
}
