import type { Clock } from '../../contract/clock';
import type { PollQueue } from './poll-queue';
import type { WaitStore } from './wait-store';

export interface PollChainDeps {
  readonly store: WaitStore;
  readonly queue: PollQueue;
  readonly clock: Clock;
}

/** A lease can vanish between a refused start and the mark; a few passes settle it. */
const PASSES = 3;

/**
 * Makes sure a run's polled waits get polled from `firstPollAt` on: starts the run's poll chain
 * (its lease, then its first message), or, when a live chain will poll in time, marks that it
 * is relied on so it does not end on a poll that missed the new wait. The new chain's id, or
 * undefined when the live one serves.
 */
export async function ensurePollChain(
  executionArn: string,
  firstPollAt: number,
  deps: PollChainDeps,
): Promise<string | undefined> {
  for (let pass = 1; pass <= PASSES; pass += 1) {
    const chain = await deps.store.startChain(executionArn, firstPollAt);
    if (chain !== undefined) {
      await sendFirst(executionArn, chain, firstPollAt, deps);
      return chain;
    }
    if (await deps.store.wantChain(executionArn)) return undefined;
  }
  throw new Error(`could not start or join the poll chain of ${executionArn}`);
}

async function sendFirst(
  executionArn: string,
  chain: string,
  firstPollAt: number,
  deps: PollChainDeps,
): Promise<void> {
  try {
    await deps.queue.send(
      { kind: 'poll', executionArn, chain },
      (firstPollAt - deps.clock.now()) / 1000,
    );
  } catch (error) {
    // A lease without a message would hold off other chains until it went stale.
    await deps.store.endChain(executionArn, chain);
    throw error;
  }
}
