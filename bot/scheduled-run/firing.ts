import { z } from 'zod';
import type { RunTrigger } from '../../contract/run-trigger';
import type { FiringKey } from '../services/schedule-state';

const instant = z.iso.datetime({ offset: true });

/** An EventBridge event's envelope; `detail` is whatever its source put there. */
export const awsEventSchema = z.looseObject({
  version: z.string().optional(),
  id: z.string().min(1),
  'detail-type': z.string().min(1),
  source: z.string().min(1),
  account: z.string().optional(),
  time: instant,
  region: z.string().optional(),
  resources: z.array(z.string()).default([]),
  detail: z.record(z.string(), z.unknown()).default({}),
});
export type AwsEvent = z.output<typeof awsEventSchema>;

/**
 * What the starter is invoked with. EventBridge Scheduler sends the target input of a
 * configured schedule or of a one-off run's one-time schedule, with `scheduledAt` filled in from
 * `<aws.scheduler.scheduled-time>` (config/schedule-deployment.ts, bot/services/one-off-schedules.ts);
 * an EventBridge rule of a trigger sends its InputTransformer's output, the matched event whole
 * (config/trigger-deployment.ts), and the Aurora watch the same for its re-stop. Anything else is
 * refused unread.
 */
export const scheduledFiringSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('schedule'),
    system: z.string().min(1),
    schedule: z.string().min(1),
    scheduledAt: instant,
  }),
  z.strictObject({
    kind: z.literal('one-off'),
    system: z.string().min(1),
    oneOffId: z.string().min(1),
    scheduledAt: instant,
  }),
  z.strictObject({
    kind: z.literal('event'),
    system: z.string().min(1),
    trigger: z.string().min(1),
    event: awsEventSchema,
  }),
]);

export type ScheduledFiring = z.infer<typeof scheduledFiringSchema>;
/** A firing as its sender writes it (an event's `resources` and `detail` may be left out). */
export type ScheduledFiringInput = z.input<typeof scheduledFiringSchema>;

/** A run something other than a person started: what its firing record is kept under. */
export type FiredTrigger = Exclude<RunTrigger, { kind: 'person' }>;

/**
 * The firing record of a run's trigger: a schedule's name or `oneoff-<id>` at the occurrence
 * Scheduler fired, or `event:<trigger>` for the event's id — so a second delivery of one event
 * finds the first's record, and a second event of the same trigger is a firing of its own.
 */
export function firingKeyOf(system: string, trigger: FiredTrigger): FiringKey {
  switch (trigger.kind) {
    case 'schedule':
      return { system, source: trigger.schedule, occurrence: normalInstant(trigger.scheduledAt) };
    case 'one-off':
      return {
        system,
        source: `oneoff-${trigger.oneOffId}`,
        occurrence: normalInstant(trigger.scheduledAt),
      };
    case 'event':
      return { system, source: `event:${trigger.trigger}`, occurrence: trigger.eventId };
  }
}

/** One spelling of an instant (Scheduler writes `…:00Z`, JavaScript `…:00.000Z`). */
export function normalInstant(text: string): string {
  return new Date(text).toISOString();
}
