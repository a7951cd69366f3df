import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  type CreateScheduleCommandInput,
  type SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { firingInput, SCHEDULE_RETRY_POLICY } from '../../config/schedule-deployment';
import { toWallClock } from '../../contract/zoned-time';
import type { OneOff } from './schedule-state';

/** Where the one-time schedules go and what they invoke: the app's group and starter. */
export interface OneOffScheduleTarget {
  readonly groupName: string;
  /** The role EventBridge Scheduler assumes to invoke the starter. */
  readonly roleArn: string;
  /** The scheduled-run starter function. */
  readonly targetArn: string;
  /** Where a firing goes when every retry failed. */
  readonly deadLetterArn: string;
}

/** The one-time schedule's name: one per one-off run, so a second create cannot add another. */
export function oneOffScheduleName(id: string): string {
  return `oneoff-${id}`;
}

/**
 * `2026-12-05T22:00:00`: the one-off's instant as the wall clock in its zone reads it, which is
 * what `at()` takes alongside ScheduleExpressionTimezone.
 */
export function wallClockIn(instant: Date, timeZone: string): string {
  return toWallClock(instant, timeZone).toISOString().slice(0, 19);
}

/**
 * The one-time EventBridge Scheduler schedules of one-off runs: created when an approver
 * approves the run, deleting themselves once fired, deleted when the run is cancelled. What
 * fires carries ids only; the starter checks the one-off record the bot wrote at the click.
 */
export class OneOffSchedules {
  /** `scheduler` undefined: there is no Scheduler here, and creating a schedule says so. */
  constructor(
    private readonly scheduler?: OneOffScheduleTarget & { readonly client: SchedulerClient },
  ) {}

  /** The CreateSchedule input for a one-off: exposed so tests and docs show exactly what goes out. */
  input(
    oneOff: Pick<OneOff, 'id' | 'system' | 'at' | 'timeZone'>,
    target: OneOffScheduleTarget = this.configured(),
  ): CreateScheduleCommandInput {
    return {
      Name: oneOffScheduleName(oneOff.id),
      GroupName: target.groupName,
      ScheduleExpression: `at(${wallClockIn(new Date(oneOff.at), oneOff.timeZone)})`,
      ScheduleExpressionTimezone: oneOff.timeZone,
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      // The one-off's id: a create repeated after a lost answer is the same request.
      ClientToken: oneOff.id,
      Description: `One-off run ${oneOff.id} of ${oneOff.system}`,
      Target: {
        Arn: target.targetArn,
        RoleArn: target.roleArn,
        // The starter keys its dedupe on the scheduled time Scheduler fills in.
        Input: firingInput({ kind: 'one-off', system: oneOff.system, oneOffId: oneOff.id }),
        RetryPolicy: { ...SCHEDULE_RETRY_POLICY },
        DeadLetterConfig: { Arn: target.deadLetterArn },
      },
    };
  }

  /**
   * Creates the one-off's schedule. A schedule of that name already there is this one-off's own
   * (the name is its id), left by a create whose answer was lost: it counts as created.
   */
  async create(
    oneOff: Pick<OneOff, 'id' | 'system' | 'at' | 'timeZone'>,
    signal?: AbortSignal,
  ): Promise<void> {
    const scheduler = this.configured();
    try {
      await scheduler.client.send(new CreateScheduleCommand(this.input(oneOff, scheduler)), {
        abortSignal: signal,
      });
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error;
    }
  }

  /** Deletes the one-off's schedule; one already gone (fired, or never made) is fine. */
  async delete(id: string, signal?: AbortSignal): Promise<void> {
    // Without a Scheduler no schedule was ever made.
    if (!this.scheduler) return;
    const { client, groupName } = this.scheduler;
    try {
      await client.send(
        new DeleteScheduleCommand({ Name: oneOffScheduleName(id), GroupName: groupName }),
        { abortSignal: signal },
      );
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  }

  private configured(): OneOffScheduleTarget & { readonly client: SchedulerClient } {
    if (!this.scheduler) throw new SchedulerNotConfigured();
    return this.scheduler;
  }
}

/** There is no EventBridge Scheduler to create a one-time schedule in. */
export class SchedulerNotConfigured extends Error {
  override readonly name = 'SchedulerNotConfigured';
  constructor() {
    super('no EventBridge Scheduler is set up here, so a one-off run cannot be scheduled');
  }
}
