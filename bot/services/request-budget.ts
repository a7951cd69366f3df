import { AsyncLocalStorage } from 'node:async_hooks';

/** Slack gives up on an answer after 3 s; ours is due well before, cold or warm. */
export const ANSWER_DEADLINE_MS = 2_500;

/**
 * Room kept for saying what happened: when a dependency gives up at its deadline, the reply
 * (an acknowledgement, or one more quick call) must still fit before the answer is due.
 */
export const REPLY_MARGIN_MS = 600;

/** What a reply or a clean-up after a failure may still use of the margin: all but this. */
export const FINAL_RESERVE_MS = 150;

/** What the guard knows of the request being served. */
interface RequestScope {
  /** When the answer is due (epoch ms). */
  readonly deadline: number;
  /** The request's own signed timestamp (epoch seconds): the same for a replay. */
  readonly signedAt: number;
}

/** A dependency call that gave up because the request's time ran out. */
export class OutOfTime extends Error {
  override readonly name = 'OutOfTime';
  constructor(readonly dependency: string) {
    super(`${dependency} did not answer in time`);
  }
}

/**
 * The time one Slack request may spend, shared by every dependency call it makes. Each call
 * races the deadline (less the reply margin) and is aborted when it loses, so a stalled Step
 * Functions, DynamoDB or Slack costs at most the budget — never Slack's whole window — and the
 * listener still has time to tell the user what happened.
 */
export class RequestBudget {
  private readonly store = new AsyncLocalStorage<RequestScope>();

  constructor(
    private readonly now: () => number = Date.now,
    readonly deadlineMs = ANSWER_DEADLINE_MS,
    readonly marginMs = REPLY_MARGIN_MS,
  ) {}

  /** Runs one request's work; its deadline counts from `startedAt`. */
  run<T>(work: () => Promise<T>, request: { startedAt: number; signedAt: number }): Promise<T> {
    return this.store.run(
      { deadline: request.startedAt + this.deadlineMs, signedAt: request.signedAt },
      work,
    );
  }

  /** The signed timestamp of the request being served (epoch seconds). */
  signedAt(): number | undefined {
    return this.store.getStore()?.signedAt;
  }

  /** Milliseconds until the answer is due; Infinity outside a request. */
  remainingMs(): number {
    const scope = this.store.getStore();
    return scope === undefined ? Infinity : scope.deadline - this.now();
  }

  /**
   * Calls a dependency within the budget: rejects with OutOfTime (and aborts the call through
   * the signal it was given) when only the reply margin is left. `final` calls — the reply to
   * the user, marking a root message, giving a lock back — may use the margin, which is kept
   * for them. Outside a request it just calls.
   */
  async call<T>(
    dependency: string,
    send: (signal?: AbortSignal) => Promise<T>,
    options: { final?: boolean } = {},
  ): Promise<T> {
    const remaining = this.remainingMs();
    if (remaining === Infinity) return send();
    const allowed = remaining - (options.final ? FINAL_RESERVE_MS : this.marginMs);
    if (allowed <= 0) throw new OutOfTime(dependency);
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new OutOfTime(dependency));
      }, allowed);
    });
    try {
      return await Promise.race([send(controller.signal), expired]);
    } finally {
      clearTimeout(timer);
    }
  }
}
