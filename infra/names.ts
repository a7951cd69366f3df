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

/** The CloudWatch dashboard of the app (one per account and region, like the state machines). */
export const DASHBOARD_NAME = 'webapp-chatops';

/**
 * What every alarm name of the app starts with: the alarms read well in a mail subject or a
 * chat message, and the alarm topic admits alarms by this prefix.
 */
export const ALARM_NAME_PREFIX = 'webapp-chatops-';

/** The stack output a chat integration or any other subscriber of the alarms needs. */
export const ALARM_TOPIC_OUTPUT = 'AlarmTopicArn';

/** EventBridge's limit on a rule's name. */
const MAX_RULE_NAME = 64;

/** The name of a rule of the event-driven waits, `<stack>-wait-<rule>`, within EventBridge's limit. */
export function waitRuleName(stackName: string, rule: string): string {
  const name = `${stackName}-wait-${rule}`;
  if (name.length > MAX_RULE_NAME) {
    throw new Error(`The rule name ${name} is longer than ${MAX_RULE_NAME} characters`);
  }
  return name;
}
