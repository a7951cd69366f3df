import { randomUUID } from 'node:crypto';
import { nextOccurrences } from '../contract/schedule-occurrences';
import type { ScheduleRecord, SimulatedAccount } from './sim-aws';
import {
  errorText,
  renderInput,
  type DeadLetter,
  type ExhaustedRetryCondition,
  type LocalSchedulerEvent,
  type TargetFunction,
  type TargetInvocation,
} from './scheduler-target';

/** The service's retry policy when a target sets none: 185 retries within 24 hours. */
const DEFAULT_RETRY = { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 };
/** setTimeout's longest delay; a longer wait wakes early and re-arms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The simulated clock the scheduler fires on (a ScaledClock, or any clock with a timer). */
export interface SchedulerClock {
  now(): number;
  /** Calls `fire` at the simulated instant (an occurrence or a retry is due at an instant). */
  at(epochMs: number, fire: () => void): () => void;
}

export interface LocalSchedulerOptions {
  readonly account: SimulatedAccount;
  readonly clock: SchedulerClock;
  /**
   * Simulated milliseconds before retry `n` (1 for the first retry). Default: 30 s doubling
   * each time, at most 5 min — the service backs off exponentially but does not publish its
   * steps.
   */
  readonly retryDelayMs?: (retry: number) => number;
  /** `<aws.scheduler.execution-id>` of each attempt; default a random UUID. */
  readonly newExecutionId?: () => string;
}

/** The next thing the scheduler will do on its own: an occurrence, or a retry of one. */
export interface NextFiring {
  readonly at: Date;
  readonly scheduleArn: string;
  readonly name: string;
  readonly groupName: string;
  /** 1 for an occurrence's first delivery, more for a retry. */
  readonly attempt: number;
}

/** Where a schedule's firings stand: the last occurrence handled, and the version read. */
interface Cursor {
  after: number;
  modifiedAt: number;
  /** The next occurrence after `after`, once computed; null when there is none. */
  next?: number | null;
}

interface PendingRetry extends NextFiring {
  readonly cancel: () => void;
}

/** One occurrence on its way to the target (twice when delivered twice). */
interface Delivery {
  readonly schedule: ScheduleRecord;
  readonly scheduledTime: Date;
  readonly duplicate: boolean;
}

const defaultRetryDelay = (retry: number) => Math.min(30_000 * 2 ** (retry - 1), 300_000);

/**
 * EventBridge Scheduler's firing, on the simulated clock: each ENABLED schedule of the simulated
 * account fires its target at each occurrence (in its time zone, from its StartDate, up to its
 * EndDate; a flexible window is taken as zero), with the Input's context attributes filled in.
 * A target is a local function registered by its ARN. A failed invocation is retried with
 * backoff within the schedule's RetryPolicy and then dead-lettered; a one-time schedule with
 * ActionAfterCompletion DELETE is deleted once done. When the clock jumps, the occurrences it
 * passed over fire in order, each once. Schedules changed through the API are planned again at
 * once.
 */
export class LocalScheduler {
  /** Every occurrence that exhausted its retries, oldest first. */
  readonly deadLetters: DeadLetter[] = [];
  private readonly targets = new Map<string, TargetFunction>();
  private readonly cursors = new Map<number, Cursor>();
  private readonly listeners = new Set<(event: LocalSchedulerEvent) => void>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly retries = new Set<PendingRetry>();
  /** Schedule ARNs whose next occurrence is delivered twice. */
  private readonly twice = new Set<string>();
  private readonly retryDelayMs: (retry: number) => number;
  private readonly newExecutionId: () => string;
  private cancelTimer?: () => void;
  private unsubscribe?: () => void;
  private running = false;

  constructor(private readonly options: LocalSchedulerOptions) {
    this.retryDelayMs = options.retryDelayMs ?? defaultRetryDelay;
    this.newExecutionId = options.newExecutionId ?? randomUUID;
  }

  /**
   * The function that stands for the target with this ARN; registering again replaces it. The
   * event is the rendered Input parsed as JSON, unchecked (as Lambda hands it over): `E` is
   * what the target expects it to be.
   */
  registerTarget<E = unknown>(
    arn: string,
    target: (event: E, invocation: TargetInvocation) => Promise<unknown>,
  ): void {
    this.targets.set(arn, target as TargetFunction);
  }

