import type { EC2Client } from '@aws-sdk/client-ec2';
import type { RDSClient } from '@aws-sdk/client-rds';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { Clock } from '../../contract/clock';
import { WAIT_KINDS, type WaitItem, type WaitKind } from '../../contract/waits';
import { isFinished } from '../run-script/command-result';
import { judgeCommandWait } from './command-verdict';
import { completeWait, type WaitResult } from './complete';
import { nextPollAt } from './poll-cadence';
import { ensurePollChain } from './poll-chain';
import type { PollQueue } from './poll-queue';
import { invocationKey, lookAtClusters, lookAtInstances, lookAtInvocations } from './sweep-looks';
import { targetReached } from './target-reached';
import { unexpectedState } from './wait-output';
import type { WaitStore } from './wait-store';

export interface SweepDeps {
  readonly store: WaitStore;
  readonly sfn: SFNClient;
  readonly ec2: EC2Client;
  readonly ssm: SSMClient;
  readonly rds: RDSClient;
  readonly queue: PollQueue;
  readonly clock: Clock;
}

/** What one sweep did, for the log. */
export interface SweepReport {
  /** Waits pending after the drop, by kind. */
  readonly pending: Record<WaitKind, number>;
  readonly dropped: number;
  readonly completed: number;
  readonly moved: number;
  /** Chains started for runs whose polled waits had none (a move starts its own). */
  readonly chainsStarted: number;
  /** Looks and completions that failed; the next sweep tries again. */
  readonly problems: string[];
}

/** An event normally arrives within seconds; before this the sweep leaves a wait to it. */
export const EVENT_GRACE_MS = 60_000;
/** Step Functions has timed the task out by its deadline; after this the wait stops pending. */
export const DROP_AFTER_DEADLINE_MS = 15 * 60_000;
/** SendCommand comes before the command wait's registration, by this much at most. */
export const COMMAND_SENT_BEFORE_MS = 15 * 60_000;

/** Instance states no wait gets out of. */
const GONE = new Set(['shutting-down', 'terminated']);

/**
 * The slow sweep (every 5 minutes): finds what the events missed. One batched look per kind of
 * event wait registered more than a minute ago; completes what is at its target, moves running
 * instances on to their status checks, makes sure every run with polled waits has a poll chain,
 * and stops counting waits long past their deadline. With nothing pending it calls no service
 * but the table.
 */
export async function sweep(deps: SweepDeps): Promise<SweepReport> {
  const now = deps.clock.now();
  const tally = new Tally();
  const live = {} as Record<WaitKind, WaitItem[]>;
  for (const kind of WAIT_KINDS) {
    live[kind] = [];
    for (const wait of await deps.store.pending(kind)) {
      if (wait.deadline !== undefined && now > wait.deadline + DROP_AFTER_DEADLINE_MS) {
        if (await deps.store.drop(wait)) tally.dropped += 1;
      } else {
        live[kind].push(wait);
      }
    }
  }
  const settled = (waits: WaitItem[]) =>
    waits.filter((w) => (w.registeredAt ?? 0) <= now - EVENT_GRACE_MS);
  await tally.guard('instances', () => sweepInstances(settled(live.instance), deps, tally));
  await tally.guard('commands', () => sweepCommands(settled(live.command), deps, tally));
  await tally.guard('clusters', () => sweepClusters(settled(live.cluster), deps, tally));
  await tally.guard('poll chains', () =>
    ensureChains([...live.status, ...live.health], deps, tally),
  );
  const pending = Object.fromEntries(WAIT_KINDS.map((k) => [k, live[k].length]));
  return tally.report(pending as Record<WaitKind, number>);
}

async function sweepInstances(waits: WaitItem[], deps: SweepDeps, tally: Tally): Promise<void> {
  if (waits.length === 0) return;
  const found = await lookAtInstances(
    deps.ec2,
    waits.map((w) => w.resource),
  );
  for (const wait of waits) {
    const instance = found.get(wait.resource);
    if (!instance || GONE.has(instance.state)) {
      const what = instance ? `the instance is ${instance.state}` : 'the instance no longer exists';
      await tally.complete(wait, unexpectedState(wait, what), deps);
    } else if (instance.state !== wait.target) {
      continue;
    } else {
      // A started instance runs since its launch time; its status checks come a minute after.
      const seenAt = instance.launchedAt ?? deps.clock.now();
      tally.count(await tally.guard(wait.pk, () => targetReached(wait, seenAt, deps)));
    }
  }
}

async function sweepCommands(waits: WaitItem[], deps: SweepDeps, tally: Tally): Promise<void> {
  if (waits.length === 0) return;
  const oldest = Math.min(...waits.map((w) => w.registeredAt ?? deps.clock.now()));
  const statuses = await lookAtInvocations(deps.ssm, oldest - COMMAND_SENT_BEFORE_MS);
  for (const wait of waits) {
    const status = statuses.get(invocationKey(wait.resource, wait.instanceId ?? ''));
    if (status === undefined || !isFinished(status)) continue;
    await tally.guard(wait.pk, async () =>
      tally.complete(wait, await judgeCommandWait(wait, status, deps.ssm), deps),
    );
  }
}

async function sweepClusters(waits: WaitItem[], deps: SweepDeps, tally: Tally): Promise<void> {
  if (waits.length === 0) return;
  const statuses = await lookAtClusters(
    deps.rds,
    waits.map((w) => w.resource),
  );
  for (const wait of waits) {
    const status = statuses.get(wait.resource);
    if (status === undefined) {
      await tally.complete(wait, unexpectedState(wait, 'the DB cluster no longer exists'), deps);
    } else if (status === wait.target) {
      tally.count(await tally.guard(wait.pk, () => targetReached(wait, deps.clock.now(), deps)));
    }
  }
}

/** Every run with polled waits gets a chain; one already live is left to do its work. */
async function ensureChains(waits: WaitItem[], deps: SweepDeps, tally: Tally): Promise<void> {
  const byRun = new Map<string, WaitItem[]>();
  for (const wait of waits) {
    if (wait.executionArn === undefined) continue;
    byRun.set(wait.executionArn, [...(byRun.get(wait.executionArn) ?? []), wait]);
  }
  const now = deps.clock.now();
  for (const [executionArn, ofRun] of byRun) {
    const first = nextPollAt(ofRun, now) ?? now;
    const chain = await tally.guard(executionArn, () => ensurePollChain(executionArn, first, deps));
    if (chain !== undefined) tally.chainsStarted += 1;
  }
}

/** Counts what the sweep did; a failure is noted and the sweep goes on with the rest. */
class Tally {
  dropped = 0;
  completed = 0;
  moved = 0;
  chainsStarted = 0;
  private readonly problems: string[] = [];

  async complete(wait: WaitItem, result: WaitResult, deps: SweepDeps): Promise<void> {
    const done = await this.guard(wait.pk, () => completeWait(wait, result, deps));
    if (done) this.completed += 1;
  }

  count(outcome: Awaited<ReturnType<typeof targetReached>> | undefined): void {
    if (outcome === 'completed') this.completed += 1;
    if (outcome === 'moved') this.moved += 1;
  }

  async guard<T>(what: string, run: () => Promise<T>): Promise<T | undefined> {
    try {
      return await run();
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      this.problems.push(`${what}: ${reason}`);
      return undefined;
    }
  }

  report(pending: Record<WaitKind, number>): SweepReport {
    const { dropped, completed, moved, chainsStarted, problems } = this;
    return { pending, dropped, completed, moved, chainsStarted, problems: [...problems] };
  }
}
