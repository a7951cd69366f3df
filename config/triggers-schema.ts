import { z } from 'zod';
import { APPROVAL_POLICIES } from '../contract/run-trigger';

/**
 * A system's event triggers: runs started by an EventBridge event (a CloudWatch alarm going
 * into ALARM, a custom event a deploy pipeline puts on the bus), deployed as EventBridge rules
 * that target the same starter as the schedules.
 */
export const triggerSchema = z.strictObject({
  name: z
    .string()
    .regex(
      /^[a-z][a-z0-9-]{0,23}$/,
      'must be 1-24 lower-case letters, digits or -, starting with a letter',
    ),
  jobnet: z.enum(['stop', 'start']),
  /** An EventBridge event pattern: an object, or the same as a JSON string. */
  pattern: z.union([z.record(z.string(), z.unknown()), z.string()]),
  approval: z.enum(APPROVAL_POLICIES).default('required'),
  /** unless-held only: minutes an approver has to Hold before the run proceeds. */
  holdWindowMinutes: z.int().min(1).optional(),
  description: z.string().max(200).optional(),
});

export type TriggerConfig = z.output<typeof triggerSchema>;

/**
 * The Aurora 7-day watch: AWS starts a DB cluster that has been stopped for 7 days. `notify`
 * alerts the channel; `restop` alerts and stops the DB cluster again (only the cluster), under
 * `approval`.
 */
export const auroraWatchSchema = z.strictObject({
  policy: z.enum(['notify', 'restop']),
  approval: z.enum(APPROVAL_POLICIES).default('required'),
  holdWindowMinutes: z.int().min(1).optional(),
});

export type AuroraWatchConfig = z.output<typeof auroraWatchSchema>;

const channelId = z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'must be a Slack channel id (C…)');

/** The system fields for event-triggered runs, the Aurora watch, reasons and announcements. */
export const systemEventFields = {
  triggers: z.array(triggerSchema).default([]),
  auroraWatch: auroraWatchSchema.optional(),
  /** A request must say why (`/webapp stop shop -- patching`). */
  requireReason: z.boolean().default(false),
  /** A second channel that gets one line per run start and end, skip and hold. */
  announceChannel: channelId.optional(),
};

/** The trigger the Aurora watch's re-stop runs under; no configured trigger may take the name. */
export const AURORA_RESTOP_TRIGGER = 'aurora-restop';

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
 */
export function eventTriggersOf(system: {
  readonly triggers: readonly TriggerConfig[];
  readonly auroraWatch?: AuroraWatchConfig;
}): EventTrigger[] {
  const configured = system.triggers.map(({ pattern: _pattern, ...trigger }): EventTrigger => ({
    ...trigger,
    scope: 'system',
  }));
  const watch = system.auroraWatch;
  if (!watch) return configured;
  return [
    ...configured,
    {
      name: AURORA_RESTOP_TRIGGER,
      jobnet: 'stop',
      approval: watch.approval,
      ...(watch.holdWindowMinutes ? { holdWindowMinutes: watch.holdWindowMinutes } : {}),
      description: 'Aurora 7-day restart: stop the DB cluster again',
      scope: 'database',
    },
  ];
}
