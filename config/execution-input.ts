import type { JobnetInput } from '../contract/jobnet-input';
import type { SystemConfig } from './schema';

export interface RunRequest {
  readonly runId: string;
  readonly requestedBy?: string;
  readonly slack?: { readonly channel: string; readonly threadTs?: string };
}

/** The execution input of one run: the system's configuration plus who, where and which run. */
export function buildExecutionInput(system: SystemConfig, request: RunRequest): JobnetInput {
  // What only the bot and the scheduler read stays out: the jobnet input schema is strict.
  const {
    name,
    description: _description,
    timeZone: _timeZone,
    channel: _channel,
    calendar: _calendar,
    schedules: _schedules,
    ...targets
  } = system;
  return {
    ...targets,
    system: name,
    runId: request.runId,
    ...(request.requestedBy ? { requestedBy: request.requestedBy } : {}),
    ...(request.slack ? { slack: { ...request.slack } } : {}),
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
