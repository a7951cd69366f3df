import {
  CreateTableCommand,
  DeleteItemCommand,
  DynamoDBClient,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import type { AddressInfo } from 'node:net';
import { RUN_RECORDS_TABLE_KEY } from '../bot/progress-notifier/run-records';
import { RUN_LOCK_TABLE_KEY } from '../bot/services/run-lock';
import { SCHEDULE_TABLE_KEY } from '../bot/services/schedule-state';
import { RUN_STATE_TABLE_KEY } from '../contract/waits';
import type { IoTracker } from './virtual-time';

/** The lock table's name in the local mode and tests. */
export const LOCAL_RUN_LOCK_TABLE = 'webapp-chatops-run-locks';
/** The progress notifier's run records table, likewise. */
export const LOCAL_RUN_RECORDS_TABLE = 'webapp-chatops-run-records';
/** Holds, skips, one-off runs and firings of the schedules, likewise. */
export const LOCAL_SCHEDULE_TABLE = 'webapp-chatops-schedules';
/** The jobnets' run-state table: run records, waits, poll leases (contract/waits.ts). */
export const LOCAL_RUN_STATE_TABLE = 'webapp-chatops-run-state';

export interface LocalDynamoDB {
  /** The endpoint the real SDK client talks to. */
  readonly endpoint: string;
  /**
   * A DynamoDB client for this endpoint (fixed dummy credentials, no retries hidden). Under
   * virtual time, pass its tracker: a request must finish before simulated time moves on.
   */
  client(trackIo?: IoTracker): DynamoDBClient;
  /** Empties the run lock table: every system free (tests, between cases). */
  clearLocks(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real DynamoDB implementation (dynalite, in memory) on a loopback port, with the app's
 * tables created: the run lock's and the run records' correctness rests on DynamoDB's own
 * conditional writes, so tests and the local mode use them rather than a hand-written table.
 */
export async function startLocalDynamoDB(): Promise<LocalDynamoDB> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = (trackIo?: IoTracker) => {
    const ddb = new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    if (trackIo) {
      ddb.middlewareStack.add((next) => (args) => trackIo(() => next(args)), {
        step: 'initialize',
        name: 'trackLoopbackIo',
      });
    }
    return ddb;
  };
  const admin = client();
  for (const [TableName, key] of [
    [LOCAL_RUN_LOCK_TABLE, RUN_LOCK_TABLE_KEY],
    [LOCAL_RUN_RECORDS_TABLE, RUN_RECORDS_TABLE_KEY],
    [LOCAL_SCHEDULE_TABLE, SCHEDULE_TABLE_KEY],
  ] as const) {
    await admin.send(new CreateTableCommand({ TableName, BillingMode: 'PAY_PER_REQUEST', ...key }));
  }
  await admin.send(
    new CreateTableCommand({
      TableName: LOCAL_RUN_STATE_TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [...RUN_STATE_TABLE_KEY.KeySchema],
      AttributeDefinitions: [...RUN_STATE_TABLE_KEY.AttributeDefinitions],
      GlobalSecondaryIndexes: RUN_STATE_TABLE_KEY.GlobalSecondaryIndexes.map((index) => ({
        ...index,
        KeySchema: [...index.KeySchema],
      })),
    }),
  );
  return {
    endpoint,
    client,
    async clearLocks() {
      const out = await admin.send(new ScanCommand({ TableName: LOCAL_RUN_LOCK_TABLE }));
      for (const item of out.Items ?? []) {
        const key = { [RUN_LOCK_TABLE_KEY.KeySchema[0].AttributeName]: item.system };
        await admin.send(new DeleteItemCommand({ TableName: LOCAL_RUN_LOCK_TABLE, Key: key }));
      }
    },
    close: () => {
      admin.destroy();
      const closed = new Promise<void>((resolve, reject) =>
        server.close((e) => (e ? reject(e) : resolve())),
      );
      // Clients' keep-alive sockets would hold the server open: a closed store drops them.
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      return closed;
    },
  };
}
