import type { HistoryRead } from '../audit/history-reader';
import { historyMessage } from '../blocks/history';

/** Sent by the bot (asynchronously) for `/webapp history [system] [count]`. */
export interface HistoryEvent {
  /** One system's runs; every system's without. */
  readonly system?: string;
  readonly count: number;
  /** Slack's response URL of the command: the answer goes there, visible to the caller only. */
  readonly responseUrl: string;
}

export interface HistoryReportDeps {
  /** Reads the newest `count` runs from the audit trail (see readHistory). */
  readonly read: (query: { system?: string; count: number }) => Promise<HistoryRead>;
  readonly post: (url: string, body: unknown) => Promise<void>;
}

/**
 * Reads the audit trail and answers the slash command through its response URL, privately. It
 * runs apart from the bot, which acknowledges at once: reading a year of records may take
 * seconds. A reading that failed or stopped short is answered too, saying so (and not rethrown:
 * a retried async invocation would answer twice). Returns what was read, for the logs.
 */
export async function reportHistory(
  e: HistoryEvent,
  deps: HistoryReportDeps,
): Promise<HistoryRead | undefined> {
  let message: { text: string; blocks?: unknown[] };
  let read: HistoryRead | undefined;
  try {
    read = await deps.read({ ...(e.system ? { system: e.system } : {}), count: e.count });
    message = historyMessage({
      ...(e.system ? { system: e.system } : {}),
      count: e.count,
      runs: read.runs,
      ...(read.partial ? { partial: read.partial } : {}),
    });
  } catch (error) {
    message = {
      text: `Could not read the audit trail: ${(error as Error).name}: ${(error as Error).message}`,
    };
  }
  await deps.post(e.responseUrl, {
    response_type: 'ephemeral',
    replace_original: false,
    ...message,
  });
  return read;
}
