import {
  paginateFilterLogEvents,
  type CloudWatchLogsClient,
  type FilterLogEventsCommandOutput,
} from '@aws-sdk/client-cloudwatch-logs';
import type { AuditRecord } from '../../contract/audit-record';
import { foldRuns, newestComplete, RUN_ACTIONS, type RunHistory } from './history-fold';

/** What `/webapp history` asks of the trail. */
export interface HistoryQuery {
  /** One system's runs; every system's without. */
  readonly system?: string;
  readonly count: number;
  /** Now, epoch ms: reading starts here and goes back. */
  readonly now: number;
  /** The audit log group's retention: nothing older is there to read. */
  readonly retentionDays: number;
}

/** The bounds of one reading, so a slow or throttled trail never holds the answer up. */
export interface HistoryLimits {
  /** FilterLogEvents calls at most. */
  readonly maxCalls: number;
  /** How long the whole reading may take, in ms. */
  readonly deadlineMs: number;
}

export const HISTORY_LIMITS: HistoryLimits = { maxCalls: 20, deadlineMs: 20_000 };

/** What was read: the runs (newest first), and whether that is all there is to say. */
export interface HistoryRead {
  readonly runs: readonly RunHistory[];
  readonly calls: number;
  /** Why the answer may leave runs out: the call cap, the deadline, or the trail failing. */
  readonly partial?: string;
}

/** FilterLogEvents reads newest first only from this time on. */
const NEWEST_FIRST_FROM = Date.UTC(2024, 0, 1);
const DAY_MS = 86_400_000;

/** The filter pattern for a system's (or every system's) run records. */
export function historyPattern(system: string | undefined): string {
  const actions = RUN_ACTIONS.map((a) => `$.action = "${a}"`).join(' || ');
  return system === undefined
    ? `{ ${actions} }`
    : `{ $.system = "${system.replace(/["\\]/g, '')}" && (${actions}) }`;
}

/**
 * Reads the newest `count` runs from the audit log group: FilterLogEvents newest first
 * (`startFromHead: false`) from now back to the retention, page by page, until `count` runs
 * have been read back to their request or firing — so a page of the newest records usually
 * answers — or the trail ends. At most `maxCalls` calls within `deadlineMs`: past either, or
 * when the service fails, it answers with what it has and says why.
 */
export async function readHistory(
  logs: CloudWatchLogsClient,
  groupName: string,
  query: HistoryQuery,
  limits: HistoryLimits = HISTORY_LIMITS,
): Promise<HistoryRead> {
  const records: AuditRecord[] = [];
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'deadline'>((resolve) => {
    timer = setTimeout(() => resolve('deadline'), limits.deadlineMs);
  });
  let calls = 0;
  const pages = paginateFilterLogEvents(
    {
      client: logs,
      // A page of about the records of `count` runs (some 6 to 10 each) and what others wrote between.
      pageSize: Math.min(10_000, Math.max(100, query.count * 20)),
      withCommand: (command) => {
        calls += 1;
        return command;
      },
    },
    {
      logGroupName: groupName,
      startTime: Math.max(NEWEST_FIRST_FROM, query.now - query.retentionDays * DAY_MS),
      endTime: query.now,
      startFromHead: false,
      filterPattern: historyPattern(query.system),
    },
    { abortSignal: controller.signal },
  );
  let partial: string | undefined;
  try {
    for (;;) {
      const next = await Promise.race([pages.next(), deadline]);
      if (next === 'deadline') {
        partial = `the audit trail did not answer within ${limits.deadlineMs / 1000} s`;
        break;
      }
      if (next.done) break;
      records.push(...parse(next.value));
      if (newestComplete(foldRuns(records), query.count) || !next.value.nextToken) break;
      if (calls >= limits.maxCalls) {
        partial = `it read ${calls} pages of the audit trail, the most one answer reads`;
        break;
      }
    }
  } catch (error) {
    partial = `the audit trail could not be read (${(error as Error).name}: ${(error as Error).message})`;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  const runs = foldRuns(records);
  return {
    runs: newestComplete(runs, query.count) ?? runs.slice(0, query.count),
    calls,
    ...(partial ? { partial } : {}),
  };
}

function parse(page: FilterLogEventsCommandOutput): AuditRecord[] {
  return (page.events ?? []).flatMap((event) => {
    try {
      return [JSON.parse(event.message ?? '') as AuditRecord];
    } catch {
      return [];
    }
  });
}
