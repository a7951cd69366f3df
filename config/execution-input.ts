import type { JobnetInput, RunScope } from '../contract/jobnet-input';
import type { RunTrigger } from '../contract/run-trigger';
import type { SystemConfig } from './schema';

export interface RunRequest {
  readonly runId: string;
  readonly requestedBy?: string;
  readonly slack?: { readonly channel: string; readonly threadTs?: string };
  /** A schedule or a one-off run; a person's run leaves it out. */
  readonly trigger?: RunTrigger;
  /** How long the Approval state waits (the configured timeout, or a hold window). */
  readonly approvalTimeoutSeconds: number;
  /** Why the run was asked for (`/webapp stop shop -- reason`). */
  readonly reason?: string;
  /** `database`: only the DB cluster (the Aurora watch's re-stop). Default the whole system. */
  readonly scope?: RunScope;
}

/**
 * The execution input of one run: the system's configuration plus who, where and which run
 * (the system's announce channel travels with the thread, so the notifier needs no config).
 * What is about when and where runs start (zone, channel, calendar, schedules) stays out: the
 * jobnet input is strict.
 */
export function buildExecutionInput(system: SystemConfig, request: RunRequest): JobnetInput {
  const {
    name,
    description: _description,
    timeZone: _timeZone,
    channel: _channel,
    calendar: _calendar,
    schedules: _schedules,
    triggers: _triggers,
    auroraWatch: _auroraWatch,
    requireReason: _requireReason,
    announceChannel,
    ...targets
  } = system;
  return {
    ...targets,
    system: name,
    runId: request.runId,
    approvalTimeoutSeconds: request.approvalTimeoutSeconds,
    ...(request.trigger ? { trigger: request.trigger } : {}),
    ...(request.reason ? { reason: request.reason } : {}),
    ...(request.scope && request.scope !== 'system' ? { scope: request.scope } : {}),
    ...(request.requestedBy ? { requestedBy: request.requestedBy } : {}),
    ...(request.slack
      ? {
          slack: {
            ...request.slack,
            ...(announceChannel ? { announceChannel } : {}),
          },
        }
      : {}),
  };
}

/** Finds the system a command names, or the only one when it names none. */
export function selectSystem(
  systems: readonly SystemConfig[],
  name: string | undefined,
): { system: SystemConfig } | { problem: string } {
  if (!name) {
    if (systems.length === 1) return { system: systems[0] };
    return { problem: `Name a system: ${systems.map((s) => `\`${s.name}\``).join(', ')}` };
  }
  const system = systems.find((s) => s.name === name);
  return system
    ? { system }
    : {
        problem: `Unknown system \`${name}\`. Known: ${systems.map((s) => `\`${s.name}\``).join(', ')}`,
      };
}
