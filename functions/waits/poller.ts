import { DescribeInstanceStatusCommand, type EC2Client } from '@aws-sdk/client-ec2';
import {
  DescribeTargetHealthCommand,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { Clock } from '../../contract/clock';
import { isTransientAwsError } from '../../contract/transient-aws-error';
import type { PollMessage, WaitItem } from '../../contract/waits';
import { completeWait, type WaitResult } from './complete';
import { nextPollAt } from './poll-cadence';
import type { PollQueue } from './poll-queue';
import { healthVerdict, statusVerdict } from './poll-verdicts';
import type { WaitStore } from './wait-store';

export interface PollerDeps {
  readonly store: WaitStore;
  readonly sfn: SFNClient;
  readonly ec2: EC2Client;
  readonly elbv2: ElasticLoadBalancingV2Client;
  readonly queue: PollQueue;
  readonly clock: Clock;
}

/** What one poll message came to, for the log. */
export interface PollReport {
  /**
   * dropped: its chain was superseded or ended; deferred: not due yet (SQS delays at most
   * 15 minutes); continued: polled, next poll scheduled; ended: nothing left to poll;
   * superseded: polled, but another chain took over meanwhile.
   */
  readonly outcome: 'dropped' | 'deferred' | 'continued' | 'ended' | 'superseded';
  readonly looked: number;
  readonly completed: number;
  readonly nextPollAt?: number;
  /** Looks that saw nothing (throttled) and completions that failed; the chain goes on. */
  readonly problems: string[];
}

/** DescribeInstanceStatus takes at most 100 instance ids per call. */
export const STATUS_IDS_PER_CALL = 100;
/** The pending index lags the table a little: a wait written this recently may not show yet. */
export const INDEX_LAG_MS = 5_000;
/** A message this early (SQS's 15-minute cap) goes back to wait for its poll. */
const EARLY_TOLERANCE_MS = 1_000;

/**
 * One poll of a run's polled waits (status checks, target health): one DescribeInstanceStatus
 * per 100 instances and one DescribeTargetHealth per group, for the waits past their
 * `notBefore`; completes what is done, then schedules the next poll — or ends the chain when
 * nothing is pending.
 */
export async function pollRun(message: PollMessage, deps: PollerDeps): Promise<PollReport> {
  const { executionArn, chain } = message;
  const lease = await deps.store.getLease(executionArn);
  if (lease?.chain !== chain) return report('dropped');
  const startedAt = deps.clock.now();
  if (lease.nextPollAt > startedAt + EARLY_TOLERANCE_MS) {
    await deps.queue.send(message, (lease.nextPollAt - startedAt) / 1000);
    return report('deferred', { nextPollAt: lease.nextPollAt });
  }

  const [statusWaits, healthWaits] = await Promise.all([
    deps.store.pendingOfRun('status', executionArn),
    deps.store.pendingOfRun('health', executionArn),
  ]);
  const due = (wait: WaitItem) => (wait.notBefore ?? 0) <= startedAt;
  const problems: string[] = [];
  const verdicts = [
    ...(await lookAtStatusChecks(statusWaits.filter(due), deps.ec2, problems)),
    ...(await lookAtTargetHealth(healthWaits.filter(due), deps.elbv2, problems, deps.clock.now())),
  ];
  const settled = new Set<string>();
  let completed = 0;
  for (const { wait, result } of verdicts) {
    try {
      if (await completeWait(wait, result, deps)) completed += 1;
      settled.add(wait.pk);
    } catch (error) {
      // The claim was undone: the wait stays pending and the next poll tries again.
      problems.push(`completing ${wait.pk}: ${describe(error)}`);
    }
  }
  const looked = statusWaits.filter(due).length + healthWaits.filter(due).length;
  const remaining = [...statusWaits, ...healthWaits].filter((w) => !settled.has(w.pk));
  return scheduleNext(message, remaining, startedAt, deps, { looked, completed, problems });
}

async function scheduleNext(
  message: PollMessage,
  remaining: WaitItem[],
  startedAt: number,
  deps: PollerDeps,
  counts: Pick<PollReport, 'looked' | 'completed' | 'problems'>,
): Promise<PollReport> {
  const { executionArn, chain } = message;
  const now = deps.clock.now();
  let next = nextPollAt(remaining, now);
  if (next === undefined) {
    // Not ended if a registrant relied on this chain after our look began (index lag).
    if (await deps.store.endChain(executionArn, chain, startedAt - INDEX_LAG_MS)) {
      return report('ended', counts);
    }
    next = now + INDEX_LAG_MS;
  }
  if (!(await deps.store.renewChain(executionArn, chain, next))) {
    return report('superseded', counts);
  }
  await deps.queue.send(message, (next - now) / 1000);
  return report('continued', { ...counts, nextPollAt: next });
}

interface Verdict {
  readonly wait: WaitItem;
  readonly result: WaitResult;
}

async function lookAtStatusChecks(
  waits: WaitItem[],
  ec2: EC2Client,
  problems: string[],
): Promise<Verdict[]> {
  const verdicts: Verdict[] = [];
  for (let i = 0; i < waits.length; i += STATUS_IDS_PER_CALL) {
    const batch = waits.slice(i, i + STATUS_IDS_PER_CALL);
    const out = await sawNothingIfThrottled(
      () =>
        ec2.send(
          new DescribeInstanceStatusCommand({
            InstanceIds: batch.map((w) => w.resource),
            // Without it an instance that is not running is left out of the answer.
            IncludeAllInstances: true,
          }),
        ),
      'DescribeInstanceStatus',
      problems,
    );
    const byId = new Map((out?.InstanceStatuses ?? []).map((s) => [s.InstanceId, s]));
    for (const wait of batch) {
      const status = byId.get(wait.resource);
      if (!status) continue;
      const result = statusVerdict(wait, {
        state: status.InstanceState?.Name,
        instanceCheck: status.InstanceStatus?.Status,
        systemCheck: status.SystemStatus?.Status,
      });
      if (result) verdicts.push({ wait, result });
    }
  }
  return verdicts;
}

async function lookAtTargetHealth(
  waits: WaitItem[],
  elbv2: ElasticLoadBalancingV2Client,
  problems: string[],
  now: number,
): Promise<Verdict[]> {
  const verdicts: Verdict[] = [];
  for (const wait of waits) {
    const out = await sawNothingIfThrottled(
      () => elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: wait.resource })),
      'DescribeTargetHealth',
      problems,
    );
    const result = out && healthVerdict(wait, out.TargetHealthDescriptions ?? [], now);
    if (result) verdicts.push({ wait, result });
  }
  return verdicts;
}

/** A throttled (or otherwise transient) look is a poll that saw nothing; the next one looks again. */
async function sawNothingIfThrottled<T>(
  look: () => Promise<T>,
  what: string,
  problems: string[],
): Promise<T | undefined> {
  try {
    return await look();
  } catch (error) {
    if (!isTransientAwsError(error)) throw error;
    problems.push(`${what}: ${describe(error)}`);
    return undefined;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function report(
  outcome: PollReport['outcome'],
  rest: Partial<Omit<PollReport, 'outcome'>> = {},
): PollReport {
  return { outcome, looked: 0, completed: 0, problems: [], ...rest };
}
