import type { EventPattern } from '../contract/event-pattern';
import { SCHEDULE_RETRY_POLICY } from './schedule-deployment';
import type { AppConfig } from './schema';
import { triggerPattern } from './triggers-schema';

/** EventBridge's limit on a rule name. */
export const EVENT_RULE_NAME_MAX = 64;

/**
 * Retries of the starter by a trigger's rule, as for schedules: a stop that starts 15 minutes
 * after the event that called for it is not worth starting (the firing goes to the dead-letter
 * queue instead).
 */
export const EVENT_RETRY_POLICY = SCHEDULE_RETRY_POLICY;

/** The EventBridge input-transformer variable that stands for the whole matched event. */
export const EVENT_JSON = '<aws.events.event.json>';

/** The rule of a system's trigger on the default bus: `<prefix>-<system>-<trigger>`. */
export function eventRuleName(prefix: string, system: string, trigger: string): string {
  const name = `${prefix}-${system}-${trigger}`;
  if (name.length > EVENT_RULE_NAME_MAX) {
    throw new Error(
      `systems ${system}, trigger ${trigger}: the rule name ${name} is longer than EventBridge's ${EVENT_RULE_NAME_MAX} characters`,
    );
  }
  return name;
}

/**
 * A trigger rule's InputTransformer template: what the starter reads (its firing,
 * bot/scheduled-run/firing.ts), the matched event put in whole by EventBridge —
 * `{"kind":"event","system":"shop","trigger":"alarm-5xx","event":<aws.events.event.json>}`.
 */
export function eventInputTemplate(system: string, trigger: string): string {
  const head = JSON.stringify({ kind: 'event', system, trigger });
  return `${head.slice(0, -1)},"event":${EVENT_JSON}}`;
}

/** One trigger's rule, as the CDK app deploys it and the local event bus runs it. */
export interface EventRuleDeployment {
  readonly name: string;
  readonly system: string;
  readonly trigger: string;
  readonly description: string;
  readonly pattern: EventPattern;
  readonly inputTemplate: string;
}

/**
 * The rule of every configured trigger, in configuration order: what the CDK app deploys on the
 * default bus and what the local mode puts on its event bus, so both start the same runs from
 * the same events with the same input. Pure.
 */
export function eventRuleDeployments(
  config: Pick<AppConfig, 'systems'>,
  prefix: string,
): EventRuleDeployment[] {
  return config.systems.flatMap((system) =>
    system.triggers.map((trigger) => ({
      name: eventRuleName(prefix, system.name, trigger.name),
      system: system.name,
      trigger: trigger.name,
      description:
        trigger.description ?? `webapp-chatops: ${trigger.jobnet} ${system.name} on this event`,
      pattern: triggerPattern(trigger),
      inputTemplate: eventInputTemplate(system.name, trigger.name),
    })),
  );
}
