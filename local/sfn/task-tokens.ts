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
  constructor(code: 'TaskDoesNotExist' | 'TaskTimedOut' | 'InvalidToken', message: string) {
    super(message);
    this.name = code;
  }
}

interface PendingTask {
  readonly token: string;
  readonly executionArn: string;
  readonly stateName: string;
  readonly payload: unknown;
  settle?: { resolve: (output: unknown) => void; reject: (error: Error) => void };
  timer?: ReturnType<typeof setTimeout>;
  status: 'waiting' | 'succeeded' | 'failed' | 'timed-out';
}

/**
 * The callback half of `.waitForTaskToken`, which the local interpreter does not model: each
 * waiting task gets a fresh token here, and SendTaskSuccess / SendTaskFailure settle it with
 * the same rules as the service (a settled or timed-out token cannot be used again).
 */
export class TaskTokenBroker {
  private readonly tasks = new Map<string, PendingTask>();

  /** Mints a token for a task that is about to wait. */
  open(executionArn: string, stateName: string, payload: unknown): string {
    const token = `local-token-${randomUUID()}`;
    this.tasks.set(token, { token, executionArn, stateName, payload, status: 'waiting' });
    return token;
  }

  /** Resolves with the SendTaskSuccess output, rejects with the SendTaskFailure error. */
  wait(token: string, timeoutMs: number): Promise<unknown> {
    const task = this.get(token);
    return new Promise((resolve, reject) => {
      task.settle = { resolve, reject };
      // The interpreter fails the state with States.Timeout at the same moment; this only
      // retires the token so a late click gets TaskTimedOut, as it would from the service.
      task.timer = setTimeout(() => {
        if (task.status === 'waiting') task.status = 'timed-out';
      }, timeoutMs);
    });
  }

  sendTaskSuccess(token: string, output: unknown): void {
    const task = this.settleable(token);
    task.status = 'succeeded';
    clearTimeout(task.timer);
    task.settle?.resolve(output);
  }

  sendTaskFailure(token: string, error: string, cause: string): void {
    const task = this.settleable(token);
    task.status = 'failed';
    clearTimeout(task.timer);
    task.settle?.reject(new TaskFailure(error, cause));
  }

  /** Tasks still waiting for a decision, oldest first. */
  waiting(): { token: string; executionArn: string; stateName: string; payload: unknown }[] {
    return [...this.tasks.values()]
      .filter((t) => t.status === 'waiting')
      .map(({ token, executionArn, stateName, payload }) => ({
        token,
        executionArn,
        stateName,
        payload,
      }));
  }

  /**
   * Retires every token of an execution that ended (failed, aborted) while a task waited; the
   * waiting task is released with States.Aborted so nothing is left pending.
   */
  closeExecution(executionArn: string): void {
    for (const task of this.tasks.values()) {
      if (task.executionArn === executionArn && task.status === 'waiting') {
        task.status = 'timed-out';
        clearTimeout(task.timer);
        task.settle?.reject(new TaskFailure('States.Aborted', 'The execution ended'));
      }
    }
  }

  private settleable(token: string): PendingTask {
    const task = this.get(token);
    if (task.status === 'timed-out') throw new TaskTokenError('TaskTimedOut', 'Task Timed Out');
    if (task.status !== 'waiting')
      throw new TaskTokenError('TaskDoesNotExist', 'Task does not exist anymore');
    return task;
  }

  private get(token: string): PendingTask {
    const task = this.tasks.get(token);
    if (!task) throw new TaskTokenError('InvalidToken', 'Invalid token');
    return task;
  }
}
