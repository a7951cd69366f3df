import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { systemClock, type Clock } from '../../contract/clock';
import type { Powertools } from '../../observability/powertools';
import { SqsPollQueue, type PollQueue } from './poll-queue';
import { WaitStore } from './wait-store';

/** What the matcher and the poller share, built once per container from their environment. */
export interface WaitsRuntime {
  readonly store: WaitStore;
  readonly queue: PollQueue;
  readonly clock: Clock;
}

/** The run-state table (RUN_STATE_TABLE_NAME) and the poll queue (POLL_QUEUE_URL). */
export function waitsFromEnv(tools: Powertools, env = process.env): WaitsRuntime {
  const capture = <C extends object>(client: C) => tools.tracer.captureAWSv3Client(client);
  return {
    store: new WaitStore({
      ddb: capture(new DynamoDBClient({})),
      tableName: env.RUN_STATE_TABLE_NAME ?? '',
      clock: systemClock,
    }),
    queue: new SqsPollQueue(capture(new SQSClient({})), env.POLL_QUEUE_URL ?? ''),
    clock: systemClock,
  };
}
