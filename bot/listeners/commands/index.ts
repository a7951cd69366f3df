import type { App } from '@slack/bolt';
import type { BotServices } from '../../services/bot-services';
import { webappCommand } from './webapp';

/** Wires the slash command listeners. */
export function register(app: App, services: BotServices): void {
  app.command('/webapp', webappCommand(services));
}
