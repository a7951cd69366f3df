import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  RespondFn,
  SlackActionMiddlewareArgs,
} from '@slack/bolt';
import { countBotRefusal } from '../../../observability/app-metrics';
import type { RefusalReasonName } from '../../../observability/metric-names';
import type { BotServices } from '../../services/bot-services';

/** What a button listener receives from Bolt. */
export type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

/**
 * Refuses a click: a reply only the clicker sees, leaving the clicked message as it is, and
 * the refusal counted by reason. The reply goes to the response URL within the request's
 * budget; if Slack cannot take it, it is logged and the request still ends in time.
 */
export function refuser(
  respond: RespondFn,
  services: Pick<BotServices, 'metrics' | 'budget' | 'logger'>,
): (reason: RefusalReasonName, text: string) => Promise<void> {
  return async (reason, text) => {
    countBotRefusal(services.metrics, reason);
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
