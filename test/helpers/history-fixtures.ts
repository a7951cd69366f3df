import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  DescribeExecutionOutput,
  GetExecutionHistoryCommandInput,
  GetExecutionHistoryCommandOutput,
  HistoryEvent,
} from '@aws-sdk/client-sfn';

/** The histories in test/fixtures/sfn-history, shaped as the Step Functions API returns them. */
export type HistoryFixtureName =
  | 'stop-waiting-for-approval'
  | 'stop-approved-in-progress'
  | 'stop-failed-in-map-iteration'
  | 'stop-redriven'
  | 'stop-approval-expired'
  | 'start-waiting-to-reopen';

export interface HistoryFixture {
  readonly comment: string;
  readonly describe: DescribeExecutionOutput;
  readonly events: HistoryEvent[];
}

const DATE_FIELDS = new Set(['timestamp', 'startDate', 'stopDate', 'redriveDate']);

/** A fixture as the SDK hands it over: its ISO date strings become Dates. */
export function historyFixture(name: HistoryFixtureName): HistoryFixture {
  const text = readFileSync(join(__dirname, '../fixtures/sfn-history', `${name}.json`), 'utf8');
  const raw = JSON.parse(text, (key, value: unknown) =>
    DATE_FIELDS.has(key) && typeof value === 'string' ? new Date(value) : value,
  ) as {
    comment: string;
    describeExecution: DescribeExecutionOutput;
    getExecutionHistory: { events: HistoryEvent[] };
  };
  return {
    comment: raw.comment,
    describe: raw.describeExecution,
    events: raw.getExecutionHistory.events,
  };
}

/**
 * GetExecutionHistory over a fixture as the service answers it: oldest first unless
 * reverseOrder, maxResults a page (default 100), the rest behind nextToken.
 */
export function historyPages(events: readonly HistoryEvent[]) {
  return (input: GetExecutionHistoryCommandInput): Partial<GetExecutionHistoryCommandOutput> => {
    const ordered = input.reverseOrder ? [...events].reverse() : [...events];
    const size = input.maxResults || 100;
    const from = input.nextToken ? Number(input.nextToken) : 0;
    const next = from + size;
    return {
      events: ordered.slice(from, next),
      ...(next < ordered.length ? { nextToken: String(next) } : {}),
    };
  };
}
