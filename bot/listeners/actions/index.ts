import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { ACTION_IDS } from '../../blocks/action-ids';
import type { BotServices } from '../../services/bot-services';
import { approvalButton } from './approval';
import { cancelButton, confirmCancelButton, keepRunningButton } from './cancel';
import { auroraRestopButton, auroraStartButton } from './aurora-watch';
import { oneOffButton } from './one-off';
import { retryButton } from './retry';
import { scheduleButton } from './schedules';
import { registerUnknown } from './unknown';

/** Wires the button listeners. */
export function register(app: App, services: BotServices): void {
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.approve, approvalButton('approved', services));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.reject, approvalButton('rejected', services));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.hold, approvalButton('held', services));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.retry, retryButton(services));
  const buttons = [
    [ACTION_IDS.scheduleSkipNext, scheduleButton('skip-next', services)],
    [ACTION_IDS.scheduleHold, scheduleButton('hold', services)],
    [ACTION_IDS.scheduleResume, scheduleButton('resume', services)],
    [ACTION_IDS.scheduleCancelOneOff, scheduleButton('cancel-one-off', services)],
    [ACTION_IDS.oneOffApprove, oneOffButton('approve', services)],
    [ACTION_IDS.oneOffReject, oneOffButton('reject', services)],
    [ACTION_IDS.oneOffCancel, oneOffButton('cancel', services)],
    [ACTION_IDS.cancel, cancelButton(services)],
    [ACTION_IDS.cancelConfirm, confirmCancelButton(services)],
    [ACTION_IDS.cancelKeep, keepRunningButton(services)],
    [ACTION_IDS.auroraRestop, auroraRestopButton(services)],
    [ACTION_IDS.auroraStartSystem, auroraStartButton(services)],
  ] as const;
  for (const [id, listener] of buttons) app.action<BlockAction<ButtonAction>>(id, listener);
  registerUnknown(app, services);
}
