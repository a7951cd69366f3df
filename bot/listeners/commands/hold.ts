import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { SystemConfig } from '../../../config/schema';
import { RefusalReason } from '../../../observability/metric-names';
import type { BotServices } from '../../services/bot-services';
import {
  announce,
  holdSystem,
  mayChangeSchedules,
  resumeSystem,
  type Refusal,
} from '../schedule-changes';

type CommandArgs = AllMiddlewareArgs & SlackCommandMiddlewareArgs;

/**
 * `/webapp hold <system> [reason]` and `/webapp resume <system>`, from requesters and approvers:
 * the change is announced in the system's channel in one line, and the caller is answered
 * privately — including "already held by …" or "not held" when someone was first.
 */
export async function holdCommand(
  request: { kind: 'hold' | 'resume'; reason?: string },
  system: SystemConfig,
  command: CommandArgs['command'],
  services: BotServices,
  client: CommandArgs['client'],
): Promise<Refusal | { text: string }> {
  const user = command.user_id;
  if (!(await mayChangeSchedules(user, services))) {
    return {
      reason: RefusalReason.unauthorised,
      text: 'Only requesters and approvers may hold or resume scheduled runs.',
    };
  }
  const change =
    request.kind === 'hold'
      ? await holdSystem(system, user, request.reason, services)
      : await resumeSystem(system, user, services);
  if ('reason' in change) return change;
  const problem = await announce(system, change.line, services, client);
  return { text: problem ? `${change.notice} (Done, but ${problem}.)` : change.notice };
}
