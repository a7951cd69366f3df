import type { CreateScheduleCommandInput } from '@aws-sdk/client-scheduler';
import { describeSchedule, parseScheduleExpression } from '../contract/schedule-expression';
import { nextOccurrences, RATE_ANCHOR_LOCAL } from '../contract/schedule-occurrences';
import { parseLocalDateTime } from '../contract/zoned-time';
import type { AppConfig } from './schema';
import { eventBridgeScheduleName } from './schedules-schema';

/** Where the schedules go and what they invoke: the app's group, starter, role and queue. */
export interface ScheduleDeploymentTargets {
  readonly groupName: string;
  /** The scheduled-run starter function. */
  readonly targetArn: string;
  /** The role EventBridge Scheduler assumes to invoke the starter. */
  readonly roleArn: string;
  /** The SQS queue an occurrence goes to once its retries are spent. */
  readonly deadLetterArn: string;
  /**
   * When the schedules are deployed. EventBridge Scheduler refuses a StartDate more than five
   * minutes past, so a rate() schedule deployed after its anchor starts at its next anchored
   * occurrence instead (same phase, so the same firings).
   */
  readonly now: Date;
}

/** Retries of the starter: a scheduled run that starts 15 minutes late is not worth starting. */
export const SCHEDULE_RETRY_POLICY = { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 900 };

/** The EventBridge Scheduler context attribute the starter reads its occurrence from. */
const SCHEDULED_TIME = '<aws.scheduler.scheduled-time>';

/**
 * The target input of a schedule, periodic or one-off: what the starter reads (its firing,
 * bot/scheduled-run/firing.ts), the scheduled time filled in by EventBridge Scheduler.
 */
export function firingInput(
  firing:
    | { readonly kind: 'schedule'; readonly system: string; readonly schedule: string }
    | { readonly kind: 'one-off'; readonly system: string; readonly oneOffId: string },
): string {
  return JSON.stringify({ ...firing, scheduledAt: SCHEDULED_TIME });
}

/**
 * The CreateSchedule input of every configured schedule, in configuration order: what the CDK
 * app deploys and what the local mode creates in its simulated account, so both fire the same
 * occurrences with the same input. Pure: the same configuration and targets give the same list.
 */
export function scheduleDeployments(
  config: Pick<AppConfig, 'systems'>,
  targets: ScheduleDeploymentTargets,
): CreateScheduleCommandInput[] {
  return config.systems.flatMap((system) =>
    system.schedules.map((schedule): CreateScheduleCommandInput => {
      const timeZone = schedule.timeZone ?? system.timeZone;
      const window = schedule.flexibleWindowMinutes;
      const startDate = rateStartDate(schedule.expression, timeZone, targets.now);
      return {
        Name: eventBridgeScheduleName(system.name, schedule.name),
        GroupName: targets.groupName,
        ScheduleExpression: schedule.expression,
        ScheduleExpressionTimezone: timeZone,
        Description: schedule.description ?? describeSchedule(schedule.expression, timeZone),
        ...(startDate === undefined ? {} : { StartDate: startDate }),
        State: 'ENABLED',
        FlexibleTimeWindow:
          window === undefined
            ? { Mode: 'OFF' }
            : { Mode: 'FLEXIBLE', MaximumWindowInMinutes: window },
        ActionAfterCompletion: 'NONE',
        Target: {
          Arn: targets.targetArn,
          RoleArn: targets.roleArn,
          Input: firingInput({ kind: 'schedule', system: system.name, schedule: schedule.name }),
          RetryPolicy: { ...SCHEDULE_RETRY_POLICY },
          DeadLetterConfig: { Arn: targets.deadLetterArn },
        },
      };
    }),
  );
}

/**
 * A rate counts from its StartDate: {@link RATE_ANCHOR_LOCAL} in the zone, so every deployment
 * (and the local mode) fires at the same instants — or, once that is past, the first of those
 * instants from `now` on. Cron schedules need none.
 */
export function rateStartDate(expression: string, timeZone: string, now: Date): Date | undefined {
  const parsed = parseScheduleExpression(expression);
  if (typeof parsed === 'string' || parsed.kind !== 'rate') return undefined;
  const anchor = parseLocalDateTime(RATE_ANCHOR_LOCAL, timeZone);
  if (typeof anchor === 'string') throw new Error(anchor);
  if (anchor >= now) return anchor;
  return nextOccurrences(parsed, timeZone, new Date(now.getTime() - 1), 1)[0];
}
