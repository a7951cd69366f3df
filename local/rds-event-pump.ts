import type { EventCursor, RdsEventBridgeEvent, SimulatedAccount } from './sim-aws';

/** An EventBridge pattern of exact values, as the Aurora watch's rule is written. */
export type ExactPattern = Readonly<Record<string, unknown>>;

/**
 * True when the event has, at every leaf of the pattern, one of the listed values. Only the
 * exact-value form the watch's rule uses; anything fancier is refused rather than misread.
 */
export function matchesExactPattern(pattern: ExactPattern, event: unknown): boolean {
  return Object.entries(pattern).every(([key, want]) => {
    const have = (event as Record<string, unknown> | null)?.[key];
    if (Array.isArray(want)) {
      if (want.some((v) => typeof v === 'object')) {
        throw new Error(`only exact-value patterns are matched locally (${key})`);
      }
      return want.includes(have);
    }
    return matchesExactPattern(want as ExactPattern, have);
  });
}

export interface RdsEventPumpOptions {
  readonly account: SimulatedAccount;
  /** The simulated clock: the pump looks again every `everyMs` of it (and on every jump). */
  readonly clock: { after(ms: number, fire: () => void): () => void };
  /** The rule's pattern: only matching events are delivered, as EventBridge does. */
  readonly pattern: ExactPattern;
  /** The rule's target: an event handed over, awaited before the next one. */
  readonly deliver: (event: RdsEventBridgeEvent) => Promise<unknown>;
  readonly onError?: (error: unknown) => void;
  readonly everyMs?: number;
}

/**
 * EventBridge's default bus for the simulated account's RDS events, in the smallest form the
 * local mode needs: on the simulated clock it takes the events that happened since it last
 * looked (the account computes them; nothing is pushed) and delivers those the rule matches, in
 * order. A generic local event bus can take its place by receiving `eventsSince` the same way.
 */
export class RdsEventPump {
  private cursor: EventCursor | undefined;
  private cancel?: () => void;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly options: RdsEventPumpOptions) {}

  /** Starts looking on the clock; events before now are taken as already delivered. */
  start(): void {
    this.cursor = this.options.account.eventsSince().cursor;
    this.arm();
  }

  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
  }

  /** Delivers what has happened since the last look; resolves once every delivery is done. */
  deliverDue(): Promise<void> {
    const next = this.running.then(async () => {
      const { events, cursor } = this.options.account.eventsSince(this.cursor);
      this.cursor = cursor;
      for (const { event } of events) {
        if (!matchesExactPattern(this.options.pattern, event)) continue;
        await this.options.deliver(event).catch((error: unknown) => this.options.onError?.(error));
      }
    });
    this.running = next;
    return next;
  }

  /** When the account's next RDS event happens, so a jump of the clock can stop there. */
  nextEventAt(): number | undefined {
    return this.options.account.nextEventAt();
  }

  /** Resolves once no delivery is under way. */
  idle(): Promise<void> {
    return this.running;
  }

  private arm(): void {
    this.cancel = this.options.clock.after(this.options.everyMs ?? 60_000, () => {
      void this.deliverDue();
      this.arm();
    });
  }
}
