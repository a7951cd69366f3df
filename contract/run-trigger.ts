import { z } from 'zod';

/**
 * Who approves a run nobody typed: `required` asks as for a person's run; `unless-held` posts
 * the plan with a Hold button and proceeds when the hold window ends; `preapproved` proceeds at
 * once, the schedule (or the person who approved a one-off in advance) being its approval.
 */
export const APPROVAL_POLICIES = ['required', 'unless-held', 'preapproved'] as const;
export type ApprovalPolicy = (typeof APPROVAL_POLICIES)[number];

const isoInstant = z.iso.datetime({ offset: true });
const scheduleName = z.string().regex(/^[a-z][a-z0-9-]{0,23}$/, 'must be a schedule name');

/**
 * What started a run. A person (the default) is named by `requestedBy`; a schedule, a one-off
 * run or an event names its firing, which the approval step checks against the record the
 * starter (and, for a one-off, the bot when the approver clicked) wrote — so this claim alone
 * approves nothing.
 */
export const runTriggerSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('person') }),
  z.strictObject({
    kind: z.literal('schedule'),
    schedule: scheduleName,
    /** The occurrence EventBridge Scheduler fired (its `scheduled-time`), UTC. */
    scheduledAt: isoInstant,
    policy: z.enum(APPROVAL_POLICIES),
    /** unless-held: how long the plan waits for a Hold before it proceeds. */
    holdWindowMinutes: z.int().min(1).max(1440).optional(),
    /** How the schedule reads to a person, e.g. "Mon–Fri 22:00 Asia/Tokyo". */
    description: z.string().max(200).optional(),
  }),
  z.strictObject({
    kind: z.literal('one-off'),
    oneOffId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'must be a one-off run id'),
    scheduledAt: isoInstant,
    /** A one-off run is always approved in advance, by a person, in Slack. */
    policy: z.literal('preapproved'),
  }),
  z.strictObject({
    kind: z.literal('event'),
    /** The system's trigger whose EventBridge rule matched the event (or `aurora-restop`). */
    trigger: scheduleName,
    /** The event's `id`: the firing record is keyed by it (EventBridge delivers at least once). */
    eventId: z.string().min(1).max(256),
    /** The event's `time`. */
    eventTime: isoInstant,
    source: z.string().min(1).max(256),
    detailType: z.string().min(1).max(256),
    /** The console page of what the event is about (the alarm, the DB cluster, or the rule). */
    link: z
      .url({ protocol: /^https$/ })
      .max(2000)
      .optional(),
    policy: z.enum(APPROVAL_POLICIES),
    /** unless-held: how long the plan waits for a Hold before it proceeds. */
    holdWindowMinutes: z.int().min(1).max(1440).optional(),
    /** What happened, in words: "CloudWatch alarm shop-5xx went to ALARM at 22:01 JST". */
    description: z.string().max(300).optional(),
  }),
]);

export type RunTrigger = z.infer<typeof runTriggerSchema>;

/**
 * The Approval state's result: who or what approved the run. A person's click, a schedule's
 * policy, or a one-off's approval given in advance; `note` says it in words for the record.
 */
export interface ApprovalRecord {
  /** A Slack user id, or `schedule <name>` / `trigger <name>` when no person approved. */
  readonly approvedBy: string;
  readonly approvedAt: string;
  readonly via?: 'person' | 'schedule' | 'one-off' | 'event';
  readonly schedule?: string;
  /** The event trigger whose policy approved the run. */
  readonly trigger?: string;
  readonly note?: string;
}
