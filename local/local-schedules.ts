import {
  CreateScheduleCommand,
  CreateScheduleGroupCommand,
  type SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { scheduleDeployments, type ScheduleDeploymentTargets } from '../config/schedule-deployment';
import type { AppConfig } from '../config/schema';

/** The schedule group the local mode creates, as the CDK app creates its own. */
export const LOCAL_SCHEDULE_GROUP = 'webapp-chatops';

/** The local stand-ins for the group, the starter function, its role and dead-letter queue. */
export function localScheduleTargets(
  account: { region: string; accountId: string },
  now: Date,
): ScheduleDeploymentTargets {
  const { region, accountId } = account;
  return {
    groupName: LOCAL_SCHEDULE_GROUP,
    targetArn: `arn:aws:lambda:${region}:${accountId}:function:webapp-chatops-scheduled-run`,
    roleArn: `arn:aws:iam::${accountId}:role/webapp-chatops-scheduler`,
    deadLetterArn: `arn:aws:sqs:${region}:${accountId}:webapp-chatops-scheduled-run-dlq`,
    now,
  };
}

/**
 * Creates the schedule group and every configured schedule through the Scheduler API, with the
 * inputs the CDK app deploys (scheduleDeployments); returns the schedules' ARNs.
 */
export async function seedConfiguredSchedules(
  scheduler: SchedulerClient,
  config: Pick<AppConfig, 'systems'>,
  targets: ScheduleDeploymentTargets,
): Promise<string[]> {
  await scheduler.send(new CreateScheduleGroupCommand({ Name: targets.groupName }));
  const arns: string[] = [];
  for (const input of scheduleDeployments(config, targets)) {
    const { ScheduleArn } = await scheduler.send(new CreateScheduleCommand(input));
    if (ScheduleArn !== undefined) arns.push(ScheduleArn);
  }
  return arns;
}
