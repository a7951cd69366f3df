import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  RespondFn,
  SlackActionMiddlewareArgs,
} from '@slack/bolt';
import { countBotRefusal } from '../../../observability/app-metrics';
import type { RefusalReasonName } from '../../../observability/metric-names';
import { recordRefusal } from '../../audit/bot-audit';
import type { BotServices } from '../../services/bot-services';

/** What a button listener receives from Bolt. */
export type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

/** Who clicked which button: what a refused click is recorded with in the audit trail. */
export interface Click {
  readonly user: string;
  readonly action: string;
}

/**
 * Refuses a click: a reply only the clicker sees, leaving the clicked message as it is, the
 * refusal counted by reason and, given the click, recorded in the audit trail. The reply goes
 * to the response URL within the request's budget; if Slack cannot take it, it is logged and
 * the request still ends in time.
 */
export function refuser(
  respond: RespondFn,
  services: Pick<BotServices, 'metrics' | 'budget' | 'logger' | 'audit'>,
  click?: Click,
): (reason: RefusalReasonName, text: string) => Promise<void> {
  return async (reason, text) => {
    countBotRefusal(services.metrics, reason);
    if (click) {
      await recordRefusal(services, { reason, text }, { user: click.user, command: click.action });
    }
    try {
      await services.budget.call(
        'Slack',
        () => respond({ response_type: 'ephemeral', replace_original: false, text }),
        { final: true },
      );
    } catch (error) {
      services.logger.warn('Private reply not delivered', { reason, error: (error as Error).name });
    }
  };
}
