import { randomUUID } from 'node:crypto';
import type { EventPattern } from '../contract/event-pattern';
import { matchesEventPattern } from '../contract/event-pattern-match';
import { EVENT_JSON } from '../config/trigger-deployment';
import { errorText } from './scheduler-target';

/** An event as EventBridge delivers it: the envelope every event has, and its detail. */
export interface BusEvent {
  readonly version: string;
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: string[];
  readonly detail: Record<string, unknown>;
}

/** What a producer puts (PutEvents' entry); the bus fills in the rest of the envelope. */
export type PutEvent = Pick<BusEvent, 'source' | 'detail-type'> &
  Partial<Omit<BusEvent, 'source' | 'detail-type'>>;

/** A local function standing in for a rule's target; a throw (or rejection) is a failed invocation. */
export type BusTarget = (input: unknown) => Promise<unknown>;

/** A rule of the default bus: the events it matches and what it invokes with them. */
export interface BusRule {
  readonly name: string;
  readonly pattern: EventPattern;
  readonly target: BusTarget;
  /**
   * The target's InputTransformer template, `<aws.events.event.json>` standing for the event;
   * without one the target gets the event itself.
   */
  readonly inputTemplate?: string;
  /** Retries of a failed invocation before the event is dead-lettered (EventBridge: 185). */
  readonly maximumRetryAttempts?: number;
}

/** One invocation of a rule's target, and how it ended. */
export interface BusDelivery {
  readonly rule: string;
  readonly event: BusEvent;
  readonly input: unknown;
  readonly attempt: number;
  /** When the target was invoked, on the bus's clock. */
  readonly at: number;
  /** True for the second delivery of an event put with `duplicate`. */
  readonly duplicate: boolean;
  readonly result?: unknown;
  readonly error?: string;
}

export interface LocalEventBusOptions {
  readonly account: { readonly accountId: string; readonly region: string };
  /** The simulated clock: event times, and delays and retries on its timer. */
  readonly clock: { now(): number; after(ms: number, fire: () => void): () => void };
  /** Simulated ms between a put and each delivery (EventBridge: typically well under a second). */
  readonly deliveryDelayMs?: number;
  /** Simulated ms before retry `n` (1 for the first); default 30 s doubling, at most 5 min. */
  readonly retryDelayMs?: (retry: number) => number;
}

const defaultRetryDelay = (retry: number) => Math.min(30_000 * 2 ** (retry - 1), 300_000);

/**
 * The simulated account's default event bus, the way EventBridge runs one: each put event goes
 * to the target of every rule whose pattern matches it (contract/event-pattern-match.ts),
 * asynchronously (`put` returns before any target runs), with the InputTransformer's template
 * filled in; a failed invocation is retried on the clock and, once the retries are spent, kept
 * as a dead letter. A put with `duplicate` delivers the event twice to each rule, as
 * EventBridge's at-least-once delivery may.
 */
export class LocalEventBus {
  private readonly rules = new Map<string, BusRule>();
  private readonly inFlight = new Set<Promise<void>>();
  /** Every invocation, in the order they ended. */
  readonly deliveries: BusDelivery[] = [];
  /** Events whose every attempt failed: what the rule's dead-letter queue would receive. */
  readonly deadLetters: BusDelivery[] = [];

  constructor(private readonly options: LocalEventBusOptions) {}

  /** Creates or replaces a rule (PutRule with its target). */
  putRule(rule: BusRule): void {
    this.rules.set(rule.name, rule);
  }

  removeRule(name: string): boolean {
    return this.rules.delete(name);
  }

  ruleNames(): string[] {
    return [...this.rules.keys()];
  }

  /**
   * Puts an event on the bus (PutEvents): the envelope completed, the names of the rules it
   * matched, their targets invoked later. The same event put again (same id) is delivered
   * again, as a producer's retry would be.
   */
  put(
    entry: PutEvent,
    options: { duplicate?: boolean } = {},
  ): { event: BusEvent; rules: string[] } {
    const { accountId, region } = this.options.account;
    const event: BusEvent = {
      version: '0',
      id: randomUUID(),
      account: accountId,
      region,
      time: new Date(this.options.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      resources: [],
      detail: {},
      ...entry,
    };
    const matched = [...this.rules.values()].filter((rule) =>
      matchesEventPattern(rule.pattern, event),
    );
    for (const rule of matched) {
      this.deliver(rule, event, false);
      if (options.duplicate) this.deliver(rule, event, true);
    }
    return { event, rules: matched.map((rule) => rule.name) };
  }

  /** Resolves once every delivery under way (retries included) has ended. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private deliver(rule: BusRule, event: BusEvent, duplicate: boolean): void {
    // A function, so a `$&` inside the event is not read as a replacement pattern.
    const json = JSON.stringify(event);
    const input = rule.inputTemplate
      ? JSON.parse(rule.inputTemplate.replaceAll(EVENT_JSON, () => json))
      : event;
    const attempt = (n: number, delayMs: number): void => {
      let settle: () => void = () => undefined;
      const done = new Promise<void>((resolve) => (settle = resolve));
      this.inFlight.add(done);
      this.options.clock.after(delayMs, () => {
        void (async () => {
          const at = this.options.clock.now();
          const base = { rule: rule.name, event, input, attempt: n, at, duplicate };
          try {
            const result = await rule.target(input);
            this.deliveries.push({ ...base, result });
          } catch (error) {
            const failed = { ...base, error: errorText(error) };
            this.deliveries.push(failed);
            const retries = rule.maximumRetryAttempts ?? 185;
            if (n <= retries) {
              attempt(n + 1, (this.options.retryDelayMs ?? defaultRetryDelay)(n));
            } else this.deadLetters.push(failed);
          } finally {
            this.inFlight.delete(done);
            settle();
          }
        })();
      });
    };
    attempt(1, this.options.deliveryDelayMs ?? 0);
  }
}
