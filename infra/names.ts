import type { JobnetName } from '../contract/jobnets';

/** The stacks, as `cdk deploy <id>` and `cdk-outputs.json` name them. */
export const STACK_IDS = { main: 'WebappChatops', demo: 'WebappChatopsDemo' } as const;

/**
 * Fixed state machine names. The bot and the notifier build the ARNs from these instead of
 * referencing the state machines, so no reference cycle can form (the machines invoke
 * functions that live beside the bot).
 */
export const STATE_MACHINE_NAMES: Readonly<Record<JobnetName, string>> = {
  stop: 'webapp-chatops-stop',
  start: 'webapp-chatops-start',
};

/** The stack output the Slack app manifest reads its request URL from. */
export const BOT_URL_OUTPUT = 'BotFunctionUrl';
