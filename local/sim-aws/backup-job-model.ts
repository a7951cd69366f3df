import type { BackupJobRecord, BackupJobState, SimState } from './state';
import type { Transition } from './types';

/**
 * When the job completes, or undefined while no end is planned. A job on an Aurora cluster
 * ends the instant the cluster leaves the `backing-up` it was in when the job began, so
 * "COMPLETED" and "the cluster is available again" are one instant whatever moved the end.
 */
export function backupJobEndsAt(s: SimState, job: BackupJobRecord): number | undefined {
  if ('at' in job.ends) return job.ends.at;
  const cluster = s.clusters.get(job.ends.whenClusterLeavesBackingUp);
  if (cluster === undefined) return undefined;
  const transitions = cluster.status.transitions();
  const held = transitions.findLastIndex((e) => e.at <= job.createdAt);
  return transitions[held + 1]?.at;
}

/** The job's states: CREATED and RUNNING when started (on-demand jobs start at once), then COMPLETED. */
export function backupJobTransitions(s: SimState, job: BackupJobRecord): Transition[] {
  const end = backupJobEndsAt(s, job);
  return [
    { at: job.createdAt, state: 'CREATED' },
    { at: job.createdAt, state: 'RUNNING' },
    ...(end === undefined ? [] : [{ at: end, state: 'COMPLETED' }]),
  ];
}

/** The job's state at t (CREATED before it began, for a read at its creation instant). */
export function backupJobStateAt(s: SimState, job: BackupJobRecord, t: number): BackupJobState {
  const end = backupJobEndsAt(s, job);
  if (end !== undefined && t >= end) return 'COMPLETED';
  return t >= job.createdAt ? 'RUNNING' : 'CREATED';
}

/** Percent done at t, as DescribeBackupJob reports it: linear over the job's planned run. */
export function backupJobPercentDone(s: SimState, job: BackupJobRecord, t: number): number {
  const end = backupJobEndsAt(s, job);
  if (end !== undefined && t >= end) return 100;
  const planned = end === undefined ? s.timings.backupJobMs : end - job.createdAt;
  return Math.min(99, (Math.max(0, t - job.createdAt) / Math.max(1, planned)) * 100);
}
