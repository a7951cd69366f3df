import { z } from 'zod';
import { JOBNETS } from './jobnets';

/**
 * What the audit trail keeps: one record per action, written once by whichever function saw
 * it, to the audit log group. An auditor reads it a year later (Logs Insights, or
 * `/webapp history`), after Step Functions has forgotten the executions, so each record says
 * on its own who did what to which system and run, when, and how it ended.
 */
export const AUDIT_ACTIONS = [
  /** A person asked for a run (`/webapp stop|start`, a one-off, a button that starts one). */
  'request',
  /** The bot refused a request or a click: who, and why. */
  'refusal',
  /** An approval was decided: approved, rejected, held (unless-held), expired, or granted in advance. */
  'decision',
  'hold',
  'resume',
  /** An occurrence of a schedule was skipped by a person. */
  'skip',
  /** A schedule, one-off or event fired: started a run, or did not (and why). */
  'firing',
  'cancel',
  'redrive',
  /** A run ended: succeeded, failed, aborted or timed out. */
  'outcome',
  /** The app raised an alert (the Aurora 7-day restart, its 24-hour warning). */
  'alert',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_ACTOR_KINDS = ['person', 'schedule', 'event', 'app'] as const;

/** Longest free text kept in a record: a reason, a refusal, a note. */
export const AUDIT_TEXT_MAX = 300;

const text = z.string().max(AUDIT_TEXT_MAX);

/** One action, as the function that saw it describes it; the trail adds the time and source. */
export const auditEntrySchema = z.strictObject({
  action: z.enum(AUDIT_ACTIONS),
  system: z.string().min(1).optional(),
  jobnet: z.enum(Object.keys(JOBNETS) as [keyof typeof JOBNETS]).optional(),
  executionArn: z.string().startsWith('arn:').optional(),
  runId: z.string().min(1).optional(),
  /** A Slack user id, a schedule's name, an event trigger's name, or the app itself. */
  actor: z.strictObject({ kind: z.enum(AUDIT_ACTOR_KINDS), id: z.string().min(1) }),
  /** What came of it, one word: started, refused, approved, rejected, succeeded, failed, … */
  outcome: z.string().regex(/^[a-z][a-z-]{1,31}$/, 'must be one lower-case word'),
  /** Why: the requester's reason, a refusal's reason, a skip's reason. */
  reason: text.optional(),
  /** Anything else worth keeping, flat: the approval's id, a schedule's occurrence, a duration. */
  detail: z.record(z.string(), z.union([text, z.number(), z.boolean()])).optional(),
});

export type AuditEntry = z.input<typeof auditEntrySchema>;

/** A record as it is stored: the entry, when it happened, and which function wrote it. */
export type AuditRecord = z.output<typeof auditEntrySchema> & {
  readonly schema: 1;
  readonly at: string;
  readonly source: string;
};

/** Slack tokens (xoxb-, xoxp-, xapp-, …) and Step Functions task tokens look like this. */
const SECRET_LIKE = /\bxox[a-z]-[A-Za-z0-9-]+|\bxapp-[A-Za-z0-9-]+|\bAQ[A-Za-z0-9+/=]{100,}/g;

/**
 * Blanks anything that looks like a token in free text: a record never carries a secret or a
 * task token, even one a person pasted into a reason.
 */
export function redactSecrets(value: string): string {
  return value.replace(SECRET_LIKE, '[redacted]');
}
