import type {
  DescribeTargetGroupsOutput,
  DescribeTargetHealthOutput,
  TargetGroup,
  TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { SimApiError } from './errors';
import { healthyAfterMs, targetHealthAt } from './instance-model';
import type { ActionHandler, SimState, TargetGroupRecord } from './state';

const MAX_PAGE_SIZE = 400;

function notFound(): SimApiError {
  return new SimApiError('elbv2', 'TargetGroupNotFound', 'One or more target groups not found');
}

function findGroup(s: SimState, arn: string): TargetGroupRecord {
  const group = s.targetGroups.get(arn);
  if (group === undefined) throw notFound();
  return group;
}

/** The load balancers whose live rules forward to the group. */
function loadBalancersOf(s: SimState, group: TargetGroupRecord): string[] {
  const arns = [...s.listeners.values()]
    .filter((l) =>
      l.rules.some((r) =>
        r.actions.some(
          (a) =>
            a.TargetGroupArn === group.arn ||
            a.ForwardConfig?.TargetGroups?.some((t) => t.TargetGroupArn === group.arn),
        ),
      ),
    )
    .map((l) => l.loadBalancerArn);
  return [...new Set(arns)];
}

function groupView(s: SimState, group: TargetGroupRecord): TargetGroup {
  return {
    TargetGroupArn: group.arn,
    TargetGroupName: group.name,
    Protocol: 'HTTP',
    Port: group.port,
    VpcId: 'vpc-0a1b2c3d4e5f60001',
    HealthCheckProtocol: 'HTTP',
    HealthCheckPort: 'traffic-port',
    HealthCheckEnabled: true,
    HealthCheckIntervalSeconds: group.healthCheckIntervalSeconds,
    HealthCheckTimeoutSeconds: 5,
    HealthyThresholdCount: group.healthyThresholdCount,
    UnhealthyThresholdCount: 2,
    HealthCheckPath: '/',
    Matcher: { HttpCode: '200' },
    LoadBalancerArns: loadBalancersOf(s, group),
    TargetType: 'instance',
    ProtocolVersion: 'HTTP1',
    IpAddressType: 'ipv4',
  };
}

/**
 * DescribeTargetGroups by ARNs, by names or by load balancer (one of them, or none for all),
 * with its health check settings: the simulation turns a started target healthy after
 * HealthyThresholdCount checks HealthCheckIntervalSeconds apart. PageSize (1-400) and Marker page.
 */
const describeTargetGroups: ActionHandler = (s, input): DescribeTargetGroupsOutput => {
  const arns = input.optStrings('TargetGroupArns');
  const names = input.optStrings('Names');
  const lbArn = input.optString('LoadBalancerArn');
  if ([arns, names, lbArn].filter((x) => x !== undefined).length > 1) {
    throw new SimApiError(
      'elbv2',
      'ValidationError',
      'A load balancer ARN, target group ARNs or target group names can be specified, but not more than one',
    );
  }
  const pageSize = input.optNumber('PageSize') ?? MAX_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new SimApiError('elbv2', 'ValidationError', `PageSize must be 1 to ${MAX_PAGE_SIZE}`);
  }
  let groups = [...s.targetGroups.values()];
  if (arns !== undefined) groups = arns.map((arn) => findGroup(s, arn));
  if (names !== undefined) {
    const all = groups;
    groups = names.map((name) => {
      const group = all.find((g) => g.name === name);
      if (group === undefined) throw notFound();
      return group;
    });
  }
  if (lbArn !== undefined) {
    if (![...s.listeners.values()].some((l) => l.loadBalancerArn === lbArn)) {
      throw new SimApiError(
        'elbv2',
        'LoadBalancerNotFound',
        'One or more load balancers not found',
      );
    }
    groups = groups.filter((g) => loadBalancersOf(s, g).includes(lbArn));
  }
  const offset = Number(input.optString('Marker') ?? '0');
  const page = groups.slice(offset, offset + pageSize);
  const next = offset + page.length;
  return {
    TargetGroups: page.map((g) => groupView(s, g)),
    ...(next < groups.length ? { NextMarker: String(next) } : {}),
  };
};

const describeTargetHealth: ActionHandler = (s, input): DescribeTargetHealthOutput => {
  const arn = input.string('TargetGroupArn');
  const group = s.targetGroups.get(arn);
  if (group === undefined) {
    throw new SimApiError('elbv2', 'TargetGroupNotFound', `Target groups '${arn}' not found`);
  }
  const asked = input.optList('Targets')?.map((t) => String(t.Id)) ?? group.instanceIds;
  const now = s.now();
  const describe = (id: string): TargetHealthDescription => {
    const inst = s.instances.get(id);
    const registered = inst !== undefined && group.instanceIds.includes(id);
    return {
      Target: { Id: id, Port: group.port },
      HealthCheckPort: String(group.port),
      TargetHealth: registered
        ? targetHealthAt(inst, now, healthyAfterMs(group))
        : {
            State: 'unused',
            Reason: 'Target.NotRegistered',
            Description: 'Target is not registered to the target group',
          },
    };
  };
  return { TargetHealthDescriptions: asked.map(describe) };
};

/** The target group reads: the groups' settings and their targets' health. */
export const targetGroupActions: Record<string, ActionHandler> = {
  DescribeTargetGroups: describeTargetGroups,
  DescribeTargetHealth: describeTargetHealth,
};
