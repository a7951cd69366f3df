import type {
  BackupJob,
  DescribeBackupJobOutput,
  ListBackupJobsOutput,
  StartBackupJobOutput,
} from '@aws-sdk/client-backup';
import { invalidParameter, SimApiError } from './errors';
import { instanceArn } from './ids';
import type { InputReader } from './input';
import { holdBackingUp } from './rds';
import { backupJobEndsAt, backupJobPercentDone, backupJobStateAt } from './backup-job-model';
import type { ActionHandler, BackupJobRecord, SimState } from './state';

/** An on-demand job is expected to start within 8 hours by default (Backup's StartBy). */
const START_WINDOW_MS = 8 * 3600_000;

/** The job's StartBy: the end of its start window. */
export function backupJobStartBy(job: BackupJobRecord): number {
  return job.createdAt + START_WINDOW_MS;
}

interface BackupTarget {
  resourceType: 'EC2' | 'Aurora';
  recoveryPointArn: (jobId: string) => string;
  clusterId?: string;
}

function resolveTarget(s: SimState, resourceArn: string): BackupTarget {
  const instanceId = [...s.instances.keys()].find(
    (id) => instanceArn(s.region, s.accountId, id) === resourceArn,
  );
  if (instanceId !== undefined) {
    return {
      resourceType: 'EC2',
      recoveryPointArn: () => `arn:aws:ec2:${s.region}::image/ami-${s.ids.nextHex('ami', 17)}`,
    };
  }
  const cluster = [...s.clusters.values()].find((c) => c.arn === resourceArn);
  if (cluster !== undefined) {
    return {
      resourceType: 'Aurora',
      clusterId: cluster.id,
      recoveryPointArn: (jobId) =>
        `arn:aws:rds:${s.region}:${s.accountId}:cluster-snapshot:awsbackup:job-${jobId.toLowerCase()}`,
    };
  }
  throw invalidParameter(
    'backup',
    `Invalid ARN: ${resourceArn} does not name a supported resource`,
  );
}

function readLifecycle(input: InputReader): number | undefined {
  const days = input.optRecord('Lifecycle')?.DeleteAfterDays;
  if (days === undefined) return undefined;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1) {
    throw invalidParameter('backup', 'Lifecycle.DeleteAfterDays must be a positive integer');
  }
  return days;
}

function startOutput(job: BackupJobRecord): StartBackupJobOutput {
  return {
    BackupJobId: job.id,
    RecoveryPointArn: job.recoveryPointArn,
    CreationDate: new Date(job.createdAt),
    IsParent: false,
  };
}

/**
 * Starts a job, honouring the idempotency token: a retry with the same token and request
 * gets the first job back and starts nothing, the same token with another request fails.
 */
const startBackupJob: ActionHandler = (s, input): StartBackupJobOutput => {
  const vaultName = input.string('BackupVaultName');
  const resourceArn = input.string('ResourceArn');
  const iamRoleArn = input.string('IamRoleArn');
  const deleteAfterDays = readLifecycle(input);
  const token = input.optString('IdempotencyToken');
  const requestKey = JSON.stringify([vaultName, resourceArn, iamRoleArn, deleteAfterDays ?? null]);
  if (token !== undefined) {
    const earlier = [...s.backupJobs.values()].find((j) => j.idempotencyToken === token);
    if (earlier !== undefined && earlier.requestKey !== requestKey) {
      throw invalidParameter(
        'backup',
        `IdempotencyToken ${token} was already used with different parameters`,
      );
    }
    if (earlier !== undefined) return startOutput(earlier);
  }
  const target = resolveTarget(s, resourceArn);
  const now = s.now();
  const id = s.ids.nextUuid('backup', 'B4C1D2E3').toUpperCase();
  const cluster = target.clusterId === undefined ? undefined : s.clusters.get(target.clusterId);
  const clusterStatus = cluster?.status.stateAt(now);
  // A snapshot of an available Aurora cluster holds it in `backing-up`, blocking a stop.
  if (cluster !== undefined && clusterStatus === 'available') {
    holdBackingUp(cluster, now, now + s.timings.dbBackingUpMs);
  }
  const heldCluster =
    cluster !== undefined && (clusterStatus === 'available' || clusterStatus === 'backing-up');
  const job: BackupJobRecord = {
    id,
    vaultName,
    resourceArn,
    resourceType: target.resourceType,
    iamRoleArn,
    recoveryPointArn: target.recoveryPointArn(id),
    createdAt: now,
    deleteAfterDays,
    requestKey,
    idempotencyToken: token,
    ends: heldCluster
      ? { whenClusterLeavesBackingUp: cluster.id }
      : { at: now + s.timings.backupJobMs },
  };
  s.backupJobs.set(id, job);
  return startOutput(job);
};

/** The ARN of a backup vault in the account. */
export function backupVaultArn(s: SimState, vaultName: string): string {
  return `arn:aws:backup:${s.region}:${s.accountId}:backup-vault:${vaultName}`;
}

function jobView(s: SimState, job: BackupJobRecord, t: number): BackupJob {
  const state = backupJobStateAt(s, job, t);
  const end = backupJobEndsAt(s, job);
  return {
    AccountId: s.accountId,
    BackupJobId: job.id,
    BackupVaultName: job.vaultName,
    BackupVaultArn: backupVaultArn(s, job.vaultName),
    RecoveryPointArn: job.recoveryPointArn,
    ResourceArn: job.resourceArn,
    ResourceType: job.resourceType,
    CreationDate: new Date(job.createdAt),
    ...(state === 'COMPLETED' && end !== undefined ? { CompletionDate: new Date(end) } : {}),
    State: state,
    PercentDone: backupJobPercentDone(s, job, t).toFixed(1),
    IamRoleArn: job.iamRoleArn,
    StartBy: new Date(backupJobStartBy(job)),
    IsParent: false,
  };
}

const describeBackupJob: ActionHandler = (s, input): DescribeBackupJobOutput => {
  const id = input.string('BackupJobId');
  const job = s.backupJobs.get(id);
  if (job === undefined) {
    throw new SimApiError('backup', 'ResourceNotFoundException', `Backup job ${id} not found`);
  }
  return jobView(s, job, s.now());
};

const listBackupJobs: ActionHandler = (s, input): ListBackupJobsOutput => {
  const byResource = input.optString('ByResourceArn');
  const byState = input.optString('ByState');
  const now = s.now();
  const jobs = [...s.backupJobs.values()]
    .filter((j) => byResource === undefined || j.resourceArn === byResource)
    .map((j) => jobView(s, j, now))
    .filter((j) => byState === undefined || j.State === byState)
    .reverse();
  return { BackupJobs: jobs };
};

/** The AWS Backup actions the jobnet uses. */
export const backupActions: Record<string, ActionHandler> = {
  StartBackupJob: startBackupJob,
  DescribeBackupJob: describeBackupJob,
  ListBackupJobs: listBackupJobs,
};
