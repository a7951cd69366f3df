import { auroraRestartAlert } from '../blocks/aurora-watch';
import { alertKey } from '../services/aurora-watch-state';
import { lastStoppedAt, withDeadline } from './rds-look';
import {
  channelOf,
  DEFAULT_LOOK_TIMEOUT_MS,
  watchedSystems,
  type AuroraWatchDeps,
  type WatchedSystem,
} from './watch-deps';
import { RDS_RESTARTED_AFTER_7_DAYS, type RdsClusterEvent } from './watch-input';

/** What one delivery of an RDS cluster event did. */
export type AlertOutcome =
  | { readonly outcome: 'alerted'; readonly system: string; readonly restop: boolean }
  | { readonly outcome: 'duplicate'; readonly system: string }
  | { readonly outcome: 'ignored'; readonly reason: string };

/**
 * AWS started a watched system's cluster after 7 days stopped (RDS-EVENT-0153): the alert goes
 * to the system's channel at once, then — when the system's policy is `restop`, or someone asked
 * for it from the warning — the re-stop of the DB cluster is handed to the scheduled-run
 * starter, which runs it under the watch's approval policy. EventBridge delivers at least once:
 * the event's id claims the alert, so a second delivery posts nothing; a delivery that failed
 * after the alert was posted carries on from there.
 */
export async function onClusterEvent(
  event: RdsClusterEvent,
  deps: AuroraWatchDeps,
): Promise<AlertOutcome> {
  const clusterId = event.detail.SourceIdentifier;
  const system = watchedSystems(deps.config).find((s) => s.dbClusterId === clusterId);
  if (!system) return { outcome: 'ignored', reason: `no watched system has cluster ${clusterId}` };
  if (event.detail.EventID !== RDS_RESTARTED_AFTER_7_DAYS) {
    return { outcome: 'ignored', reason: `${event.detail.EventID} is not a 7-day restart` };
  }
  const key = alertKey(event.id);
  const claim = await deps.state.claim(system.name, key);
  if ('status' in claim && claim.status !== 'posted') {
    deps.log('RDS event delivered again; already handled', { status: claim.status });
    return { outcome: 'duplicate', system: system.name };
  }
  const startedAt = Date.parse(event.time);
  const intent = await deps.state.intentFor(system.name, startedAt);
  // The policy re-stops every restart; on a notify system, a request from the warning this one.
  const restop: Restop | undefined =
    system.auroraWatch.policy === 'restop' ? {} : intent ? { askedBy: intent.by } : undefined;
  if (!('status' in claim)) {
    await postAlert(system, event, startedAt, restop, deps).catch(async (error: unknown) => {
      // Nothing is in the channel: give the alert back for the retry of this delivery.
      await deps.state.release(system.name, key).catch(() => undefined);
      throw error;
    });
  }
  if (restop) {
    // After the alert: a starter that cannot be reached fails this delivery, whose retry
    // finds the alert posted and hands the re-stop over again.
    await deps.startRestop({ kind: 'event', system: system.name, trigger: 'aurora-restop', event });
    deps.log('Re-stop handed to the starter', { system: system.name, eventId: event.id });
  }
  await deps.state.settle(system.name, key, { status: 'done' });
  return { outcome: 'alerted', system: system.name, restop: restop !== undefined };
}

/** A re-stop to start: by the system's policy, or asked for by someone from the warning. */
interface Restop {
  readonly askedBy?: string;
}

/** Posts the alert and records it. */
async function postAlert(
  system: WatchedSystem,
  event: RdsClusterEvent,
  startedAt: number,
  restop: Restop | undefined,
  deps: AuroraWatchDeps,
): Promise<void> {
  const clusterId = event.detail.SourceIdentifier;
  // Only for the words: when the look fails or RDS lists no stop, the alert goes out without it.
  const stoppedAt = await withDeadline(
    'DescribeEvents',
    deps.lookTimeoutMs ?? DEFAULT_LOOK_TIMEOUT_MS,
    lastStoppedAt(deps.rds, clusterId, startedAt),
  ).catch((error: unknown) => {
    deps.log('When the cluster stopped is not known', { error: (error as Error).name });
    return undefined;
  });
  const { approval, holdWindowMinutes } = system.auroraWatch;
  const alert = auroraRestartAlert({
    system: system.name,
    clusterId,
    ...(stoppedAt !== undefined ? { stoppedAt } : {}),
    startedAt,
    timeZone: system.timeZone,
    ...(restop
      ? {
          restop: {
            policy: approval,
            ...(holdWindowMinutes ? { holdWindowMinutes } : {}),
            ...restop,
          },
        }
      : {}),
  });
  const slack = await deps.slack();
  const posted = await slack.chat.postMessage({
    channel: channelOf(deps.config, system),
    ...alert,
  });
  await deps.state.settle(system.name, alertKey(event.id), {
    status: 'posted',
    ...(posted.ts ? { ts: posted.ts } : {}),
  });
  await deps.audit.record({
    action: 'alert',
    system: system.name,
    actor: { kind: 'app', id: 'aurora-watch' },
    outcome: 'raised',
    detail: {
      kind: 'aurora-restart',
      clusterId,
      eventId: event.id,
      startedAt: new Date(startedAt).toISOString(),
      ...(stoppedAt !== undefined ? { stoppedAt: new Date(stoppedAt).toISOString() } : {}),
      policy: system.auroraWatch.policy,
      restop: restop !== undefined,
      ...(restop?.askedBy ? { restopAskedBy: restop.askedBy } : {}),
    },
  });
}
