import { auroraRestartWarning } from '../blocks/aurora-watch';
import { warningKey } from '../services/aurora-watch-state';
import { clusterStatus, lastStoppedAt, withDeadline } from './rds-look';
import {
  channelOf,
  DEFAULT_LOOK_TIMEOUT_MS,
  watchedSystems,
  type AuroraWatchDeps,
  type WatchedSystem,
} from './watch-deps';
import { MAX_STOPPED_MS } from './watch-input';

/** How far ahead the daily check warns: it runs once a day, so each restart is warned once. */
export const WARN_AHEAD_MS = 24 * 3600_000;

/** What the daily check found for one watched system. */
export type SystemCheck =
  | { readonly system: string; readonly cluster: string; readonly status: string }
  | {
      readonly system: string;
      readonly cluster: string;
      readonly status: 'stopped';
      readonly stoppedAt: number;
      readonly restartAt: number;
      /** Warned by this run, already warned before, or not due yet. */
      readonly warning: 'posted' | 'already' | 'not-due';
    };

/**
 * The daily check: for each watched system whose cluster is stopped, when it stopped (its latest
 * RDS-EVENT-0150) and so when AWS will start it (7 days on); when that is within the next 24
 * hours, a warning in the system's channel, once per stop (a conditional write keyed by the stop).
 * Every look is made before anything is posted, each bounded: a throttled or stalled RDS fails
 * the invocation with nothing posted, and EventBridge Scheduler tries it again.
 */
export async function dailyCheck(deps: AuroraWatchDeps): Promise<SystemCheck[]> {
  const now = deps.now();
  const looks: { system: WatchedSystem; status: string; stoppedAt?: number }[] = [];
  for (const system of watchedSystems(deps.config)) {
    looks.push({ system, ...(await look(system, now, deps)) });
  }
  const checks: SystemCheck[] = [];
  for (const { system, status, stoppedAt } of looks) {
    const base = { system: system.name, cluster: system.dbClusterId };
    if (status !== 'stopped' || stoppedAt === undefined) {
      if (status === 'stopped') deps.log('Cluster stopped, but RDS lists no stop event', base);
      checks.push({ ...base, status });
      continue;
    }
    const restartAt = stoppedAt + MAX_STOPPED_MS;
    const warning =
      restartAt - now <= WARN_AHEAD_MS ? await warn(system, stoppedAt, deps) : 'not-due';
    checks.push({ ...base, status: 'stopped', stoppedAt, restartAt, warning });
  }
  return checks;
}

async function look(
  system: WatchedSystem,
  now: number,
  deps: AuroraWatchDeps,
): Promise<{ status: string; stoppedAt?: number }> {
  const ms = deps.lookTimeoutMs ?? DEFAULT_LOOK_TIMEOUT_MS;
  const cluster = system.dbClusterId;
  const status = await withDeadline('DescribeDBClusters', ms, clusterStatus(deps.rds, cluster));
  if (status !== 'stopped') return { status };
  const stoppedAt = await withDeadline('DescribeEvents', ms, lastStoppedAt(deps.rds, cluster, now));
  return { status, ...(stoppedAt !== undefined ? { stoppedAt } : {}) };
}

/** Posts the warning for this stop unless it was posted before; 'already' when it was. */
async function warn(
  system: WatchedSystem,
  stoppedAt: number,
  deps: AuroraWatchDeps,
): Promise<'posted' | 'already'> {
  const stopped = new Date(stoppedAt).toISOString();
  const key = warningKey(stopped);
  const claim = await deps.state.claim(system.name, key);
  if ('status' in claim) return 'already';
  const restartAt = stoppedAt + MAX_STOPPED_MS;
  let ts: string | undefined;
  try {
    const slack = await deps.slack();
    const posted = await slack.chat.postMessage({
      channel: channelOf(deps.config, system),
      ...auroraRestartWarning({
        system: system.name,
        clusterId: system.dbClusterId,
        stoppedAt: stopped,
        restartAt,
        timeZone: system.timeZone,
        policy: system.auroraWatch.policy,
      }),
    });
    ts = posted.ts;
  } catch (error) {
    // Nothing is in the channel: give the warning back for the scheduler's retry.
    await deps.state.release(system.name, key).catch(() => undefined);
    throw error;
  }
  await deps.state.settle(system.name, key, { status: 'done', ...(ts ? { ts } : {}) });
  await deps.audit.record({
    action: 'alert',
    system: system.name,
    actor: { kind: 'app', id: 'aurora-watch' },
    outcome: 'raised',
    detail: {
      kind: 'aurora-restart-warning',
      clusterId: system.dbClusterId,
      stoppedAt: stopped,
      restartAt: new Date(restartAt).toISOString(),
      policy: system.auroraWatch.policy,
    },
  });
  deps.log('Restart warning posted', { system: system.name, restartAt });
  return 'posted';
}
