import { AsyncLocalStorage } from 'node:async_hooks';

/** Slack gives up on an answer after 3 s; ours is due well before, cold or warm. */
export const ANSWER_DEADLINE_MS = 2_500;

/**
 * Room kept for saying what happened: when a dependency gives up at its deadline, the reply
 * (an acknowledgement, or one more quick call) must still fit before the answer is due.
 */
export const REPLY_MARGIN_MS = 700;

/**
 * The time one Slack request may spend, shared by every dependency call it makes. Each call
 * takes an AbortSignal that fires when too little is left, so a stalled Step Functions, DynamoDB
 * or Slack costs at most the budget — never Slack's whole window — and the listener still has
 * time to tell the user what happened.
 */
export class RequestBudget {
  private readonly store = new AsyncLocalStorage<number>();

  constructor(
    private readonly now: () => number = Date.now,
    readonly deadlineMs = ANSWER_DEADLINE_MS,
    readonly marginMs = REPLY_MARGIN_MS,
  ) {}

  /** Runs one request's work with its deadline counted from `startedAt`. */
  run<T>(work: () => Promise<T>, startedAt = this.now()): Promise<T> {
    return this.store.run(startedAt + this.deadlineMs, work);
  }

  /** Milliseconds until the answer is due; Infinity outside a request. */
  remainingMs(): number {
    const deadline = this.store.getStore();
    return deadline === undefined ? Infinity : deadline - this.now();
  }

  /** For one dependency call: aborts when only the reply margin is left. */
  signal(): AbortSignal | undefined {
    const remaining = this.remainingMs();
    if (remaining === Infinity) return undefined;
    return AbortSignal.timeout(Math.max(1, remaining - this.marginMs));
  }

  /** Milliseconds one more call may take and still leave the reply margin. */
  callMs(): number {
    return Math.max(1, Math.min(this.remainingMs() - this.marginMs, this.deadlineMs));
  }
}

/** True for a call that gave up because the request's budget ran out. */
export function isOutOfTime(error: unknown): boolean {
  const name = (error as Error | undefined)?.name;
  return name === 'AbortError' || name === 'TimeoutError';
}