  /** Calls `listener` for every event; the returned function unsubscribes. */
  onEvent(listener: (event: LocalSchedulerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts firing; occurrences since each schedule's creation that were missed fire now. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.options.account.onSchedulesChanged(() => {
      // A change within the same millisecond as the last leaves modifiedAt as it was.
      for (const cursor of this.cursors.values()) cursor.next = undefined;
      this.plan();
    });
    this.fireDue();
  }

  /** Stops firing and cancels pending retries; invocations under way finish (see idle). */
  stop(): void {
    this.running = false;
    this.unsubscribe?.();
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    for (const retry of this.retries) retry.cancel();
    this.retries.clear();
  }

  /**
   * Delivers the schedule's next occurrence twice, as EventBridge Scheduler (at least once) may:
   * two invocations with the same scheduled time and different execution ids, at once.
   */
  deliverTwice(name: string, groupName?: string): void {
    this.twice.add(this.schedule(name, groupName).arn);
  }

  /** The earliest next occurrence or retry of every schedule; undefined when none is left. */
  nextFiring(): NextFiring | undefined {
    const candidates: NextFiring[] = [...this.retries];
    for (const schedule of this.enabled()) {
      const at = this.nextOf(schedule);
      if (at !== null) {
        const { arn: scheduleArn, name, groupName } = schedule;
        candidates.push({ at: new Date(at), scheduleArn, name, groupName, attempt: 1 });
      }
    }
    return candidates.sort((a, b) => a.at.getTime() - b.at.getTime())[0];
  }

  /** Resolves once no invocation is under way (retries waiting on the clock do not count). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private schedule(name: string, groupName?: string): ScheduleRecord {
    const matches = this.options.account
      .schedules()
      .filter((s) => s.name === name && (groupName === undefined || s.groupName === groupName));
    if (matches.length !== 1) {
      const which = groupName === undefined ? name : `${groupName}/${name}`;
      throw new Error(
        matches.length === 0 ? `no schedule ${which}` : `${which} is in several groups`,
      );
    }
    return matches[0];
  }

  /** The account's ENABLED schedules, their cursors brought up to date. */
  private enabled(): ScheduleRecord[] {
    const schedules = this.options.account.schedules();
    const present = new Set(schedules.map((s) => s.serial));
    for (const serial of this.cursors.keys()) if (!present.has(serial)) this.cursors.delete(serial);
    for (const s of schedules) {
      const cursor = this.cursors.get(s.serial);
      if (cursor === undefined) {
        this.cursors.set(s.serial, { after: s.createdAt, modifiedAt: s.modifiedAt });
      } else if (s.modifiedAt !== cursor.modifiedAt) {
        // An updated schedule counts from its update, as the service plans it anew.
        cursor.after = Math.max(cursor.after, s.modifiedAt);
        cursor.modifiedAt = s.modifiedAt;
        cursor.next = undefined;
      }
    }
    return schedules.filter((s) => s.state === 'ENABLED');
  }

  /** The schedule's first occurrence after its cursor, within its dates; null when none. */
  private nextOf(s: ScheduleRecord): number | null {
    const cursor = this.cursors.get(s.serial) as Cursor;
    if (cursor.next !== undefined) return cursor.next;
    const oneTime = s.expression.startsWith('at(');
    const startDate =
      oneTime || s.startDate === undefined ? undefined : { startDate: new Date(s.startDate) };
    const [next] = nextOccurrences(
      s.expression,
      s.timeZone ?? 'UTC',
      new Date(cursor.after),
      1,
      startDate,
    );
    const ended = next && !oneTime && s.endDate !== undefined && next.getTime() > s.endDate;
    cursor.next = next && !ended ? next.getTime() : null;
    return cursor.next;
  }

  /** Arms the one timer for the earliest next occurrence. */
  private plan(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    if (!this.running) return;
    let earliest: number | null = null;
    for (const s of this.enabled()) {
      const at = this.nextOf(s);
      if (at !== null && (earliest === null || at < earliest)) earliest = at;
    }
    if (earliest === null) return;
    // At the occurrence itself: a delay computed from now would land after it by however long
    // the computation took while the clock ran on, and a jump to the occurrence would miss it.
    const due = Math.min(earliest, this.options.clock.now() + MAX_TIMER_MS);
    this.cancelTimer = this.options.clock.at(due, () => this.fireDue());
  }

  /** Fires every occurrence due by now, earliest first across schedules, then re-arms. */
  private fireDue(): void {
    this.cancelTimer = undefined;
    const now = this.options.clock.now();
    for (;;) {
      let due: { schedule: ScheduleRecord; at: number } | undefined;
      for (const schedule of this.enabled()) {
        const at = this.nextOf(schedule);
        if (at !== null && at <= now && (due === undefined || at < due.at)) due = { schedule, at };
      }
      if (due === undefined) break;
      const cursor = this.cursors.get(due.schedule.serial) as Cursor;
      cursor.after = due.at;
      cursor.next = undefined;
      this.deliver(due.schedule, new Date(due.at));
    }
    this.plan();
  }

  private deliver(schedule: ScheduleRecord, scheduledTime: Date): void {
    this.attempt({ schedule, scheduledTime, duplicate: false }, 1, scheduledTime.getTime());
    if (this.twice.delete(schedule.arn)) {
      this.attempt({ schedule, scheduledTime, duplicate: true }, 1, scheduledTime.getTime());
    }
  }

  /** One attempt, planned for simulated time `plannedAt` (earlier than now after a jump). */
  private attempt(delivery: Delivery, attempt: number, plannedAt: number): void {
    const { schedule, scheduledTime, duplicate } = delivery;
    const executionId = this.newExecutionId();
    const input = renderInput(schedule.target.Input ?? '{}', {
      scheduleArn: schedule.arn,
      scheduledTime,
      executionId,
      attempt,
    });
    const invocation: TargetInvocation = {
      scheduleArn: schedule.arn,
      scheduleName: schedule.name,
      groupName: schedule.groupName,
      targetArn: schedule.target.Arn,
      scheduledTime,
      executionId,
      attempt,
      input,
      duplicate,
    };
    const startedAt = this.options.clock.now();
    this.emit({ type: 'fired', at: startedAt, invocation });
    const target = this.targets.get(schedule.target.Arn);
    const run = (async () => {
      if (target === undefined) {
        throw new Error(`no local target is registered for ${schedule.target.Arn}`);
      }
      return target(JSON.parse(input) as unknown, invocation);
    })();
    const settled = run.then(
      (result) => this.succeeded(delivery, invocation, result),
      // The next attempt counts from when this one would have failed had it started on time.
      (error: unknown) =>
        this.failed(delivery, invocation, plannedAt + this.options.clock.now() - startedAt, error),
    );
    this.inFlight.add(settled);
    void settled.finally(() => this.inFlight.delete(settled));
  }

  private succeeded(delivery: Delivery, invocation: TargetInvocation, result: unknown): void {
    this.emit({ type: 'succeeded', at: this.options.clock.now(), invocation, result });
    this.completed(delivery);
  }

  private failed(
    delivery: Delivery,
    invocation: TargetInvocation,
    failedAt: number,
    error: unknown,
  ): void {
    const { schedule, scheduledTime } = delivery;
    const policy = { ...DEFAULT_RETRY, ...schedule.target.RetryPolicy };
    const retry = invocation.attempt;
    const retryAt = failedAt + this.retryDelayMs(retry);
    const tooOld = retryAt > scheduledTime.getTime() + policy.MaximumEventAgeInSeconds * 1000;
    const exhausted: ExhaustedRetryCondition | undefined =
      retry > policy.MaximumRetryAttempts
        ? 'MaximumRetryAttemptsExhausted'
        : tooOld
          ? 'MaximumEventAgeExhausted'
          : undefined;
    const now = this.options.clock.now();
    if (exhausted !== undefined) {
      const letter: DeadLetter = {
        invocation,
        ...(schedule.target.DeadLetterConfig?.Arn === undefined
          ? {}
          : { deadLetterArn: schedule.target.DeadLetterConfig.Arn }),
        attempts: invocation.attempt,
        error: errorText(error),
        exhausted,
        at: now,
      };
      this.deadLetters.push(letter);
      this.emit({ type: 'dead-lettered', at: now, letter });
      this.completed(delivery);
      return;
    }
    if (!this.running) return;
    this.emit({ type: 'retrying', at: now, invocation, error: errorText(error), retryAt });
    const pending: PendingRetry = {
      at: new Date(retryAt),
      scheduleArn: schedule.arn,
      name: schedule.name,
      groupName: schedule.groupName,
      attempt: retry + 1,
      cancel: this.options.clock.at(retryAt, () => {
        this.retries.delete(pending);
        this.attempt(delivery, retry + 1, retryAt);
      }),
    };
    this.retries.add(pending);
  }

  /** A one-time schedule that deletes itself after completion does so once it has been delivered. */
  private completed({ schedule }: Delivery): void {
    if (schedule.actionAfterCompletion !== 'DELETE' || !schedule.expression.startsWith('at(')) {
      return;
    }
    if (this.options.account.completeSchedule(schedule.serial)) {
      this.emit({ type: 'deleted', at: this.options.clock.now(), scheduleArn: schedule.arn });
    }
  }

  private emit(event: LocalSchedulerEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }
}

/** A LocalScheduler, started. */
export function startLocalScheduler(options: LocalSchedulerOptions): LocalScheduler {
  const scheduler = new LocalScheduler(options);
  scheduler.start();
  return scheduler;
}

export type {
  DeadLetter,
  ExhaustedRetryCondition,
  LocalSchedulerEvent,
  TargetFunction,
  TargetInvocation,
} from './scheduler-target';
