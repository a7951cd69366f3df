import { z } from 'zod';
import { parseScheduleExpression } from '../contract/schedule-expression';
import { NEVER_FIRES_YEARS, neverFires } from '../contract/schedule-occurrences';
import { APPROVAL_POLICIES } from '../contract/run-trigger';
import { channelIdSchema, checkHoldWindow, firerNameSchema } from './shared-fields';
import { isTimeZone } from '../contract/zoned-time';

/**
 * The scheduled runs of the configuration: each system's periodic schedules (deployed as
 * EventBridge Scheduler schedules) and the holiday calendars (deployed as SSM Change Calendars).
 */

export { APPROVAL_POLICIES, type ApprovalPolicy } from '../contract/run-trigger';

/** How long an unless-held run waits for a Hold when its schedule names no window. */
export const DEFAULT_HOLD_WINDOW_MINUTES = 15;

/** EventBridge Scheduler's limit on a schedule name, which is `${system}-${schedule}`. */
export const SCHEDULE_NAME_MAX = 64;

/** The EventBridge Scheduler schedule of a system's schedule. */
export function eventBridgeScheduleName(system: string, schedule: string): string {
  return `${system}-${schedule}`;
}

export const timeZoneSchema = z.string().superRefine((zone, ctx) => {
  if (!isTimeZone(zone)) {
    ctx.addIssue({
      code: 'custom',
      message: `unknown time zone "${zone}": use an IANA name such as Asia/Tokyo or UTC`,
    });
  }
});

/** An SSM document name; AWS keeps the aws, amazon and amzn prefixes for its own. */
const calendarName = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{3,128}$/, 'must be 3-128 letters, digits, _, - or .')
  .refine((name) => !/^(aws|amazon|amzn)/i.test(name), {
    message: 'must not begin with aws, amazon or amzn (AWS keeps those for its own documents)',
  });

/** A Change Calendar a schedule checks: one of `calendars`, or another's name or ARN. */
const calendarRef = z
  .string()
  .regex(
    /^([A-Za-z0-9_.-]{3,128}|arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:document\/[A-Za-z0-9_.-]{3,128})$/,
    'must be a Change Calendar name (3-128 letters, digits, _, - or .) or its ARN',
  );

/** Whether a text is an iCalendar file (RFC 5545): it begins with BEGIN:VCALENDAR. */
export function isICalendar(text: string): boolean {
  return /^BEGIN:VCALENDAR[ \t]*(\r?\n|$)/i.test(text.replace(/^\uFEFF/, '').trimStart());
}

export const ICALENDAR_PROBLEM = 'is not an iCalendar file: it must begin with BEGIN:VCALENDAR';

const expressionSchema = z.string().superRefine((text, ctx) => {
  const parsed = parseScheduleExpression(text);
  if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
  else if (parsed.kind === 'at') {
    ctx.addIssue({
      code: 'custom',
      message: 'at(…) is for the one-off runs the bot creates; a schedule takes cron(…) or rate(…)',
    });
  }
});

export const scheduleSchema = z
  .strictObject({
    name: firerNameSchema,
    jobnet: z.enum(['stop', 'start']),
    /** EventBridge Scheduler syntax: `cron(min hour dom month dow year)` or `rate(n unit)`. */
    expression: expressionSchema,
    /** Where the expression's times are read; default the system's. */
    timeZone: timeZoneSchema.optional(),
    approval: z.enum(APPROVAL_POLICIES),
    /** unless-held only: minutes an approver has to Hold before the run proceeds. */
    holdWindowMinutes: z.int().min(1).optional(),
    /** A Change Calendar that skips the run while CLOSED; default the system's. */
    calendar: calendarRef.optional(),
    /** EventBridge Scheduler may start the run up to this many minutes late, to spread load. */
    flexibleWindowMinutes: z.int().min(1).max(1440).optional(),
    description: z.string().max(200).optional(),
  })
  .superRefine((schedule, ctx) => checkHoldWindow('schedule', schedule, ctx));

/** The system fields for scheduled runs; added to the system schema. */
export const systemScheduleFields = {
  /** Where one-off times and the schedules' times are read (IANA name). */
  timeZone: timeZoneSchema.default('UTC'),
  /** Where scheduled runs post their root message; default the first of slack.channels. */
  channel: channelIdSchema.optional(),
  /** A Change Calendar for every schedule of the system that names none. */
  calendar: calendarRef.optional(),
  schedules: z.array(scheduleSchema).default([]),
};

/**
 * A holiday calendar the app deploys: an iCalendar file, read relative to the configuration
 * file by `loadConfigFile`, which puts its text in `content`. A configuration built in code may
 * give `content` itself; one given only a `file` and parsed without a folder keeps no content.
 */
