import type { CreateScheduleCommandInput } from '@aws-sdk/client-scheduler';
import type { ScheduleDeploymentTargets } from './schedule-deployment';
import type { AppConfig } from './schema';

/**
 * The Aurora watch as it is deployed — its daily check's schedule and its EventBridge rule's
 * pattern — built once here, so the CDK app and the local mode deploy the same.
 */

/** The daily check's schedule, in the app's group. */
export const AURORA_DAILY_CHECK_SCHEDULE = 'aurora-watch-daily-check';
/**
 * Once a day at 00:00 UTC (09:00 in Tokyo, evening before in the Americas): each stop's restart
 * falls within exactly one check's next 24 hours, so each is warned once, a day or less ahead.
 */
export const AURORA_DAILY_CHECK_EXPRESSION = 'cron(0 0 * * ? *)';
/** A check that still fails after these retries is no use a day later: the next one runs. */
export const AURORA_DAILY_CHECK_RETRY = { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 };

/** The systems the watch looks after, with their clusters. */
export function watchedClusters(config: Pick<AppConfig, 'systems'>): string[] {
  return config.systems.filter((s) => s.auroraWatch !== undefined).map((s) => s.dbClusterId);
}

/**
 * The rule's event pattern on the default bus: RDS-EVENT-0153 (AWS started a cluster stopped for
 * 7 days) of the watched clusters only; undefined when no system has the watch on.
 */
export function auroraWatchEventPattern(
  config: Pick<AppConfig, 'systems'>,
): { source: string[]; 'detail-type': string[]; detail: Record<string, string[]> } | undefined {
  const clusters = [...new Set(watchedClusters(config))];
  if (clusters.length === 0) return undefined;
  return {
    source: ['aws.rds'],
    'detail-type': ['RDS DB Cluster Event'],
    detail: { EventID: ['RDS-EVENT-0153'], SourceIdentifier: clusters },
  };
}

/** The daily check's CreateSchedule input: the watch function, with the check as its input. */
export function auroraDailyCheckSchedule(
  targets: Omit<ScheduleDeploymentTargets, 'now'>,
): CreateScheduleCommandInput {
  return {
    Name: AURORA_DAILY_CHECK_SCHEDULE,
    GroupName: targets.groupName,
    ScheduleExpression: AURORA_DAILY_CHECK_EXPRESSION,
    ScheduleExpressionTimezone: 'UTC',
    Description: 'Aurora watch: warns a day before AWS starts a stopped DB cluster',
    State: 'ENABLED',
    FlexibleTimeWindow: { Mode: 'OFF' },
    ActionAfterCompletion: 'NONE',
    Target: {
      Arn: targets.targetArn,
      RoleArn: targets.roleArn,
      Input: JSON.stringify({ kind: 'daily-check', scheduledAt: '<aws.scheduler.scheduled-time>' }),
      RetryPolicy: { ...AURORA_DAILY_CHECK_RETRY },
      DeadLetterConfig: { Arn: targets.deadLetterArn },
    },
  };
}
