import { randomUUID } from 'node:crypto';

/** An error as SendTaskFailure delivers it: Step Functions matches Catch on `name`. */
export class TaskFailure extends Error {
  constructor(error: string, cause: string) {
    super(cause);
    this.name = error;
  }
}

/** Errors the local SendTask* calls throw, named as the Step Functions API names them. */
export class TaskTokenError extends Error {
  constructor(code: 'TaskTimedOut' | 'InvalidToken', message: string) {
    super(message);
    this.name = code;
  }
}

/** Calls `fire` after `ms` of the service's time; the returned function cancels it. */
export type Timer = (ms: number, fire: () => void) => () => void;

/** The global setTimeout: wall-clock time, or virtual time where a test fakes the timers. */
export const globalTimer: Timer = (ms, fire) => {
  const handle = setTimeout(fire, ms);
  return () => clearTimeout(handle);
};

interface PendingTask {
  readonly token: string;
  readonly executionArn: string;
  readonly stateName: string;
  readonly payload: unknown;
  readonly outcome: Promise<unknown>;
  open: boolean;
  resolve(output: unknown): void;
  reject(error: Error): void;
  cancelTimer(): void;
}

/**
 * The callback half of `.waitForTaskToken`, which the local interpreter does not model: each
 * waiting task gets a fresh token here, and SendTaskSuccess / SendTaskFailure settle it with
 * the service's rules. A token is good until its task closes — decided, timed out, or ended
 * with its execution; after that the service answers TaskTimedOut ("the task associated with
 * the token has already been closed"), and InvalidToken for a token it never issued.
 */
export class TaskTokenBroker {
  private readonly tasks = new Map<string, PendingTask>();
  /** Executions that ended: a branch still finishing its function gets no new waiting task. */
  private readonly ended = new Set<string>();

  /** `timer` counts the tasks' TimeoutSeconds, on the same clock as the rest of the service. */
  constructor(private readonly timer: Timer = globalTimer) {}

  /**
   * Mints a token for a task that is being scheduled; its timeout runs from now, as the
   * service counts it from the task's start.
   */
  open(executionArn: string, stateName: string, payload: unknown, timeoutMs: number): string {
    const token = `local-token-${randomUUID()}`;
    let resolve!: PendingTask['resolve'];
    let reject!: PendingTask['reject'];
    const outcome = new Promise<unknown>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // A timeout may come before anyone waits (while the function still runs): not unhandled.
    outcome.catch(() => undefined);
    const task: PendingTask = {
      token,
      executionArn,
      stateName,
      payload,
      outcome,
      open: true,
      resolve,
      reject,
      cancelTimer: () => undefined,
    };
    this.tasks.set(token, task);
    // The service schedules no task for an ended execution: a branch still finishing its
    // function gets a closed one, and no timer is left running for it.
    if (this.ended.has(executionArn)) {
      this.close(task);
      task.reject(new TaskFailure('States.Aborted', 'The execution ended'));
      return token;
    }
    task.cancelTimer = this.timer(timeoutMs, () => {
      if (!task.open) return;
      this.close(task);
      task.reject(new TaskFailure('States.Timeout', `${stateName} timed out`));
    });
    return token;
  }

  /** Resolves with the SendTaskSuccess output; rejects with the SendTaskFailure error or States.Timeout. */
  wait(token: string): Promise<unknown> {
    return this.get(token).outcome;
  }

  sendTaskSuccess(token: string, output: unknown): void {
    const task = this.settleable(token);
    this.close(task);
    task.resolve(output);
  }

  sendTaskFailure(token: string, error: string, cause: string): void {
    const task = this.settleable(token);
    this.close(task);
    task.reject(new TaskFailure(error, cause));
  }

  /** Closes a token nobody will wait on: the function that should have passed it on failed. */
  retire(token: string): void {
    this.close(this.get(token));
  }

  /** Tasks still waiting for a decision, oldest first. */
  waiting(): { token: string; executionArn: string; stateName: string; payload: unknown }[] {
    return [...this.tasks.values()]
      .filter((t) => t.open)
      .map(({ token, executionArn, stateName, payload }) => ({
        token,
        executionArn,
        stateName,
        payload,
      }));
  }

  /**
   * Closes every token of an execution that ended (failed, aborted) while a task waited; the
   * waiting task is released with States.Aborted so nothing is left pending.
   */
  closeExecution(executionArn: string): void {
    this.ended.add(executionArn);
    for (const task of this.tasks.values()) {
      if (task.executionArn === executionArn && task.open) {
        this.close(task);
        task.reject(new TaskFailure('States.Aborted', 'The execution ended'));
      }
    }
  }

  /** A redriven execution runs again under its ARN: its tasks wait again. */
  reopenExecution(executionArn: string): void {
    this.ended.delete(executionArn);
  }

  private close(task: PendingTask): void {
    task.open = false;
    task.cancelTimer();
  }

  private settleable(token: string): PendingTask {
    const task = this.get(token);
    if (!task.open) {
      throw new TaskTokenError(
        'TaskTimedOut',
        'Task Timed Out: the task token has expired or its task has already been closed',
      );
    }
    return task;
  }

  private get(token: string): PendingTask {
    const task = this.tasks.get(token);
    if (!task) throw new TaskTokenError('InvalidToken', `Invalid Token: '${token}'`);
    return task;
  }
}