export const calendarSchema = z
  .strictObject({
    name: calendarName,
    file: z.string().min(1).optional(),
    content: z.string().optional(),
  })
  .superRefine((calendar, ctx) => {
    if (calendar.file === undefined && calendar.content === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'give file (an iCalendar file, relative to the configuration file) or content',
      });
    } else if (calendar.content !== undefined && !isICalendar(calendar.content)) {
      ctx.addIssue({ code: 'custom', path: ['content'], message: ICALENDAR_PROBLEM });
    }
  });

export const calendarsSchema = z
  .array(calendarSchema)
  .default([])
  .superRefine((calendars, ctx) => {
    calendars.forEach((calendar, index) => {
      if (calendars.findIndex((other) => other.name === calendar.name) < index) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'name'],
          message: `another calendar is named ${calendar.name}`,
        });
      }
    });
  });

type ScheduleInput = z.output<typeof scheduleSchema>;

/** The hold window a schedule runs with: its own, the default for unless-held, else none. */
export function holdWindowMinutes(schedule: ScheduleInput): number | undefined {
  return (
    schedule.holdWindowMinutes ??
    (schedule.approval === 'unless-held' ? DEFAULT_HOLD_WINDOW_MINUTES : undefined)
  );
}

interface SchedulingSystem {
  readonly name: string;
  readonly timeZone: string;
  readonly channel?: string;
  readonly schedules: readonly ScheduleInput[];
}

/**
 * What no single schedule of a system can check: names unique within the system and short
 * enough for EventBridge, an expression that fires in its zone (from `now`).
 */
export function checkSystemSchedules(
  system: SchedulingSystem,
  ctx: z.RefinementCtx,
  now: Date = new Date(),
): void {
  system.schedules.forEach((schedule, j) => {
    const at = (field: string) => ['schedules', j, field];
    if (system.schedules.findIndex((other) => other.name === schedule.name) < j) {
      ctx.addIssue({
        code: 'custom',
        path: at('name'),
        message: `another schedule of ${system.name} is named ${schedule.name}`,
      });
    }
    // The name rules keep this within 24 + 1 + 24 characters today; EventBridge's limit holds
    // whatever they become.
    const fullName = eventBridgeScheduleName(system.name, schedule.name);
    if (fullName.length > SCHEDULE_NAME_MAX) {
      ctx.addIssue({
        code: 'custom',
        path: at('name'),
        message: `${fullName} is longer than the ${SCHEDULE_NAME_MAX} characters of an EventBridge schedule name`,
      });
    }
    // Zod runs this check even when a field failed its own; those are reported already.
    const zone = schedule.timeZone ?? system.timeZone;
    const expression = parseScheduleExpression(schedule.expression);
    if (typeof expression === 'string' || !isTimeZone(zone)) return;
    if (neverFires(expression, zone, now)) {
      ctx.addIssue({
        code: 'custom',
        path: at('expression'),
        message: `never fires: no occurrence in the next ${NEVER_FIRES_YEARS} years (${zone})`,
      });
    }
  });
}

/**
 * What needs the Slack settings: a channel the bot is in, a hold window inside the approval
 * timeout (else the approval would expire before the run proceeds).
 */
export function checkSchedulesAgainstSlack(
  config: {
    slack: { channels: readonly string[]; approvalTimeoutSeconds: number };
    systems: readonly SchedulingSystem[];
  },
  ctx: z.RefinementCtx,
): void {
  const timeoutMinutes = Math.floor(config.slack.approvalTimeoutSeconds / 60);
  config.systems.forEach((system, i) => {
    if (system.channel !== undefined && !config.slack.channels.includes(system.channel)) {
      ctx.addIssue({
        code: 'custom',
        path: ['systems', i, 'channel'],
        message: `must be one of slack.channels (${config.slack.channels.join(', ')})`,
      });
    }
    system.schedules.forEach((schedule, j) => {
      const hold = holdWindowMinutes(schedule);
      if (hold !== undefined && hold > timeoutMinutes) {
        ctx.addIssue({
          code: 'custom',
          path: ['systems', i, 'schedules', j, 'holdWindowMinutes'],
          message: `must be at most ${timeoutMinutes} minutes, the approval timeout (slack.approvalTimeoutSeconds); without a value it is ${DEFAULT_HOLD_WINDOW_MINUTES}`,
        });
      }
    });
  });
}

/**
 * A system's schedules with the defaults filled in: the system's time zone and calendar, the
 * default hold window of an unless-held schedule.
 */
export function withScheduleDefaults(system: {
  readonly timeZone: string;
  readonly calendar?: string;
  readonly schedules: readonly ScheduleInput[];
}): ScheduleConfig[] {
  return system.schedules.map((schedule) => {
    const calendar = schedule.calendar ?? system.calendar;
    const hold = holdWindowMinutes(schedule);
    return {
      ...schedule,
      timeZone: schedule.timeZone ?? system.timeZone,
      ...(calendar === undefined ? {} : { calendar }),
      ...(hold === undefined ? {} : { holdWindowMinutes: hold }),
    };
  });
}

/** A schedule as the app reads it: time zone resolved, calendar and hold window if any. */
export type ScheduleConfig = ScheduleInput & { readonly timeZone: string };
