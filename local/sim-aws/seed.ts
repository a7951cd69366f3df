import { clusterArn, elbArnPrefix } from './ids';
import { planStopped } from './rds-events';
import type { ClusterRecord, ClusterStatus, InstanceState, RuleRecord, SimState } from './state';
import { Timeline } from './timeline';

/** What a test or the local mode says about an instance it adds. */
export interface InstanceSeed {
  id?: string;
  name?: string;
  tags?: Record<string, string>;
  state?: 'running' | 'stopped';
  apache?: 'running' | 'stopped';
  ssmOnline?: boolean;
}

/**
 * Adds an instance that has been in its state "for a long time": a running one has passed
 * its status checks and, with Apache running, its target is already healthy.
 */
export function seedInstance(s: SimState, o: InstanceSeed): string {
  const id = o.id ?? `i-0a1b2c3d4e5f6${s.ids.nextHex('instance', 4)}`;
  if (s.instances.has(id)) throw new Error(`sim-aws: instance ${id} already exists`);
  const now = s.now();
  const state: InstanceState = o.state ?? 'running';
  const apache = state === 'running' ? (o.apache ?? 'running') : 'stopped';
  const tags = { ...o.tags, ...(o.name === undefined ? {} : { Name: o.name }) };
  s.instances.set(id, {
    id,
    tags,
    ssmOnline: o.ssmOnline ?? true,
    launchedAt: now,
    state: new Timeline(state, now),
    apache: new Timeline(apache, now),
    pinned: new Timeline<'pinned' | 'unpinned'>('unpinned', now),
    stickNext: false,
    transitionReason: state === 'stopped' ? 'User initiated' : '',
    commandFaults: [],
  });
  return id;
}

/** What a test or the local mode says about a cluster it adds. */
export interface ClusterSeed {
  id: string;
  status?: 'available' | 'stopped';
  engine?: string;
  /**
   * A stopped cluster: when it stopped (default now). RDS-EVENT-0150 is raised then, and AWS
   * starts it 7 days later unless someone starts it first.
   */
  stoppedAt?: number;
}

/** Adds an Aurora cluster and returns its ARN. */
export function seedCluster(s: SimState, o: ClusterSeed): string {
  if (s.clusters.has(o.id)) throw new Error(`sim-aws: cluster ${o.id} already exists`);
  const arn = clusterArn(s.region, s.accountId, o.id);
  const status = o.status ?? 'available';
  if (o.stoppedAt !== undefined && (status !== 'stopped' || o.stoppedAt > s.now())) {
    throw new Error('sim-aws: stoppedAt is for a cluster seeded stopped, at or before now');
  }
  const cluster: ClusterRecord = {
    id: o.id,
    arn,
    engine: o.engine ?? 'aurora-mysql',
    createdAt: s.now(),
    status: new Timeline<ClusterStatus>(status, s.now()),
    events: [],
  };
  s.clusters.set(o.id, cluster);
  if (status === 'stopped') planStopped(s, cluster, o.stoppedAt ?? s.now());
  return arn;
}

/** What a test or the local mode says about a target group it adds. */
export interface TargetGroupSeed {
  name: string;
  port?: number;
  instanceIds: string[];
  /** Default 15: with the default threshold, a started target is healthy after 60 s. */
  healthCheckIntervalSeconds?: number;
  /** Default 4. */
  healthyThresholdCount?: number;
}

export const DEFAULT_HEALTH_CHECK = { healthCheckIntervalSeconds: 15, healthyThresholdCount: 4 };

/** Adds a target group over existing instances and returns its ARN. */
export function seedTargetGroup(s: SimState, o: TargetGroupSeed): string {
  const unknown = o.instanceIds.filter((id) => !s.instances.has(id));
  if (unknown.length > 0) throw new Error(`sim-aws: unknown instances ${unknown.join(', ')}`);
  const arn = `${elbArnPrefix(s.region, s.accountId)}:targetgroup/${o.name}/${s.ids.nextHex('tg', 16)}`;
  s.targetGroups.set(arn, {
    arn,
    name: o.name,
    port: o.port ?? 80,
    instanceIds: [...o.instanceIds],
    healthCheckIntervalSeconds:
      o.healthCheckIntervalSeconds ?? DEFAULT_HEALTH_CHECK.healthCheckIntervalSeconds,
    healthyThresholdCount: o.healthyThresholdCount ?? DEFAULT_HEALTH_CHECK.healthyThresholdCount,
  });
  return arn;
}

/**
 * Adds an ALB with one HTTP listener whose default rule forwards to `targetGroupArn`, or to
 * a new empty target group named `<name>-default` when none is given.
 */
export function seedLoadBalancer(
  s: SimState,
  o: { name: string; targetGroupArn?: string },
): { loadBalancerArn: string; listenerArn: string } {
  const prefix = elbArnPrefix(s.region, s.accountId);
  const lbId = s.ids.nextHex('lb', 16);
  const loadBalancerArn = `${prefix}:loadbalancer/app/${o.name}/${lbId}`;
  const listenerArn = `${prefix}:listener/app/${o.name}/${lbId}/${s.ids.nextHex('listener', 16)}`;
  const tgArn =
    o.targetGroupArn ?? seedTargetGroup(s, { name: `${o.name}-default`, instanceIds: [] });
  if (!s.targetGroups.has(tgArn)) throw new Error(`sim-aws: unknown target group ${tgArn}`);
  const defaultRule: RuleRecord = {
    arn: newRuleArn(s, listenerArn),
    listenerArn,
    priority: 'default',
    conditions: [],
    actions: [
      {
        Type: 'forward',
        TargetGroupArn: tgArn,
        ForwardConfig: { TargetGroups: [{ TargetGroupArn: tgArn, Weight: 1 }] },
      },
    ],
    lifecycle: new Timeline<'active' | 'deleted'>('active', s.now()),
  };
  s.ruleHistory.set(defaultRule.arn, defaultRule);
  s.listeners.set(listenerArn, {
    arn: listenerArn,
    loadBalancerArn,
    loadBalancerName: o.name,
    rules: [defaultRule],
  });
  return { loadBalancerArn, listenerArn };
}

/** A rule ARN under the listener, the way ELBv2 derives it. */
export function newRuleArn(s: SimState, listenerArn: string): string {
  return `${listenerArn.replace(':listener/', ':listener-rule/')}/${s.ids.nextHex('rule', 16)}`;
}
