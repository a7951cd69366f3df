import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { Clock } from '../contract/clock';
import type { PollMessage } from '../contract/waits';
import { WAIT_EVENT_PATTERNS } from '../contract/wait-events';
import type { WaitDeps } from '../functions/lib/callback-task';
import { makeHandler as matcherHandler } from '../functions/waits/matcher-handler';
import { makeHandler as pollerHandler } from '../functions/waits/poller-handler';
import type { PollQueue } from '../functions/waits/poll-queue';
import { WaitStore } from '../functions/waits/wait-store';
import type { LocalEventBus } from './local-event-bus';
import type { InvocationListener } from './sfn/task-bindings';
import type { Timer } from './sfn/task-tokens';
import type { createSimulatedClients } from './sim-aws';

type SimulatedClients = ReturnType<typeof createSimulatedClients>;

/** How often the deployed sweep runs (its EventBridge schedule): every five minutes. */
export const SWEEP_INTERVAL_MS = 5 * 60_000;
/** SQS makes a message whose processing failed visible again after its visibility timeout. */
const REDELIVERY_MS = 30_000;

export interface LocalWaitsOptions {
  readonly clients: SimulatedClients;
  readonly ddb: DynamoDBClient;
  readonly tableName: string;
  readonly clock: Clock;
  readonly timer: Timer;
  /** The local Step Functions' client; created after the functions, so read when needed. */
  readonly sfn: () => SFNClient;
  /** The default bus the simulated account's events are delivered to. */
  readonly bus: LocalEventBus;
  /** True while anything may be waiting: the sweep runs only then, so idle time stays idle. */
  readonly active: () => boolean;
  readonly onInvoke?: InvocationListener;
  readonly functionArn: (name: 'wait-matcher' | 'wait-poller') => string;
}

/** What a local run's waits use, and the counters a benchmark reads. */
export interface LocalWaits {
  readonly deps: WaitDeps;
  /** Arms the sweep (idempotent); call when a run starts. */
  armSweep(): void;
  /** Shutting down: pending poll messages and the sweep are dropped, nothing new is timed. */
  stop(): void;
  readonly counts: { pollMessages: number; sweeps: number };
}

/**
 * The deployed wait machinery on one machine: the matcher as the target of the four wait rules
 * on the local bus, the poll chain's queue as timers on the simulated clock (SQS's DelaySeconds),
 * and the sweep on its five-minute schedule — each calling the real function handlers.
 */
export function createLocalWaits(o: LocalWaitsOptions): LocalWaits {
  const { clients, clock } = o;
  const counts = { pollMessages: 0, sweeps: 0 };
  const store = new WaitStore({ ddb: o.ddb, tableName: o.tableName, clock });
  // Every timer this machinery sets, so stop() can take them back: a poll chain re-arms itself
  // forever, and a function finishing after shutdown must not start one on the real clock.
  let stopped = false;
  const timers = new Set<() => void>();
  const later = (ms: number, fire: () => void): void => {
    if (stopped) return;
    const cancel = o.timer(ms, () => {
      timers.delete(cancel);
      fire();
    });
    timers.add(cancel);
  };
  const queue: PollQueue = {
    send: async (message, delaySeconds) => {
      counts.pollMessages += 1;
      later(Math.max(0, delaySeconds) * 1000, () => void receive(message));
    },
  };
  const deps: WaitDeps = {
    store,
    get sfn() {
      return o.sfn();
    },
    queue,
    clock,
  };
  // The matcher's and the poller's deps: the same, plus the services they look at.
  const shared = Object.defineProperties(
    { ec2: clients.ec2, ssm: clients.ssm, rds: clients.rds, elbv2: clients.elbv2 },
    Object.getOwnPropertyDescriptors(deps),
  ) as WaitDeps & Pick<SimulatedClients, 'ec2' | 'ssm' | 'rds' | 'elbv2'>;
  const matcher = invoked(o, 'wait-matcher', matcherHandler(shared) as never);
  const poller = invoked(o, 'wait-poller', pollerHandler(shared) as never);

  for (const [name, pattern] of Object.entries(WAIT_EVENT_PATTERNS)) {
    o.bus.putRule({ name: `wait-${name}`, pattern, target: (event) => matcher(event) });
  }

  async function receive(message: PollMessage): Promise<void> {
    const record = { messageId: `${message.chain}-${clock.now()}`, body: JSON.stringify(message) };
    let failed = false;
    try {
      const out = (await poller({ Records: [record] })) as { batchItemFailures?: unknown[] } | null;
      failed = (out?.batchItemFailures?.length ?? 0) > 0;
    } catch {
      failed = true;
    }
    if (failed) later(REDELIVERY_MS, () => void receive(message));
  }

  let sweepArmed = false;
  const sweepTick = (): void => {
    if (!o.active()) {
      sweepArmed = false;
      return;
    }
    counts.sweeps += 1;
    void poller({ kind: 'sweep' }).catch(() => undefined);
    later(SWEEP_INTERVAL_MS, sweepTick);
  };
  return {
    deps,
    counts,
    armSweep() {
      if (sweepArmed || stopped) return;
      sweepArmed = true;
      later(SWEEP_INTERVAL_MS, sweepTick);
    },
    stop() {
      stopped = true;
      for (const cancel of timers) cancel();
      timers.clear();
    },
  };
}

/** Calls a handler as Lambda would (a JSON round trip), telling the listener about it. */
function invoked(
  o: LocalWaitsOptions,
  name: 'wait-matcher' | 'wait-poller',
  handler: (event: unknown) => Promise<unknown>,
): (event: unknown) => Promise<unknown> {
  const functionArn = o.functionArn(name);
  return async (input) => {
    const event = JSON.parse(JSON.stringify(input)) as unknown;
    const startedAt = Date.now();
    try {
      const result = (await handler(event)) ?? null;
      o.onInvoke?.({ functionArn, stateName: '', event, startedAt, endedAt: Date.now(), result });
      return result;
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      o.onInvoke?.({
        functionArn,
        stateName: '',
        event,
        startedAt,
        endedAt: Date.now(),
        error: err,
      });
      throw err;
    }
  };
}
