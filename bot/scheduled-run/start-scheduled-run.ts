import type { WebClient } from '@slack/web-api';
import { AURORA_RESTOP_TRIGGER } from '../../config/triggers-schema';
import type { AuditTrail } from '../audit/audit-trail';
import { buildExecutionInput } from '../../config/execution-input';
import type { AppConfig } from '../../config/schema';
import {
  busyLine,
  calendarClosedLine,
  calendarUnreadableLine,
  heldLine,
  notApprovedLine,
  skippedLine,
  startFailedLine,
} from '../blocks/firing-lines';
import { announce } from '../blocks/announce';
import { runMessage } from '../blocks/run-message';
import { runName } from '../run-name';
import { dependencyProblem } from '../services/dependency-problem';
import type { Executions } from '../services/executions';
import type { RunLock } from '../services/run-lock';
import type { FiringKey, ScheduleState } from '../services/schedule-state';
import { CalendarUnavailable, type CalendarCheck } from './calendar-check';
import { firingKeyOf, type ScheduledFiring } from './firing';
import {
  firingRecord,
  type FiringOutcome,
  type HandledFiring,
  type SkipReason,
} from './firing-audit';
import { resolveFiring, type Resolved } from './resolve-firing';

export type { FiringOutcome, SkipReason } from './firing-audit';

export interface ScheduledRunDeps {
  readonly config: AppConfig;
  readonly state: ScheduleState;
  readonly lock: RunLock;
  readonly executions: Pick<Executions, 'start' | 'executionArn'>;
  readonly slack: () => Promise<WebClient>;
  /** The change calendar's state at a time (GetCalendarState, and the event that closes it). */
  readonly calendar: (name: string, at: Date) => Promise<CalendarCheck>;
  readonly now: () => number;
  /** Where each firing (started, skipped and why, or delivered again) is recorded. */
  readonly audit: AuditTrail;
  /** What the trigger rules' names begin with (the stack's name): the root message links them. */
  readonly eventRulePrefix?: string;
  readonly log: (message: string, keys?: Record<string, unknown>) => void;
}

/**
 * Starts the run a schedule, a one-off or an event trigger fires, the way the bot starts a
 * person's: the same input built from configuration, the same run lock, a root message in the
 * system's channel and the same live thread after it. Before that it checks, in order, that
 * this delivery is the first (Scheduler and EventBridge deliver at least once), that the system
 * is not held, that nobody skipped this occurrence, that the change calendar is open (those two
 * for schedules) and that no run of the system is going; a firing that does not start says why
 * in one line in the channel. Each delivery leaves one `firing` record in the audit trail.
 *
 * Until a line or the root message is in the channel, a failure gives the firing back and
 * throws, so Scheduler or EventBridge retries it (and dead-letters it in the end); after that,
 * the channel has been told what happened and the firing is settled.
 */
export async function startScheduledRun(
  firing: ScheduledFiring,
  deps: ScheduledRunDeps,
): Promise<FiringOutcome> {
  const resolved = await resolveFiring(firing, deps);
  if ('problem' in resolved) {
    deps.log('Firing of an unknown schedule or trigger ignored', { problem: resolved.problem });
    return { outcome: 'unknown', problem: resolved.problem };
  }
  const outcome = await claimAndStart(resolved, deps);
  await deps.audit.record(firingRecord(resolved, outcome));
  return outcome;
}

async function claimAndStart(resolved: Resolved, deps: ScheduledRunDeps): Promise<HandledFiring> {
  const { system, jobnet, trigger } = resolved;
  const key = firingKeyOf(system.name, trigger);
  const name = runName(jobnet, system.name, `${key.source}@${key.occurrence}`, resolved.at);
  const executionArn = deps.executions.executionArn(jobnet, name);
  const claim = await deps.state.claimFiring(key, { policy: trigger.policy, runId: name });
  if (!claim.claimed) {
    deps.log('Firing delivered again; already handled', { status: claim.firing.status });
    return {
      outcome: 'duplicate',
      status: claim.firing.status,
      ...(claim.firing.executionArn ? { executionArn: claim.firing.executionArn } : {}),
    };
  }
  try {
    return await decideAndStart(resolved, { key, name, executionArn }, deps);
  } catch (error) {
    // Nothing is in the channel yet: give the firing back, so the retry can take it.
    await deps.state.releaseFiring(key).catch(() => undefined);
    throw error;
  }
}

interface RunPlan {
  readonly key: FiringKey;
  readonly name: string;
  readonly executionArn: string;
}

