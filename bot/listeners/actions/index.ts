import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { ACTION_IDS } from '../../blocks/action-ids';
import type { BotServices } from '../../services/bot-services';
import { approvalButton } from './approval';
import { retryButton } from './retry';
import { registerUnknown } from './unknown';

/** Wires the button listeners. */
export function register(app: App, services: BotServices): void {
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.approve, approvalButton('approved', services));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.reject, approvalButton('rejected', services));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.hold, approvalButton('held', services));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.retry, retryButton(services));
  registerUnknown(app, services);
}
