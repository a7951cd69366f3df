import type { App } from '@slack/bolt';
import { countBotRefusal } from '../../../observability/app-metrics';
import { RefusalReason } from '../../../observability/metric-names';
import { ACTION_IDS } from '../../blocks/action-ids';
import type { BotServices } from '../../services/bot-services';

const NOT_OURS =
  'webapp-chatops does not know this button or shortcut; it may be from an older message. Use `/webapp help`.';

/** Every action id but the bot's own: a stale or foreign button still gets an answer. */
const OTHER_ACTIONS = new RegExp(`^(?!(?:${Object.values(ACTION_IDS).join('|')})$)`);

/**
 * Answers what the bot has no listener for — a button it no longer has, a shortcut, a dialog
 * submission — instead of letting Slack show the person an error: acknowledged, counted, and,
 * where Slack gave a response URL, told privately.
 */
export function registerUnknown(app: App, services: BotServices): void {
  const reply = async (respond: ((m: object) => Promise<unknown>) | undefined) => {
    countBotRefusal(services.metrics, RefusalReason.unknownAction);
    if (!respond) return;
    await services.budget
      .call(
        'Slack',
        () => respond({ response_type: 'ephemeral', replace_original: false, text: NOT_OURS }),
        { final: true },
      )
      .catch(() => undefined);
  };
  app.action(OTHER_ACTIONS, async ({ ack, respond }) => {
    await ack();
    await reply(respond);
  });
  app.shortcut(/.*/, async ({ ack, respond }) => {
    await ack();
    await reply(respond);
  });
  app.view(/.*/, async ({ ack }) => {
    await ack();
    countBotRefusal(services.metrics, RefusalReason.unknownAction);
  });
}
