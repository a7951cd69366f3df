import type { WebClient } from '@slack/web-api';
import type { AuditTrail } from '../audit/audit-trail';
import { buildExecutionInput } from '../../config/execution-input';
import type { AppConfig, SystemConfig } from '../../config/schema';
import type { ScheduleConfig } from '../../config/schedules-schema';
import type { JobnetName } from '../../contract/jobnets';
import type { RunTrigger } from '../../contract/run-trigger';
import { describeSchedule } from '../../contract/schedule-expression';
import { formatInZone } from '../../contract/zoned-time';
import {
  busyLine,
  calendarClosedLine,
  calendarUnreadableLine,
  heldLine,
  notApprovedLine,
  skippedLine,
  startFailedLine,
  type FiringLabel,
} from '../blocks/firing-lines';
import { announce } from '../blocks/announce';
import { runMessage } from '../blocks/run-message';
import { runName } from '../run-name';
import { dependencyProblem } from '../services/dependency-problem';
import type { Executions } from '../services/executions';
import type { RunLock } from '../services/run-lock';
import type { FiringKey, OneOff, ScheduleState } from '../services/schedule-state';
import { CalendarUnavailable, type CalendarCheck } from './calendar-check';
import { firingSource, normalInstant, type ScheduledFiring } from './firing';

export interface ScheduledRunDeps {
  readonly config: AppConfig;
  readonly state: ScheduleState;
  readonly lock: RunLock;
  readonly executions: Pick<Executions, 'start' | 'executionArn'>;
  readonly slack: () => Promise<WebClient>;
  /** The change calendar's state at a time (GetCalendarState, and the event that closes it). */
  readonly calendar: (name: string, at: Date) => Promise<CalendarCheck>;
  readonly now: () => number;
  /** Where each firing (started, skipped, and why) is recorded. */
  readonly audit: AuditTrail;
  readonly log: (message: string, keys?: Record<string, unknown>) => void;
}

/** What one delivery of a firing did. */
export type FiringOutcome =
  | { readonly outcome: 'started'; readonly executionArn: string; readonly runId: string }
  | { readonly outcome: 'skipped'; readonly reason: SkipReason; readonly line?: string }
  | { readonly outcome: 'duplicate'; readonly status: string; readonly executionArn?: string }
  | { readonly outcome: 'unknown'; readonly problem: string };

export type SkipReason =
  | 'held'
  | 'skipped'
  | 'calendar-closed'
  | 'calendar-unreadable'
  | 'run-going'
  | 'not-approved'
  | 'start-failed';

/** What the starter knows of a firing once it has found its schedule or one-off. */
interface Resolved {
  readonly system: SystemConfig;
  readonly jobnet: JobnetName;
  readonly label: FiringLabel;
  readonly trigger: RunTrigger;
  readonly schedule?: ScheduleConfig;
  readonly oneOff?: OneOff;
  readonly approvalTimeoutSeconds: number;
}

/**
 * Starts the run a schedule or a one-off fires, the way the bot starts a person's: the same
 * input built from configuration, the same run lock, a root message in the system's channel
 * and the same live thread after it. Before that it checks, in order, that this delivery is
 * the first (Scheduler delivers at least once), that the system is not held, that nobody
 * skipped this occurrence, that the change calendar is open and that no run of the system is
 * going; a firing that does not start says why in one line in the channel.
 *
 * Until a line or the root message is in the channel, a failure gives the firing back and
 * throws, so Scheduler retries it (and dead-letters it in the end); after that, the channel has
 * been told what happened and the firing is settled.
 */
export async function startScheduledRun(
  firing: ScheduledFiring,
  deps: ScheduledRunDeps,
): Promise<FiringOutcome> {
  const resolved = await resolve(firing, deps);
  if ('problem' in resolved) {
    deps.log('Firing of an unknown schedule ignored', { problem: resolved.problem });
    return { outcome: 'unknown', problem: resolved.problem };
  }
  const { system, jobnet, trigger } = resolved;
  const scheduledAt = normalInstant(firing.scheduledAt);
  const key: FiringKey = { system: system.name, source: firingSource(firing), scheduledAt };
  const name = runName(jobnet, system.name, `${key.source}@${scheduledAt}`, new Date(scheduledAt));
  const executionArn = deps.executions.executionArn(jobnet, name);
  const policy = trigger.kind === 'person' ? undefined : trigger.policy;
  const claim = await deps.state.claimFiring(key, { policy, runId: name });
  if (!claim.claimed) {
    deps.log('Firing delivered again; already handled', { status: claim.firing.status });
    return {
      outcome: 'duplicate',
      status: claim.firing.status,
      ...(claim.firing.executionArn ? { executionArn: claim.firing.executionArn } : {}),
    };
  }
  try {
    return await decideAndStart(resolved, { key, name, executionArn, scheduledAt }, deps);
  } catch (error) {
    // Nothing is in the channel yet: give the firing back, so Scheduler's retry can take it.
    await deps.state.releaseFiring(key).catch(() => undefined);
    throw error;
  }
}

