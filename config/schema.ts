import { z } from 'zod';
import { jobnetInputSchema } from '../contract/jobnet-input';
import {
  calendarsSchema,
  checkSchedulesAgainstSlack,
  checkSystemSchedules,
  systemScheduleFields,
  withScheduleDefaults,
} from './schedules-schema';
import {
  checkSystemTriggers,
  checkTriggersAgainstSlack,
  systemEventFields,
} from './triggers-schema';
import { channelIdSchema } from './shared-fields';
import { checkAnnounceChannels } from './announce-channel';

/**
 * The one configuration file: each web system once, and the Slack side. Infra validates it
 * before any stack is built; the bot and the local mode read the same file.
 */

const userId = z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'must be a Slack user id (U…)');
const userGroupId = z.string().regex(/^S[A-Z0-9]{2,}$/, 'must be a Slack user group id (S…)');

const principals = z
  .strictObject({
    users: z.array(userId).default([]),
    userGroups: z.array(userGroupId).default([]),
  })
  .refine((p) => p.users.length + p.userGroups.length > 0, {
    message: 'name at least one user or user group',
  });

/**
 * A system is the jobnet input without the per-run fields, plus a short name to type and its
 * scheduled runs (which buildExecutionInput leaves out of the input again).
 */
export const systemSchema = jobnetInputSchema
  .omit({
    runId: true,
    system: true,
    requestedBy: true,
    slack: true,
    trigger: true,
    approvalTimeoutSeconds: true,
    reason: true,
    scope: true,
  })
  .extend({
    name: z
      .string()
      .regex(
        /^[a-z][a-z0-9-]{0,23}$/,
        'must be 1-24 lower-case letters, digits or -, starting with a letter',
      ),
    description: z.string().max(200).optional(),
    ...systemScheduleFields,
    ...systemEventFields,
  })
  .superRefine((system, ctx) => checkSystemSchedules(system, ctx))
  .superRefine(checkSystemTriggers);

const RETENTION_DAYS = [30, 60, 90, 180, 365, 731] as const;
/** CloudWatch Logs retention values from a month up: an audit trail is kept for years. */
const AUDIT_RETENTION_DAYS = [
  30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const configObject = z.strictObject({
  /** Where the stacks deploy; both optional (the CLI's defaults apply). */
  account: z
    .string()
    .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
    .optional(),
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region')
    .optional(),
  slack: z.strictObject({
    /** Channels where /webapp is accepted and runs are threaded. */
    channels: z.array(channelIdSchema).min(1),
    requesters: principals,
    approvers: principals,
    /** The requester may not approve their own run. */
    fourEyes: z.boolean().default(true),
    approvalTimeoutSeconds: z.int().min(60).max(86_400).default(3600),
    /** Who may ask `/webapp status`: requesters and approvers, or anyone in the channels. */
    statusAccess: z
      .enum(['requesters-and-approvers', 'channel'])
      .default('requesters-and-approvers'),
  }),
  /** Days the execution logs (the jobnet's execution log store) are kept. */
  logRetentionDays: z
    .literal(RETENTION_DAYS, { error: `must be one of ${RETENTION_DAYS.join(', ')}` })
    .default(90),
  /** The audit trail: a dedicated log group, kept `retentionDays` (default two years). */
  audit: z
    .strictObject({
      retentionDays: z
        .literal(AUDIT_RETENTION_DAYS, {
          error: `must be one of ${AUDIT_RETENTION_DAYS.join(', ')}`,
        })
        .default(731),
    })
    .default({ retentionDays: 731 }),
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
  demo: z.strictObject({ enabled: z.boolean().default(false) }).default({ enabled: false }),
  /** Holiday calendars the app deploys as SSM Change Calendars (see schedules-schema.ts). */
  calendars: calendarsSchema,
});

export const configSchema = configObject
  .superRefine(checkSystemsApart)
  .superRefine(checkSchedulesAgainstSlack)
  .superRefine(checkTriggersAgainstSlack)
  .superRefine(checkAnnounceChannels)
  .transform(withSystemDefaults);

/** Defaults that depend on other fields: the system's channel, its schedules' zone and calendar. */
function withSystemDefaults(config: z.output<typeof configObject>) {
  return {
    ...config,
    systems: config.systems.map((system) => ({
      ...system,
      channel: system.channel ?? config.slack.channels[0],
      schedules: withScheduleDefaults(system),
    })),
  };
}

/** The account and region of an ARN: `arn:partition:service:region:account:…`. */
function arnPlace(arn: string): { region: string; account: string } {
  const [, , , region = '', account = ''] = arn.split(':');
  return { region, account };
}

/**
 * What no single field can check: two systems with one maintenance rule slot would take each
 * other's page down, and an ARN outside the deployment's account or region cannot be one of
 * its resources (the roles are scoped to them).
 */
function checkSystemsApart(
  config: {
    account?: string;
    region?: string;
    systems: readonly {
      listenerArn: string;
      targetGroupArn: string;
      maintenancePage: { priority: number };
    }[];
  },
  ctx: z.RefinementCtx,
): void {
  const slots = new Map<string, number>();
  config.systems.forEach((system, index) => {
    const slot = `${system.listenerArn}#${system.maintenancePage.priority}`;
    const other = slots.get(slot);
    if (other !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['systems', index, 'maintenancePage', 'priority'],
        message: `systems ${other} and ${index} share this listener and rule priority`,
      });
    }
    slots.set(slot, index);
    for (const field of ['listenerArn', 'targetGroupArn'] as const) {
      const place = arnPlace(system[field]);
      if (config.account && place.account !== config.account) {
        ctx.addIssue({
          code: 'custom',
          path: ['systems', index, field],
          message: `is in account ${place.account}, not the configured account ${config.account}`,
        });
      }
      if (config.region && place.region !== config.region) {
        ctx.addIssue({
          code: 'custom',
          path: ['systems', index, field],
          message: `is in region ${place.region}, not the configured region ${config.region}`,
        });
      }
    }
  });
}

export type AppConfigInput = z.input<typeof configSchema>;
export type AppConfig = z.output<typeof configSchema>;
export type SystemConfig = AppConfig['systems'][number];
