import { z } from 'zod';
import { jobnetInputSchema } from '../contract/jobnet-input';

/**
 * The one configuration file: each web system once, and the Slack side. Infra validates it
 * before any stack is built; the bot and the local mode read the same file.
 */

const userId = z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'must be a Slack user id (U…)');
const userGroupId = z.string().regex(/^S[A-Z0-9]{2,}$/, 'must be a Slack user group id (S…)');
const channelId = z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'must be a Slack channel id (C…)');

const principals = z
  .object({
    users: z.array(userId).default([]),
    userGroups: z.array(userGroupId).default([]),
  })
  .refine((p) => p.users.length + p.userGroups.length > 0, {
    message: 'name at least one user or user group',
  });

/** A system is the jobnet input without the per-run fields, plus a short name to type. */
export const systemSchema = jobnetInputSchema
  .omit({ runId: true, system: true, requestedBy: true, slack: true })
  .extend({
    name: z
      .string()
      .regex(
        /^[a-z][a-z0-9-]{0,23}$/,
        'must be 1-24 lower-case letters, digits or -, starting with a letter',
      ),
    description: z.string().max(200).optional(),
  });

export const configSchema = z.object({
  /** Where the stacks deploy; both optional (the CLI's defaults apply). */
  account: z
    .string()
    .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
    .optional(),
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region')
    .optional(),
  slack: z.object({
    /** Channels where /webapp is accepted and runs are threaded. */
    channels: z.array(channelId).min(1),
    requesters: principals,
    approvers: principals,
    /** The requester may not approve their own run. */
    fourEyes: z.boolean().default(true),
    approvalTimeoutSeconds: z.int().min(60).max(86_400).default(3600),
  }),
  /** Days the execution logs (the jobnet's execution log store) are kept. */
  logRetentionDays: z
    .union([
      z.literal(30),
      z.literal(60),
      z.literal(90),
      z.literal(180),
      z.literal(365),
      z.literal(731),
    ])
    .default(90),
  systems: z
    .array(systemSchema)
    .min(1)
    .refine((systems) => new Set(systems.map((s) => s.name)).size === systems.length, {
      message: 'system names must be unique',
    }),
  /**
   * Where the alarms go (optional). Each address is subscribed to the alarm topic by email;
   * a chat integration is subscribed to the topic by the operator, outside this file.
   */
  alarms: z
    .strictObject({
      emails: z
        .array(z.email('must be an email address'))
        .default([])
        // Two subscriptions of one address would be one SNS subscription owned twice.
        .refine((emails) => new Set(emails.map((e) => e.toLowerCase())).size === emails.length, {
          message: 'email addresses must be unique',
        }),
    })
    .default({ emails: [] }),
  /** The optional demo web system (off by default). */
  demo: z.object({ enabled: z.boolean().default(false) }).default({ enabled: false }),
});

export type AppConfigInput = z.input<typeof configSchema>;
export type AppConfig = z.output<typeof configSchema>;
export type SystemConfig = AppConfig['systems'][number];
