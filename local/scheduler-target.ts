/**
 * What the local scheduler hands a target and tells its listeners: the invocation of one
 * occurrence (with EventBridge Scheduler's context attributes filled in), and its outcomes.
 */

/** One attempt to deliver one occurrence of a schedule to its target. */
export interface TargetInvocation {
  readonly scheduleArn: string;
  readonly scheduleName: string;
  readonly groupName: string;
  readonly targetArn: string;
  /** The occurrence this delivers: `<aws.scheduler.scheduled-time>`. */
  readonly scheduledTime: Date;
  /** `<aws.scheduler.execution-id>`: new for every attempt. */
  readonly executionId: string;
  /** `<aws.scheduler.attempt-number>`: 1 for the first attempt. */
  readonly attempt: number;
  /** The target Input with the context attributes replaced, as sent. */
  readonly input: string;
  /** True for the second delivery of an occurrence (deliverTwice). */
  readonly duplicate: boolean;
}

/** A local function standing in for a target; a throw (or rejection) is a failed invocation. */
export type TargetFunction = (event: unknown, invocation: TargetInvocation) => Promise<unknown>;

/** Which limit of the retry policy ended the retries, as the dead-letter message names it. */
export type ExhaustedRetryCondition = 'MaximumRetryAttemptsExhausted' | 'MaximumEventAgeExhausted';

/** An occurrence whose every attempt failed: what the dead-letter queue would receive. */
export interface DeadLetter {
  readonly invocation: TargetInvocation;
  /** The schedule's DeadLetterConfig queue; without one the service drops the event. */
  readonly deadLetterArn?: string;
  readonly attempts: number;
  readonly error: string;
  readonly exhausted: ExhaustedRetryCondition;
  /** Simulated time it was dead-lettered. */
  readonly at: number;
}

/** What happened, for a transcript; `at` is simulated time. */
export type LocalSchedulerEvent =
  | { readonly type: 'fired'; readonly at: number; readonly invocation: TargetInvocation }
  | {
      readonly type: 'succeeded';
      readonly at: number;
      readonly invocation: TargetInvocation;
      readonly result: unknown;
    }
  | {
      readonly type: 'retrying';
      readonly at: number;
      readonly invocation: TargetInvocation;
      readonly error: string;
      /** Simulated time of the next attempt. */
      readonly retryAt: number;
    }
  | { readonly type: 'dead-lettered'; readonly at: number; readonly letter: DeadLetter }
  | {
      /** A one-time schedule with ActionAfterCompletion DELETE, deleted after it fired. */
      readonly type: 'deleted';
      readonly at: number;
      readonly scheduleArn: string;
    };

/** `2026-12-05T13:00:00Z`: ISO 8601 in UTC without milliseconds, as the service writes it. */
export function scheduledTimeText(time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The Input template with EventBridge Scheduler's context attributes replaced. */
export function renderInput(
  template: string,
  context: { scheduleArn: string; scheduledTime: Date; executionId: string; attempt: number },
): string {
  return template
    .replaceAll('<aws.scheduler.schedule-arn>', context.scheduleArn)
    .replaceAll('<aws.scheduler.scheduled-time>', scheduledTimeText(context.scheduledTime))
    .replaceAll('<aws.scheduler.execution-id>', context.executionId)
    .replaceAll('<aws.scheduler.attempt-number>', String(context.attempt));
}

/** An error in one line, for events and dead letters. */
export function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
