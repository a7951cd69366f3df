import { statusMessage, type StatusInput } from '../blocks/status';
import type { SystemConfig } from '../../config/schema';
import type { Observed } from '../../contract/plan';

/** Sent by the bot (asynchronously) for `/webapp status`. */
export interface SystemStatusEvent {
  readonly system: SystemConfig;
  readonly executions: StatusInput['executions'];
  /** Slack's response URL of the command: the answer goes there, visible to the caller only. */
  readonly responseUrl: string;
}

export interface SystemStatusDeps {
  readonly observe: (system: SystemConfig) => Promise<Observed>;
  readonly post: (url: string, body: unknown) => Promise<void>;
}

/**
 * Looks at every resource of a system and answers the slash command through its response URL.
 * It runs apart from the bot so the bot acknowledges at once and stays small; a failure is
 * answered too (and not rethrown: a retried async invocation would answer twice).
 */
export async function reportStatus(e: SystemStatusEvent, deps: SystemStatusDeps): Promise<void> {
  let message: { text: string; blocks?: unknown[] };
  try {
    const observed = await deps.observe(e.system);
    message = statusMessage({ system: e.system.name, ...observed, executions: e.executions });
  } catch (error) {
    message = {
      text: `Could not read the status of \`${e.system.name}\`: ${(error as Error).name}: ${(error as Error).message}`,
    };
  }
  await deps.post(e.responseUrl, {
    response_type: 'ephemeral',
    replace_original: false,
    ...message,
  });
}

/** POSTs JSON to a Slack response URL. */
export async function postToResponseUrl(url: string, body: unknown): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`Response URL answered ${response.status}`);
}
