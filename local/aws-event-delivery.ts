import type { PutEvent } from './local-event-bus';
import { seededRandom } from './seeded-random';
import type { AwsEvent, EventCursor } from './sim-aws';

/** What the delivery reads: the simulated account's events, and word when plans change. */
export interface AwsEventSource {
  awsEventsSince(cursor?: EventCursor): {
    events: { at: number; event: AwsEvent }[];
    cursor: EventCursor;
  };
  nextAwsEventAt(): number | undefined;
  onTransitionsScheduled(listener: () => void): () => void;
}

export interface AwsEventDeliveryOptions {
  readonly account: AwsEventSource;
  /** The default event bus (LocalEventBus): each event is put as AWS raised it, id and time kept. */
  readonly bus: { put(entry: PutEvent): unknown };
  /** The simulated clock, the same shape LocalEventBus takes. */
  readonly clock: { now(): number; after(ms: number, fire: () => void): () => void };
  /** Simulated ms from the change to the put. Default: EventBridge-like, 300-1500 ms. */
  readonly delayMs?: (event: AwsEvent) => number;
  /** Share of events lost (0-1), as a best-effort delivery may lose one. Default 0. */
  readonly dropRate?: number;
  /** Share of events put twice, each copy after its own delay (at-least-once). Default 0. */
  readonly duplicateRate?: number;
  /**
   * Jitter added to each delay, up to this many ms (true: 5000), so events may arrive out of
   * order. Without it events arrive in the order they were raised, each after its delay.
   */
  readonly reorder?: boolean | number;
  /** Numbers in [0, 1) for delays, drops, duplicates and jitter. Default: seeded, repeatable. */
  readonly random?: () => number;
  /** Loses exactly the events it returns true for, e.g. one test's one event. */
  readonly drop?: (event: AwsEvent) => boolean;
}

/** How many events the account raised and what became of them. */
export interface DeliveryCounts {
  raised: number;
  /** Puts onto the bus, second copies included. */
  delivered: number;
  dropped: number;
  duplicated: number;
}

const DEFAULT_SEED = 12;
const DEFAULT_REORDER_JITTER_MS = 5_000;
/** Longest timer the global setTimeout (and fake timers) honour; a longer wait wakes early. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * EventBridge's delivery of the simulated account's AWS events to the local default bus: each
 * event is put at the instant it happened plus a delivery delay, with optional losses,
 * duplicates and reordering. It never polls: after every change to the account's plans (its
 * onTransitionsScheduled hook) it takes what is due and sets one timer for the next planned
 * event, so it runs the same on virtual time, the scaled clock and a test's clock.
 */
export class AwsEventDelivery {
  private cursor: EventCursor | undefined;
  private unsubscribe?: () => void;
  private wake?: { at: number; cancel: () => void };
  private lastPutAt = -Infinity;
  private readonly scheduledPuts = new Set<() => void>();
  private readonly random: () => number;
  private readonly counted: DeliveryCounts = { raised: 0, delivered: 0, dropped: 0, duplicated: 0 };

  constructor(private readonly options: AwsEventDeliveryOptions) {
    this.random = options.random ?? seededRandom(DEFAULT_SEED);
  }

  /** Starts delivering; events raised before now count as already delivered. */
  start(): void {
    if (this.unsubscribe) return;
    this.cursor = this.options.account.awsEventsSince().cursor;
    this.unsubscribe = this.options.account.onTransitionsScheduled(() => this.takeDue());
    this.takeDue();
  }

  /** Stops: no more events are taken, and puts not yet made are not made. */
  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.wake?.cancel();
    this.wake = undefined;
    for (const cancel of this.scheduledPuts) cancel();
    this.scheduledPuts.clear();
  }

  /** The counts so far (a copy). */
  counts(): DeliveryCounts {
    return { ...this.counted };
  }

  /** Puts scheduled and not yet made. */
  inFlight(): number {
    return this.scheduledPuts.size;
  }

  /** When the delivery next wakes for a planned event, so a jump of the clock can stop there. */
  nextWakeAt(): number | undefined {
    return this.wake?.at;
  }

  /** Takes the events due by now, schedules their puts, and sets the timer for the next one. */
  private takeDue(): void {
    const { events, cursor } = this.options.account.awsEventsSince(this.cursor);
    this.cursor = cursor;
    for (const { at, event } of events) this.route(at, event);
    this.armWake();
  }

  private route(at: number, event: AwsEvent): void {
    this.counted.raised += 1;
    const { dropRate = 0, duplicateRate = 0 } = this.options;
    if (this.options.drop?.(event) || (dropRate > 0 && this.random() < dropRate)) {
      this.counted.dropped += 1;
      return;
    }
    const putAt = this.putTime(at, event);
    this.putAt(putAt, event);
    if (duplicateRate > 0 && this.random() < duplicateRate) {
      this.counted.duplicated += 1;
      this.putAt(putAt + this.delay(event), event);
    }
  }

  /** The raise instant plus the delay; in raise order unless reordering is asked for. */
  private putTime(at: number, event: AwsEvent): number {
    const { reorder } = this.options;
    const jitterMs = reorder === true ? DEFAULT_REORDER_JITTER_MS : reorder || 0;
    const due = at + this.delay(event) + (jitterMs > 0 ? this.random() * jitterMs : 0);
    if (jitterMs > 0) return due;
    this.lastPutAt = Math.max(due, this.lastPutAt);
    return this.lastPutAt;
  }

  private delay(event: AwsEvent): number {
    return this.options.delayMs?.(event) ?? 300 + this.random() * 1_200;
  }

  private putAt(at: number, event: AwsEvent): void {
    const { clock, bus } = this.options;
    const cancel = clock.after(Math.max(0, at - clock.now()), () => {
      this.scheduledPuts.delete(cancel);
      this.counted.delivered += 1;
      bus.put(event);
    });
    this.scheduledPuts.add(cancel);
  }

  private armWake(): void {
    const next = this.options.account.nextAwsEventAt();
    if (next === this.wake?.at) return;
    this.wake?.cancel();
    this.wake = undefined;
    if (next === undefined) return;
    const { clock } = this.options;
    const cancel = clock.after(Math.min(MAX_TIMER_MS, Math.max(0, next - clock.now())), () => {
      this.wake = undefined;
      this.takeDue();
    });
    this.wake = { at: next, cancel };
  }
}
