import { paginateDescribeInstances, type EC2Client } from '@aws-sdk/client-ec2';
import { DescribeDBClustersCommand, type RDSClient } from '@aws-sdk/client-rds';
import { awsErrorCode } from '../../contract/errors';
import { paginateListCommandInvocations, type SSMClient } from '@aws-sdk/client-ssm';

/** Filter values per call: a batch of resources, well within what the services take. */
export const IDS_PER_LOOK = 100;

/** What the sweep needs of an instance. */
export interface InstanceLook {
  readonly state: string;
  /** When the instance last started: the time it became running, near enough. */
  readonly launchedAt?: number;
}

/**
 * The instances' states, by id. A filter on instance-id, not InstanceIds: an id that no longer
 * exists is then left out of the answer instead of failing the whole call.
 */
export async function lookAtInstances(
  ec2: EC2Client,
  ids: readonly string[],
): Promise<Map<string, InstanceLook>> {
  const found = new Map<string, InstanceLook>();
  for (const batch of chunks(ids)) {
    const pages = paginateDescribeInstances(
      { client: ec2 },
      { Filters: [{ Name: 'instance-id', Values: batch }] },
    );
    for await (const page of pages) {
      for (const instance of (page.Reservations ?? []).flatMap((r) => r.Instances ?? [])) {
        if (!instance.InstanceId) continue;
        found.set(instance.InstanceId, {
          state: instance.State?.Name ?? 'unknown',
          launchedAt: instance.LaunchTime?.getTime(),
        });
      }
    }
  }
  return found;
}

/** `commandId#instanceId` of a Run Command invocation. */
export const invocationKey = (commandId: string, instanceId: string) =>
  `${commandId}#${instanceId}`;

/** The status of every shell-script invocation since `invokedAfter`, by invocationKey. */
export async function lookAtInvocations(
  ssm: SSMClient,
  invokedAfter: number,
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const pages = paginateListCommandInvocations(
    { client: ssm },
    {
      Filters: [
        { key: 'InvokedAfter', value: new Date(invokedAfter).toISOString() },
        { key: 'DocumentName', value: 'AWS-RunShellScript' },
      ],
    },
  );
  for await (const page of pages) {
    for (const inv of page.CommandInvocations ?? []) {
      if (inv.CommandId && inv.InstanceId && inv.Status) {
        found.set(invocationKey(inv.CommandId, inv.InstanceId), inv.Status);
      }
    }
  }
  return found;
}

/** The clusters' statuses, by identifier; a cluster that no longer exists is left out. */
export async function lookAtClusters(
  rds: RDSClient,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  // One call per cluster, by identifier: IAM scopes DescribeDBClusters to the configured
  // clusters, and a call with Filters is authorised against every cluster (cluster:*). A run
  // waits on one cluster, so this stays one call per pending cluster.
  for (const id of ids) {
    try {
      const out = await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }));
      const status = out.DBClusters?.[0]?.Status;
      if (status) found.set(id, status);
    } catch (error) {
      if (awsErrorCode(error) !== 'DBClusterNotFoundFault') throw error;
    }
  }
  return found;
}

function chunks(ids: readonly string[]): string[][] {
  const unique = [...new Set(ids)];
  const out: string[][] = [];
  for (let i = 0; i < unique.length; i += IDS_PER_LOOK) out.push(unique.slice(i, i + IDS_PER_LOOK));
  return out;
}
