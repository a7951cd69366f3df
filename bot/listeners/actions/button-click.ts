import type { Metrics } from '@aws-lambda-powertools/metrics';
import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  RespondFn,
  SlackActionMiddlewareArgs,
} from '@slack/bolt';
import { countBotRefusal } from '../../../observability/app-metrics';
import type { RefusalReasonName } from '../../../observability/metric-names';

/** What a button listener receives from Bolt. */
export type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

/**
 * Refuses a click: a reply only the clicker sees, leaving the clicked message as it is, and
 * the refusal counted by reason.
 */
export function refuser(
  respond: RespondFn,
  metrics: Metrics,
): (reason: RefusalReasonName, text: string) => Promise<unknown> {
  return (reason, text) => {
    countBotRefusal(metrics, reason);
    return respond({ response_type: 'ephemeral', replace_original: false, text });
  };
}
