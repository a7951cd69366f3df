import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  type DescribeExecutionCommandOutput,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import type { WebClient } from '@slack/web-api';
import { mockClient } from 'aws-sdk-client-mock';
import { MemoryAuditTrail } from './memory-audit-trail';
import type { NotifierDeps } from '../../bot/progress-notifier/notifier';
import { RUN_RECORDS_TABLE_KEY, RunRecords } from '../../bot/progress-notifier/run-records';
import { RUN_LOCK_TABLE_KEY, RunLock } from '../../bot/services/run-lock';
import { systemClock, type Clock } from '../../contract/clock';
import { JOBNET_STEPS } from '../../contract/jobnet-steps';
import type { LocalExecution } from '../../local/sfn/local-step-functions';
import { createLocalSfnClient } from '../../local/sfn/sfn-client';
import type { JobnetHarness } from './jobnet-harness';

let tables = 0;

/**
 * A fresh run records table and run lock table on a local DynamoDB, so runs of one test never
 * meet the records of another (the harness names every run alike).
 */
export async function freshTables(ddb: DynamoDBClient, clock: Clock = systemClock) {
  tables += 1;
  const names = { records: `run-records-${tables}`, lock: `run-locks-${tables}` };
  for (const [TableName, key] of [
    [names.records, RUN_RECORDS_TABLE_KEY],
    [names.lock, RUN_LOCK_TABLE_KEY],
  ] as const) {
    await ddb.send(new CreateTableCommand({ TableName, BillingMode: 'PAY_PER_REQUEST', ...key }));
  }
  return {
    names,
    records: new RunRecords(ddb, names.records, clock.now),
    lock: (
      statusOf: (executionArn: string) => Promise<string | undefined> = async () => undefined,
    ) => new RunLock(ddb, names.lock, statusOf, clock.now),
  };
}

/** The notifier's dependencies on the harness's local Step Functions and the given Slack. */
export function notifierDeps(
  harness: JobnetHarness,
  web: WebClient,
  tablesOf: Awaited<ReturnType<typeof freshTables>>,
  overrides: Partial<NotifierDeps> = {},
): NotifierDeps {
  return {
    sfn: createLocalSfnClient(harness.sfn),
    slack: async () => web,
    clock: systemClock,
    catalogs: JOBNET_STEPS,
    audit: new MemoryAuditTrail('progress-notifier'),
    records: tablesOf.records,
    lock: tablesOf.lock(async (arn) => harness.sfn.describeExecution(arn)?.status),
    ...overrides,
  };
}

/** An execution as DescribeExecution and GetExecutionHistory showed it at one moment. */
export interface Snapshot {
  readonly describe: DescribeExecutionCommandOutput;
  readonly events: readonly HistoryEvent[];
}

/** Takes a snapshot of an execution now (under virtual time too: nothing here waits on a timer). */
export async function snapshotOf(
  harness: JobnetHarness,
  execution: LocalExecution,
): Promise<Snapshot> {
  const local = createLocalSfnClient(harness.sfn);
  const describe = await harness.vt.run(
    local.send(new DescribeExecutionCommand({ executionArn: execution.executionArn })),
  );
  return { describe, events: harness.history(execution) };
}

/**
 * A Step Functions client answering from a snapshot, as the service pages: newest first when
 * asked, `maxResults` per page (100 by default), a next token while more remain. It counts
 * the history events it returned.
 */
export function snapshotSfn(first: Snapshot) {
  let snapshot = first;
  const sfn = new SFNClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const mock = mockClient(sfn);
  const served = { events: 0 };
  mock.on(DescribeExecutionCommand).callsFake(() => snapshot.describe);
  mock.on(GetExecutionHistoryCommand).callsFake((input) => {
    const ordered = input.reverseOrder ? [...snapshot.events].reverse() : [...snapshot.events];
    const start = Number(input.nextToken ?? 0);
    const end = start + (input.maxResults ?? 100);
    const events = ordered.slice(start, end);
    served.events += events.length;
    return { events, ...(end < ordered.length ? { nextToken: String(end) } : {}) };
  });
  return {
    sfn,
    mock,
    served,
    /** What the service shows from now on. */
    show(next: Snapshot) {
      snapshot = next;
    },
  };
}
