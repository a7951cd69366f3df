import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { Clock } from '../../contract/clock';
import type { WaitEvent } from '../../contract/wait-events';
import type { WaitItem } from '../../contract/waits';
import { judgeCommandWait } from './command-verdict';
import { completeWait } from './complete';
import { sightingOf, type Sighting } from './event-sighting';
import type { PollQueue } from './poll-queue';
import { targetReached } from './target-reached';
import type { WaitStore } from './wait-store';

export interface MatcherDeps {
  readonly store: WaitStore;
  readonly sfn: SFNClient;
  readonly ssm: SSMClient;
  readonly queue: PollQueue;
  readonly clock: Clock;
}

/**
 * What became of one event: completed a task, recorded a command's end for a waiter still to
 * come, moved a started instance's waiter to its status checks, or nothing (no waiter, a stale
 * or repeated event, one no wait is keyed on). Never carries a token: it is logged.
 */
export interface MatchSummary {
  readonly key?: string;
  readonly outcome: 'completed' | 'recorded' | 'ignored' | 'moved';
  readonly executionArn?: string;
  readonly step?: string;
}

/** Matches an AWS event to the wait it completes (see contract/wait-events.ts). */
export async function matchEvent(event: WaitEvent, deps: MatcherDeps): Promise<MatchSummary> {
  const sighting = sightingOf(event);
  if (!sighting) return { outcome: 'ignored' };
  return sighting.kind === 'command' ? matchCommand(sighting, deps) : matchState(sighting, deps);
}

type StateSighting = Exclude<Sighting, { kind: 'command' }>;

/** An instance or cluster reached a state: only a waiter registered before it counts. */
async function matchState(s: StateSighting, deps: MatcherDeps): Promise<MatchSummary> {
  const state = s.kind === 'instance' ? s.state : s.status;
  const item = await deps.store.observe(
    s.key,
    { state, at: s.at, by: 'event' },
    { requireWaiter: true, seenAt: s.at },
  );
  if (!item || item.completedAt !== undefined) return summary(s.key, 'ignored', item);
  return summary(s.key, await targetReached(item, s.at, deps), item);
}

/** A command ended: recorded whether or not its waiter has registered yet (it may come later). */
async function matchCommand(
  s: Extract<Sighting, { kind: 'command' }>,
  deps: MatcherDeps,
): Promise<MatchSummary> {
  const item = await deps.store.observe(
    s.key,
    { state: s.status, at: s.at, by: 'event' },
    {
      requireWaiter: false,
      subject: {
        kind: 'command',
        resource: s.commandId,
        instanceId: s.instanceId,
        target: 'finished',
      },
    },
  );
  if (!item) return summary(s.key, 'ignored');
  if (item.token === undefined) return summary(s.key, 'recorded', item);
  if (item.completedAt !== undefined) return summary(s.key, 'ignored', item);
  const result = await judgeCommandWait(item, s.status, deps.ssm);
  return summary(s.key, (await completeWait(item, result, deps)) ? 'completed' : 'ignored', item);
}

function summary(key: string, outcome: MatchSummary['outcome'], item?: WaitItem): MatchSummary {
  return { key, outcome, executionArn: item?.executionArn, step: item?.step };
}
