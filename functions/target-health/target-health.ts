import {
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { inStep } from '../../contract/errors';
import { waitKeys } from '../../contract/waits';
import {
  waiterOf,
  type CallbackTaskEvent,
  type Registered,
  type WaitDeps,
} from '../lib/callback-task';
import { retryTransient } from '../lib/transient';
import { completeWait } from '../waits/complete';
import { ensurePollChain } from '../waits/poll-chain';
import { targetsHealthy } from '../waits/wait-output';
import { describeSummary, summarizeHealth } from './health-summary';

export interface TargetHealthEvent extends CallbackTaskEvent {
  readonly targetGroupArn: string;
  /** The input's limit: the poll fails the wait then, naming the targets that are not healthy. */
  readonly healthTimeoutSeconds: number;
}

export interface TargetHealthDeps {
  readonly elbv2: ElasticLoadBalancingV2Client;
  readonly waits: WaitDeps;
}

/**
 * Every target of the group healthy. ELB raises no event for it, so the wait is polled with the
 * run's other polled waits: no look before the group's own health checks could have passed
 * (HealthyThresholdCount checks in a row, HealthCheckIntervalSeconds apart), then a cadence
 * that keeps the delay within 5 % of the wait.
 */
export function waitTargetsHealthy(
  e: TargetHealthEvent,
  deps: TargetHealthDeps,
): Promise<Registered> {
  return inStep(e.step, e.targetGroupArn, () => healthy(e, deps));
}

async function healthy(e: TargetHealthEvent, deps: TargetHealthDeps): Promise<Registered> {
  const { waits } = deps;
  const now = waits.clock.now();
  const checks = await retryTransient(
    () => healthChecks(deps.elbv2, e.targetGroupArn),
    waits.clock,
  );
  const notBefore = now + Math.max(0, checks.threshold - 1) * checks.intervalSeconds * 1000;
  const wait = await retryTransient(
    () =>
      waits.store.registerBeforeAct({
        pk: waitKeys.health(e.targetGroupArn),
        kind: 'health',
        resource: e.targetGroupArn,
        target: 'healthy',
        // Its own bound: the health wait ends at targetsHealthySeconds, not the task's timeout.
        ...waiterOf(e),
        timeoutSeconds: e.healthTimeoutSeconds,
        notBefore,
      }),
    waits.clock,
  );
  const out = await retryTransient(
    () => deps.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: e.targetGroupArn })),
    waits.clock,
  );
  const summary = summarizeHealth(out.TargetHealthDescriptions ?? []);
  const seen = describeSummary(summary);
  if (summary.allHealthy) {
    await completeWait(wait, targetsHealthy(wait, summary.healthy, summary.total), waits);
    return { step: e.step, resource: e.targetGroupArn, outcome: 'completed', seen };
  }
  await ensurePollChain(e.executionArn, notBefore, waits);
  return { step: e.step, resource: e.targetGroupArn, outcome: 'waiting', seen };
}

async function healthChecks(elbv2: ElasticLoadBalancingV2Client, arn: string) {
  const out = await elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [arn] }));
  const group = out.TargetGroups?.[0];
  return {
    intervalSeconds: group?.HealthCheckIntervalSeconds ?? 30,
    threshold: group?.HealthyThresholdCount ?? 5,
  };
}