async function decideAndStart(
  resolved: Resolved,
  run: RunPlan,
  deps: ScheduledRunDeps,
): Promise<HandledFiring> {
  const { system, label, oneOff } = resolved;
  const channel = oneOff?.channel ?? system.channel;
  const threadTs = oneOff?.threadTs;
  const skip = async (reason: SkipReason, line: string): Promise<HandledFiring> => {
    await post(deps, channel, line, threadTs);
    // Announce channel: the same line there (announce never throws, so never fails a firing).
    await announce(deps.slack, system, line);
    await deps.state.settleFiring(run.key, { status: 'skipped', note: reason });
    deps.log('Firing skipped', { reason });
    return { outcome: 'skipped', reason, line };
  };

  if (oneOff && (oneOff.status !== 'scheduled' || !oneOff.approvedBy)) {
    return skip('not-approved', notApprovedLine(label, oneOff.status));
  }
  // A hold keeps runs from changing a system; the Aurora watch's re-stop only undoes what AWS
  // changed (it started a cluster the system keeps stopped), so a hold does not skip it.
  const hold = isAuroraRestop(resolved) ? undefined : await deps.state.holdOf(system.name);
  if (hold) return skip('held', heldLine(label, hold));
  if (resolved.schedule) {
    const occurrence = run.key.occurrence;
    const skipped = await deps.state.skipOf(system.name, resolved.schedule.name, occurrence);
    if (skipped) return skip('skipped', skippedLine(label, skipped));
    const calendar = resolved.schedule.calendar;
    if (calendar) {
      try {
        const check = await deps.calendar(calendar, new Date(occurrence));
        if (check.state === 'CLOSED') {
          return skip('calendar-closed', calendarClosedLine(label, calendar, check.event));
        }
      } catch (error) {
        // A calendar that does not exist or may not be read will not fix itself on a retry;
        // an AWS outage may, so that one goes back to Scheduler.
        if (!(error instanceof CalendarUnavailable) || error.transient) throw error;
        return skip('calendar-unreadable', calendarUnreadableLine(label, calendar, error.message));
      }
    }
  }
  const requestedBy = oneOff?.requestedBy ?? requester(resolved);
  const lock = await deps.lock.acquire({
    system: system.name,
    executionArn: run.executionArn,
    jobnet: resolved.jobnet,
    requestedBy,
  });
  if (!lock.acquired) return skip('run-going', busyLine(label, lock.holder));
  return start(resolved, run, deps, channel);
}

/** Under the lock: the root message (or the one-off's thread), then StartExecution. */
async function start(
  resolved: Resolved,
  run: RunPlan,
  deps: ScheduledRunDeps,
  channel: string,
): Promise<HandledFiring> {
  const { system, jobnet, label, trigger, oneOff } = resolved;
  const release = () =>
    deps.lock.release(system.name, run.executionArn, deps.now()).catch(() => false);
  let threadTs: string;
  try {
    threadTs = oneOff?.threadTs ?? (await postRoot(deps, channel, resolved, run.executionArn));
  } catch (error) {
    await release();
    throw error;
  }
  if (oneOff) {
    // The record the approval step checks: this run is the one the approval was given for.
    const fired = await deps.state.transitionOneOff(
      system.name,
      oneOff.id,
      ['scheduled'],
      'fired',
      {
        runId: run.name,
        executionArn: run.executionArn,
      },
    );
    if (!fired) {
      await release();
      const now = await deps.state.oneOff(system.name, oneOff.id);
      await post(deps, channel, notApprovedLine(label, now?.status ?? 'gone'), threadTs);
      await deps.state.settleFiring(run.key, { status: 'skipped', note: 'not-approved' });
      return { outcome: 'skipped', reason: 'not-approved' };
    }
  }
  const input = buildExecutionInput(system, {
    runId: run.name,
    ...(oneOff ? { requestedBy: oneOff.requestedBy } : {}),
    // Reasons: a one-off's reason goes into its run's input (root message, plan, records).
    ...(oneOff?.reason ? { reason: oneOff.reason } : {}),
    slack: { channel, threadTs },
    trigger,
    scope: resolved.scope,
    approvalTimeoutSeconds: resolved.approvalTimeoutSeconds,
  });
  try {
    await deps.executions.start(jobnet, run.name, input);
  } catch (error) {
    const problem = dependencyProblem(error);
    await release();
    // The root message this firing posted says it will not start; a one-off's thread is told.
    const line = startFailedLine(label, problem);
    const told = oneOff
      ? post(deps, channel, line, threadTs)
      : deps
          .slack()
          .then((slack) => slack.chat.update({ channel, ts: threadTs, text: line, blocks: [] }));
    await told.catch(() => undefined);
    await deps.state.settleFiring(run.key, { status: 'skipped', note: 'start-failed' });
    deps.log('StartExecution failed', { problem });
    return { outcome: 'skipped', reason: 'start-failed' };
  }
  await deps.state.settleFiring(run.key, {
    status: 'started',
    runId: run.name,
    executionArn: run.executionArn,
  });
  deps.log('Run started', { executionArn: run.executionArn, runId: run.name });
  return { outcome: 'started', executionArn: run.executionArn, runId: run.name };
}

async function postRoot(
  deps: ScheduledRunDeps,
  channel: string,
  resolved: Resolved,
  executionArn: string,
): Promise<string> {
  const slack = await deps.slack();
  const out = await slack.chat.postMessage({
    channel,
    ...runMessage({
      jobnet: resolved.jobnet,
      system: resolved.system.name,
      executionArn,
      trigger: resolved.trigger,
      // The Aurora watch's re-stop says from its first line that only the DB cluster stops.
      ...(resolved.scope === 'database' ? { scope: 'database' as const } : {}),
    }),
  });
  if (!out.ts) throw new Error('Slack did not say where the root message is');
  return out.ts;
}

async function post(
  deps: ScheduledRunDeps,
  channel: string,
  text: string,
  threadTs?: string,
): Promise<void> {
  const slack = await deps.slack();
  // A one-off's line goes into its thread, shown in the channel too.
  await slack.chat.postMessage(
    threadTs ? { channel, text, thread_ts: threadTs, reply_broadcast: true } : { channel, text },
  );
}

/** Who holds the lock of a run nobody asked for, as a busy refusal names it. */
function requester(resolved: Resolved): string {
  const { trigger } = resolved;
  return trigger.kind === 'event'
    ? `trigger ${trigger.trigger}`
    : `schedule ${resolved.label.name}`;
}

/** The Aurora watch's re-stop of a cluster AWS started after seven days stopped. */
function isAuroraRestop(resolved: Resolved): boolean {
  return resolved.trigger.kind === 'event' && resolved.trigger.trigger === AURORA_RESTOP_TRIGGER;
}