interface RunPlan {
  readonly key: FiringKey;
  readonly name: string;
  readonly executionArn: string;
  readonly scheduledAt: string;
}

async function decideAndStart(
  resolved: Resolved,
  run: RunPlan,
  deps: ScheduledRunDeps,
): Promise<FiringOutcome> {
  const { system, label, oneOff } = resolved;
  const channel = oneOff?.channel ?? system.channel;
  const threadTs = oneOff?.threadTs;
  const skip = async (reason: SkipReason, line: string): Promise<FiringOutcome> => {
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
  const hold = await deps.state.holdOf(system.name);
  if (hold) return skip('held', heldLine(label, hold));
  if (resolved.schedule) {
    const skipped = await deps.state.skipOf(system.name, resolved.schedule.name, run.scheduledAt);
    if (skipped) return skip('skipped', skippedLine(label, skipped));
    const calendar = resolved.schedule.calendar;
    if (calendar) {
      try {
        const check = await deps.calendar(calendar, new Date(run.scheduledAt));
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
  const requestedBy = oneOff?.requestedBy ?? `schedule ${label.name}`;
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
): Promise<FiringOutcome> {
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
  deps.log('Scheduled run started', { executionArn: run.executionArn, runId: run.name });
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

/** The system, the schedule or one-off, and what the run's input says started it. */
async function resolve(
  firing: ScheduledFiring,
  deps: ScheduledRunDeps,
): Promise<Resolved | { problem: string }> {
  const system = deps.config.systems.find((s) => s.name === firing.system);
  if (!system) return { problem: `no system ${firing.system} in the configuration` };
  const approvalTimeoutSeconds = deps.config.slack.approvalTimeoutSeconds;
  if (firing.kind === 'schedule') {
    const schedule = system.schedules.find((s) => s.name === firing.schedule);
    if (!schedule) return { problem: `no schedule ${firing.schedule} for ${system.name}` };
    const timeZone = schedule.timeZone;
    // When it fires, in words; the configured description says why, in /webapp schedules.
    const description = describeSchedule(schedule.expression, timeZone);
    const holdWindowMinutes =
      schedule.approval === 'unless-held' ? schedule.holdWindowMinutes : undefined;
    return {
      system,
      jobnet: schedule.jobnet,
      schedule,
      label: { name: schedule.name, system: system.name, jobnet: schedule.jobnet, timeZone },
      trigger: {
        kind: 'schedule',
        schedule: schedule.name,
        scheduledAt: normalInstant(firing.scheduledAt),
        policy: schedule.approval,
        ...(holdWindowMinutes ? { holdWindowMinutes } : {}),
        description,
      },
      approvalTimeoutSeconds: holdWindowMinutes ? holdWindowMinutes * 60 : approvalTimeoutSeconds,
    };
  }
  const oneOff = await deps.state.oneOff(system.name, firing.oneOffId);
  if (!oneOff) return { problem: `no one-off run ${firing.oneOffId} of ${system.name}` };
  const at = formatInZone(new Date(oneOff.at), oneOff.timeZone);
  return {
    system,
    jobnet: oneOff.jobnet,
    oneOff,
    label: {
      name: `The one-off ${oneOff.jobnet} of ${system.name} at ${at}`,
      system: system.name,
      jobnet: oneOff.jobnet,
      timeZone: oneOff.timeZone,
    },
    trigger: {
      kind: 'one-off',
      oneOffId: oneOff.id,
      scheduledAt: normalInstant(firing.scheduledAt),
      policy: 'preapproved',
    },
    approvalTimeoutSeconds,
  };
}
