import { gunzipSync } from 'node:zlib';

/** A CloudWatch Logs subscription delivery: gzip'd JSON, base64-encoded. */
export interface LogsSubscriptionEvent {
  readonly awslogs: { readonly data: string };
}

/** EventBridge "Step Functions Execution Status Change". */
export interface StatusChangeEvent {
  readonly 'detail-type': string;
  readonly detail: {
    readonly executionArn: string;
    readonly status: string;
    /** Epoch ms; null while the execution runs. */
    readonly stopDate?: number | null;
  };
}

export type NotifierEvent = LogsSubscriptionEvent | StatusChangeEvent;

/** The statuses an execution (or an attempt of it, before a redrive) ends with. */
const TERMINAL_STATUSES: ReadonlySet<string> = new Set([
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'ABORTED',
]);

/** What an event asks of the notifier for one execution. */
export interface Trigger {
  readonly executionArn: string;
  /** The newest history event id the delivery carried: the history is read up to there. */
  readonly newestEventId?: number;
  /** Set when the event reports that the execution ended: its run lock is released. */
  readonly ended?: { readonly status: string; readonly stopDate?: number };
}

/** The executions an event is about, each once, in the order first seen. */
export function triggersIn(event: NotifierEvent): Trigger[] {
  if ('awslogs' in event) {
    const payload = JSON.parse(
      gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8'),
    ) as { logEvents?: { message: string }[] };
    const seen = new Map<string, { newest: number; unknown: boolean }>();
    for (const { message } of payload.logEvents ?? []) {
      const logged = parseLogged(message);
      if (!logged?.execution_arn) continue;
      const entry = seen.get(logged.execution_arn) ?? { newest: 0, unknown: false };
      // Step Functions logs each history event with its id (a string); without one, how far
      // the history has grown is unknown.
      const id = Number(logged.id);
      if (Number.isInteger(id) && id > 0) entry.newest = Math.max(entry.newest, id);
      else entry.unknown = true;
      seen.set(logged.execution_arn, entry);
    }
    return [...seen].map(([executionArn, { newest, unknown }]) => ({
      executionArn,
      ...(unknown ? {} : { newestEventId: newest }),
    }));
  }
  const { executionArn, status, stopDate } = event.detail ?? {};
  if (!executionArn) return [];
  return [
    {
      executionArn,
      ...(TERMINAL_STATUSES.has(status)
        ? { ended: { status, ...(typeof stopDate === 'number' ? { stopDate } : {}) } }
        : {}),
    },
  ];
}

function parseLogged(message: string): { execution_arn?: string; id?: string } | undefined {
  try {
    return JSON.parse(message) as { execution_arn?: string; id?: string };
  } catch {
    return undefined;
  }
}
