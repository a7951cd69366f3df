import {
  DescribeTargetHealthCommand,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Clock } from '../../contract/clock';
import { inStep } from '../../contract/errors';
import { SINGLE_RESOURCE_CADENCE, waitFor, type Observation } from '../lib/poll';
import { describeSummary, summarizeHealth } from './health-summary';

export interface TargetHealthEvent {
  readonly step: string;
  readonly targetGroupArn: string;
  readonly timeoutSeconds: number;
}

export interface TargetHealthResult {
  readonly step: string;
  readonly healthy: number;
  readonly total: number;
}

export interface TargetHealthDeps {
  readonly elbv2: ElasticLoadBalancingV2Client;
  readonly clock: Clock;
}

/** Waits until every target in the group is healthy, or fails naming the ones that are not. */
export function waitTargetsHealthy(
  e: TargetHealthEvent,
  deps: TargetHealthDeps,
): Promise<TargetHealthResult> {
  return inStep(e.step, e.targetGroupArn, async () => {
    const summary = await waitFor(
      async (): Promise<Observation<ReturnType<typeof summarizeHealth>>> => {
        const out = await deps.elbv2.send(
          new DescribeTargetHealthCommand({ TargetGroupArn: e.targetGroupArn }),
        );
        const current = summarizeHealth(out.TargetHealthDescriptions ?? []);
        return current.allHealthy
          ? { done: true, value: current }
          : { done: false, seen: describeSummary(current) };
      },
      {
        what: `every target of ${e.targetGroupArn} to be healthy`,
        timeoutMs: e.timeoutSeconds * 1000,
        cadence: SINGLE_RESOURCE_CADENCE,
        clock: deps.clock,
      },
    );
    return { step: e.step, healthy: summary.healthy, total: summary.total };
  });
}
