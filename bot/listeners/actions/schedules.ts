import { countBotRefusal } from '../../../observability/app-metrics';
import { recordRefusal } from '../../audit/bot-audit';
import { RefusalReason } from '../../../observability/metric-names';
import {
  parseOccurrenceRef,
  parseOneOffRef,
  parseSystemRef,
  type OccurrenceRef,
  type OneOffRef,
  type SystemRef,
} from '../../blocks/schedule-refs';
import type { BotServices } from '../../services/bot-services';
import { dependencyProblem } from '../../services/dependency-problem';
import {
  announce,
  cancelOneOff,
  holdSystem,
  mayChangeSchedules,
  resumeSystem,
  skipOccurrence,
  type Change,
  type Refusal,
} from '../schedule-changes';
import { schedulesList } from '../schedules-list';
import { refuser, type ButtonArgs } from './button-click';

/** The buttons of the `/webapp schedules` message. */
export type ScheduleButton = 'skip-next' | 'hold' | 'resume' | 'cancel-one-off';

const PARSERS: Readonly<Record<ScheduleButton, (value?: string) => SystemRef | undefined>> = {
  'skip-next': parseOccurrenceRef,
  hold: parseSystemRef,
  resume: parseSystemRef,
  'cancel-one-off': parseOneOffRef,
};

/**
 * Skip next, Hold, Resume and Cancel in the `/webapp schedules` message: requesters and
 * approvers only (anyone else is refused privately, the list left as it is). Each press changes
 * the store, says so in the system's channel in one line, and renders the list again in place
 * from the store. When someone else was first, the store's conditional write says so, and the
 * list is rendered again with what happened at its top.
 */
export function scheduleButton(kind: ScheduleButton, services: BotServices) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const refuse = refuser(respond, services, { user: body.user.id, action: action.action_id });
    // A reply about something done all the same, or already recorded: no refusal record.
    const tell = refuser(respond, services);
    const user = body.user.id;
    const ref = PARSERS[kind](action.value);
    const system = ref && services.config.systems.find((s) => s.name === ref.system);
    if (!ref || !system) {
      await refuse(
        RefusalReason.badRequest,
        'This button does not belong to a schedule of this app; ask `/webapp schedules` again.',
      );
      return;
    }
    let change: Change | Refusal | undefined;
    try {
      if (!(await mayChangeSchedules(user, services))) {
        await refuse(
          RefusalReason.unauthorised,
          'Only requesters and approvers may skip, hold, resume or cancel scheduled runs.',
        );
        return;
      }
      change = await decide(kind, ref, system, user, services, client);
      let notice: string;
      if ('reason' in change) {
        countBotRefusal(services.metrics, change.reason);
        await recordRefusal(services, change, {
          user,
          command: action.action_id,
          system: system.name,
        });
        notice = `⚠️ ${change.text}`;
      } else {
        const problem = await announce(system, change.line, services, client);
        notice = problem ? `${change.notice} (Done, but ${problem}.)` : change.notice;
      }
      const systems = ref.all ? services.config.systems : [system];
      const list = await schedulesList(systems, ref.all === true, services, notice);
      await services.budget.call(
        'Slack',
        () => respond({ response_type: 'ephemeral', replace_original: true, ...list }),
        { final: true },
      );
    } catch (error) {
      const done = change !== undefined && !('reason' in change);
      await (done ? tell : refuse)(
        done ? RefusalReason.slackUnavailable : RefusalReason.dependencyFailed,
        done
          ? `${change && 'notice' in change ? change.notice : 'Done.'} The list could not be shown again: ${dependencyProblem(error)}.`
          : `Nothing may have changed: ${dependencyProblem(error)}. Ask \`/webapp schedules\` again.`,
      );
    }
  };
}

/** What the press does; `ref` was read by the button's own parser (PARSERS). */
function decide(
  kind: ScheduleButton,
  ref: SystemRef,
  system: BotServices['config']['systems'][number],
  user: string,
  services: BotServices,
  client: ButtonArgs['client'],
): Promise<Change | Refusal> {
  switch (kind) {
    case 'skip-next':
      return skipOccurrence(system, ref as OccurrenceRef, user, services);
    case 'hold':
      return holdSystem(system, user, undefined, services);
    case 'resume':
      return resumeSystem(system, user, services);
    case 'cancel-one-off':
      return cancelOneOff(system, (ref as OneOffRef).oneOff, user, services, client);
  }
}
