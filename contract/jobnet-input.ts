import { z } from 'zod';
import { runTriggerSchema } from './run-trigger';

/**
 * The execution input of both jobnets. The bot and the schedules build it from configuration;
 * the Prepare step validates it before anything is touched. Numbers are seconds.
 */

const instanceId = z.string().regex(/^i-[0-9a-f]{8,17}$/, 'must be an EC2 instance id (i-…)');
const arn = (service: string, resource: string) =>
  z
    .string()
    .regex(
      new RegExp(`^arn:aws[a-z-]*:${service}:[a-z0-9-]+:\\d{12}:${resource}`),
      `must be a ${service} ${resource} ARN`,
    );
/**
 * A wait is a callback task, not a running function, so it may last hours: an Aurora start or a
 * long backup. A day is the ceiling, so a typo cannot park a run for months.
 */
export const MAX_WAIT_SECONDS = 86_400;
const waitSeconds = (fallback: number) => z.int().min(1).max(MAX_WAIT_SECONDS).default(fallback);

export const DEFAULT_TIMEOUTS = {
  commandSeconds: 300,
  instanceStopSeconds: 600,
  instanceStartSeconds: 600,
  dbAvailableSeconds: 3600,
  dbStopSeconds: 3600,
  dbStartSeconds: 3600,
  targetsHealthySeconds: 600,
} as const;

const timeouts = z.strictObject({
  commandSeconds: waitSeconds(DEFAULT_TIMEOUTS.commandSeconds),
  instanceStopSeconds: waitSeconds(DEFAULT_TIMEOUTS.instanceStopSeconds),
  instanceStartSeconds: waitSeconds(DEFAULT_TIMEOUTS.instanceStartSeconds),
  dbAvailableSeconds: waitSeconds(DEFAULT_TIMEOUTS.dbAvailableSeconds),
  dbStopSeconds: waitSeconds(DEFAULT_TIMEOUTS.dbStopSeconds),
  dbStartSeconds: waitSeconds(DEFAULT_TIMEOUTS.dbStartSeconds),
  targetsHealthySeconds: waitSeconds(DEFAULT_TIMEOUTS.targetsHealthySeconds),
});

const instanceSelector = z
  .object({
    ids: z.array(instanceId).min(1, 'must name at least one instance').optional(),
    tags: z
      // A wildcard would select any system's instances: EC2 filters treat * and ? as patterns.
      .record(z.string().min(1), z.string().regex(/^[^*?]*$/, 'must not contain * or ?'))
      .refine((tags) => Object.keys(tags).length > 0, 'must name at least one tag')
      .optional(),
  })
  .strict()
  .refine((s) => (s.ids === undefined) !== (s.tags === undefined), {
    message: 'give exactly one of `ids` or `tags`',
  });

/** Longest reason kept: it is shown in the root message and in every list. */
export const REASON_MAX = 300;
export const RUN_SCOPES = ['system', 'database'] as const;
export type RunScope = (typeof RUN_SCOPES)[number];

export const jobnetInputSchema = z.strictObject({
  /** Idempotency root: backup jobs and command comments derive from it, so a rerun repeats nothing. */
  runId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, - or _'),
  system: z.string().min(1),
  requestedBy: z.string().min(1).optional(),
  /** Why the run was asked for: shown in the root message, the plan and the audit record. */
  reason: z.string().min(1).max(REASON_MAX).optional(),
  /**
   * What the run changes: the whole system, or (the Aurora watch's re-stop, stop jobnet only)
   * just the DB cluster, leaving the page, the instances and the backups as they are.
   */
  scope: z.enum(RUN_SCOPES).default('system'),
  /** What started the run: a person (the default), a schedule or a one-off run approved in advance. */
  trigger: runTriggerSchema.default({ kind: 'person' }),
  /**
   * How long the Approval state waits: the configured approval timeout, or a schedule's hold
   * window (unless-held). The definitions read it (`TimeoutSecondsPath`).
   */
  approvalTimeoutSeconds: z.int().min(60).max(86_400).default(3600),
  /**
   * Where the approval request and progress go, and the second channel that gets one line per
   * run start and end (the system's `announceChannel`); passed through untouched.
   */
  slack: z
    .strictObject({
      channel: z.string().min(1),
      threadTs: z.string().optional(),
      announceChannel: z.string().min(1).optional(),
    })
    .optional(),
  instances: instanceSelector,
  dbClusterId: z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,62}$/, 'must be a DB cluster identifier'),
  listenerArn: arn('elasticloadbalancing', 'listener/app/'),
  targetGroupArn: arn('elasticloadbalancing', 'targetgroup/'),
  maintenancePage: z.strictObject({
    priority: z.int().min(1).max(50_000),
    /** ALB fixed responses hold at most 1024 characters. */
    body: z.string().min(1).max(1024),
    contentType: z.enum(['text/html', 'text/plain']).default('text/html'),
  }),
  scripts: z.strictObject({
    stop: z.string().min(1),
    start: z.string().min(1),
    /** Exit code is the answer: 0 running, 3 stopped, anything else an error. */
    check: z.string().min(1),
  }),
  backup: z.strictObject({ deleteAfterDays: z.int().min(1).max(36_500).default(3) }).default({
    deleteAfterDays: 3,
  }),
  concurrency: z.int().min(1).max(40).default(5),
  /** Start jobnet: ask a second time, with everything healthy, before the page comes down. */
  approveBeforeReopen: z.boolean().default(false),
  timeouts: timeouts.default(timeouts.parse({})),
});

export type JobnetInput = z.input<typeof jobnetInputSchema>;
export type JobnetRun = z.output<typeof jobnetInputSchema>;
export type Timeouts = JobnetRun['timeouts'];

/** Field-by-field problems, each naming the field: "instances.ids: must name at least one instance". */
export function describeInputProblems(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const field = (path: readonly PropertyKey[]) =>
      path.length > 0 ? path.map(String).join('.') : '(input)';
    if (issue.code === 'unrecognized_keys') {
      // Name the unknown field itself: a typo must not fall back to a default silently.
      return issue.keys
        .map((key) => `${field([...issue.path, key])}: is not a known field`)
        .join('; ');
    }
    const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
    return `${field(issue.path)}: ${missing ? 'is required' : issue.message}`;
  });
}
