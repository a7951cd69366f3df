import { z } from 'zod';

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
 * What EventBridge Scheduler sends the starter: the target input of a configured schedule or of
 * a one-off run's one-time schedule, with `scheduledAt` filled in by Scheduler from
 * `<aws.scheduler.scheduled-time>`. Both sides build it from config/schedule-deployment.ts and
 * bot/services/one-off-schedules.ts; anything else is refused unread.
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
]);

export type ScheduledFiring = z.infer<typeof scheduledFiringSchema>;

/** The firing's source in the schedule state: the schedule's name, or `oneoff-<id>`. */
export function firingSource(firing: ScheduledFiring): string {
  return firing.kind === 'schedule' ? firing.schedule : `oneoff-${firing.oneOffId}`;
}

/** One spelling of an instant (Scheduler writes `…:00Z`, JavaScript `…:00.000Z`). */
export function normalInstant(text: string): string {
  return new Date(text).toISOString();
}
