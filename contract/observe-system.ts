import {
  paginateDescribeInstances,
  type EC2Client,
  type Filter,
  type Instance,
} from '@aws-sdk/client-ec2';
import {
  DescribeTargetHealthCommand,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeDBClustersCommand, type RDSClient } from '@aws-sdk/client-rds';
import { awsErrorCode, JobnetError, JobnetErrors } from './errors';
import { JOBNET_TAG_KEY } from './jobnet-tag';
import type { JobnetRun } from './jobnet-input';
import { listenerRules } from './listener-rules';
import { isMaintenanceRule, ruleAtPriority } from './maintenance-rule';
import type { Observed } from './plan';

/**
 * The read-only look at a system's resources. Both sides need the same answer — Prepare (AWS
 * side) to plan a run, the status responder (Slack side) for `/webapp status` — so it lives in
 * the contract. It only reads.
 */

export interface ObserveClients {
  readonly ec2: EC2Client;
  readonly rds: RDSClient;
  readonly elbv2: ElasticLoadBalancingV2Client;
}

/** The current state of every resource of a system; read-only (also serves `/webapp status`). */
export async function observeSystem(
  run: Pick<
    JobnetRun,
    'instances' | 'dbClusterId' | 'listenerArn' | 'targetGroupArn' | 'maintenancePage'
  >,
  deps: ObserveClients,
): Promise<Observed> {
  const [instances, status, maintenancePage, targets] = await Promise.all([
    resolveInstances(deps.ec2, run),
    clusterStatus(deps.rds, run.dbClusterId),
    pageState(deps.elbv2, run),
    targetStates(deps.elbv2, run.targetGroupArn),
  ]);
  return { instances, db: { id: run.dbClusterId, status }, maintenancePage, targets };
}

async function resolveInstances(
  ec2: EC2Client,
  run: Pick<JobnetRun, 'instances'>,
): Promise<Observed['instances']> {
  const { ids, tags } = run.instances;
  const filters: Filter[] | undefined = tags
    ? [
        ...Object.entries(tags).map(([key, value]) => ({ Name: `tag:${key}`, Values: [value] })),
        { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] },
      ]
    : undefined;
  const found: Instance[] = [];
  try {
    const pages = paginateDescribeInstances(
      { client: ec2 },
      { InstanceIds: ids, Filters: filters },
    );
    for await (const page of pages) {
      for (const reservation of page.Reservations ?? [])
        found.push(...(reservation.Instances ?? []));
    }
  } catch (error) {
    if (awsErrorCode(error) === 'InvalidInstanceID.NotFound') {
      throw new JobnetError(
        JobnetErrors.invalidInput,
        `instances.ids: ${unknownIds((error as Error).message)}`,
      );
    }
    throw error;
  }
  if (found.length === 0) {
    const selector = Object.entries(tags ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    throw new JobnetError(
      JobnetErrors.noInstances,
      `instances.tags {${selector}} matched no instances`,
    );
  }
  return found
    .map((i) => ({
      id: i.InstanceId ?? '?',
      name: i.Tags?.find((t) => t.Key === 'Name')?.Value,
      state: i.State?.Name ?? 'unknown',
      // Instances listed by id are admitted by the jobnet tag (IAM is scoped by it).
      ...(ids ? { jobnetTag: i.Tags?.find((t) => t.Key === JOBNET_TAG_KEY)?.Value ?? '' } : {}),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

async function clusterStatus(rds: RDSClient, clusterId: string): Promise<string> {
  const out = await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: clusterId }));
  return out.DBClusters?.[0]?.Status ?? 'unknown';
}

async function pageState(
  elbv2: ElasticLoadBalancingV2Client,
  run: Pick<JobnetRun, 'listenerArn' | 'maintenancePage'>,
): Promise<'up' | 'down'> {
  const rules = await listenerRules(elbv2, run.listenerArn);
  const rule = ruleAtPriority(rules, run.maintenancePage.priority);
  return rule && isMaintenanceRule(rule) ? 'up' : 'down';
}

async function targetStates(elbv2: ElasticLoadBalancingV2Client, targetGroupArn: string) {
  const out = await elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }));
  return (out.TargetHealthDescriptions ?? []).map((d) => ({
    id: d.Target?.Id ?? '?',
    state: d.TargetHealth?.State ?? 'unknown',
  }));
}

/** At most this many unknown ids are named; the rest are counted. */
const IDS_NAMED = 10;

/**
 * EC2's "The instance IDs 'i-…, i-…' do not exist" names every id: thousands of them would
 * make a message no one reads (and Slack cuts). Name the first few and count the rest.
 */
export function unknownIds(message: string): string {
  const ids = [...new Set(message.match(/\bi-[0-9a-f]{8,17}\b/g) ?? [])];
  if (ids.length <= IDS_NAMED) return message;
  const named = ids.slice(0, IDS_NAMED).join(', ');
  return `${ids.length} instance ids do not exist: ${named} and ${ids.length - IDS_NAMED} more`;
}
