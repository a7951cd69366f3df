import { z } from 'zod';
import {
  eventPatternProblems,
  readEventPattern,
  type EventPattern,
} from '../contract/event-pattern';
import { APPROVAL_POLICIES } from '../contract/run-trigger';
import { DEFAULT_HOLD_WINDOW_MINUTES } from './schedules-schema';
import { channelIdSchema, checkHoldWindow, firerNameSchema } from './shared-fields';

/**
 * A system's event triggers: runs started by an EventBridge event (a CloudWatch alarm going
 * into ALARM, a custom event a deploy pipeline puts on the bus), deployed as EventBridge rules
 * that target the same starter as the schedules.
 */
export const triggerSchema = z
  .strictObject({
    name: firerNameSchema,
    jobnet: z.enum(['stop', 'start']),
    /**
     * An EventBridge event pattern: an object, or the same as a JSON string. Refused, naming
     * the field, when it cannot match (contract/event-pattern.ts).
     */
    pattern: z
      .union([z.record(z.string(), z.unknown()), z.string()])
      .superRefine((pattern, ctx) => {
        for (const problem of eventPatternProblems(pattern)) {
          ctx.addIssue({ code: 'custom', path: [...problem.path], message: problem.message });
        }
      }),
    approval: z.enum(APPROVAL_POLICIES).default('required'),
    /** unless-held only: minutes an approver has to Hold before the run proceeds. */
    holdWindowMinutes: z.int().min(1).optional(),
    description: z.string().max(200).optional(),
  })
  .superRefine((trigger, ctx) => checkHoldWindow('trigger', trigger, ctx));

export type TriggerConfig = z.output<typeof triggerSchema>;

/**
 * The Aurora 7-day watch: AWS starts a DB cluster that has been stopped for 7 days. `notify`
 * alerts the channel; `restop` alerts and stops the DB cluster again (only the cluster), under
 * `approval`.
 */
export const auroraWatchSchema = z
  .strictObject({
    policy: z.enum(['notify', 'restop']),
    approval: z.enum(APPROVAL_POLICIES).default('required'),
    holdWindowMinutes: z.int().min(1).optional(),
  })
  .superRefine((watch, ctx) => checkHoldWindow('re-stop', watch, ctx));

export type AuroraWatchConfig = z.output<typeof auroraWatchSchema>;

/** The system fields for event-triggered runs, the Aurora watch, reasons and announcements. */
export const systemEventFields = {
  triggers: z.array(triggerSchema).default([]),
  auroraWatch: auroraWatchSchema.optional(),
  /** A request must say why (`/webapp stop shop -- patching`). */
  requireReason: z.boolean().default(false),
  /** A second channel that gets one line per run start and end, skip and hold. */
  announceChannel: channelIdSchema.optional(),
};

/** The trigger the Aurora watch's re-stop runs under; no configured trigger may take the name. */
export const AURORA_RESTOP_TRIGGER = 'aurora-restop';

/** A trigger's pattern as an object (the configuration may give it as a JSON string). */
export function triggerPattern(trigger: Pick<TriggerConfig, 'name' | 'pattern'>): EventPattern {
  const read = readEventPattern(trigger.pattern);
  // parseConfig refused any other; this is a configuration that skipped it.
  if ('problem' in read)
    throw new Error(`trigger ${trigger.name}: pattern ${read.problem.message}`);
  return read.pattern;
}

/** The hold window a trigger runs with: its own, the default for unless-held, else none. */
function holdWindowOf(trigger: {
  readonly approval: TriggerConfig['approval'];
  readonly holdWindowMinutes?: number;
}): number | undefined {
  return (
    trigger.holdWindowMinutes ??
    (trigger.approval === 'unless-held' ? DEFAULT_HOLD_WINDOW_MINUTES : undefined)
  );
}

/** What no single trigger can check: names unique within the system, and not the watch's own. */
export function checkSystemTriggers(
  system: { readonly name: string; readonly triggers: readonly { readonly name: string }[] },
  ctx: z.RefinementCtx,
): void {
  system.triggers.forEach((trigger, j) => {
    const path = ['triggers', j, 'name'];
    if (trigger.name === AURORA_RESTOP_TRIGGER) {
      ctx.addIssue({
        code: 'custom',
        path,
        message: `${AURORA_RESTOP_TRIGGER} is the Aurora watch's own trigger (auroraWatch.policy restop); choose another name`,
      });
    } else if (system.triggers.findIndex((other) => other.name === trigger.name) < j) {
      ctx.addIssue({
        code: 'custom',
        path,
        message: `another trigger of ${system.name} is named ${trigger.name}`,
      });
    }
  });
}

/**
 * A trigger's hold window must end within the approval timeout (slack.approvalTimeoutSeconds),
 * else the approval would expire before the run proceeds; as for schedules.
 */
export function checkTriggersAgainstSlack(
  config: {
    slack: { approvalTimeoutSeconds: number };
    systems: readonly {
      readonly triggers: readonly TriggerConfig[];
      readonly auroraWatch?: AuroraWatchConfig;
    }[];
  },
  ctx: z.RefinementCtx,
): void {
  const timeoutMinutes = Math.floor(config.slack.approvalTimeoutSeconds / 60);
  const check = (firer: AuroraWatchConfig | TriggerConfig, path: (string | number)[]) => {
    const hold = holdWindowOf(firer);
    if (hold !== undefined && hold > timeoutMinutes) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, 'holdWindowMinutes'],
        message: `must be at most ${timeoutMinutes} minutes, the approval timeout (slack.approvalTimeoutSeconds); without a value it is ${DEFAULT_HOLD_WINDOW_MINUTES}`,
      });
    }
  };
  config.systems.forEach((system, i) => {
    system.triggers.forEach((trigger, j) => check(trigger, ['systems', i, 'triggers', j]));
    if (system.auroraWatch) check(system.auroraWatch, ['systems', i, 'auroraWatch']);
  });
}

/** An event trigger as the starter runs it: what it starts and how much of the system. */
export interface EventTrigger {
  readonly name: string;
  readonly jobnet: 'stop' | 'start';
  readonly approval: TriggerConfig['approval'];
  readonly holdWindowMinutes?: number;
  readonly description?: string;
  /** `database`: only the DB cluster (the Aurora watch's re-stop). */
  readonly scope: 'system' | 'database';
}

/**
 * Every trigger the starter accepts for a system: the configured ones, and the Aurora watch's
 * re-stop (a stop of the DB cluster only, under the watch's approval policy) when it is on.
 * An unless-held trigger without a hold window gets the schedules' default.
 */
export function eventTriggersOf(system: {
  readonly triggers: readonly TriggerConfig[];
  readonly auroraWatch?: AuroraWatchConfig;
}): EventTrigger[] {
  const configured = system.triggers.map(({ pattern: _pattern, ...trigger }): EventTrigger => {
    const hold = holdWindowOf(trigger);
    return {
      ...trigger,
      ...(hold === undefined ? {} : { holdWindowMinutes: hold }),
      scope: 'system',
    };
  });
  const watch = system.auroraWatch;
  if (!watch) return configured;
  const watchHold = holdWindowOf(watch);
  return [
    ...configured,
    {
      name: AURORA_RESTOP_TRIGGER,
      jobnet: 'stop',
      approval: watch.approval,
      ...(watchHold === undefined ? {} : { holdWindowMinutes: watchHold }),
      description: 'Aurora 7-day restart: stop the DB cluster again',
      scope: 'database',
    },
  ];
}
