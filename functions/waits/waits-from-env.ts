import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { systemClock, type Clock } from '../../contract/clock';
import type { Powertools } from '../../observability/powertools';
import { SqsPollQueue, type PollQueue } from './poll-queue';
import { WaitStore } from './wait-store';

/**
 * What every function that records or completes waits shares (the waiting steps, the matcher,
 * the poller), built once per container from its environment.
 */
export interface WaitsRuntime {
  readonly store: WaitStore;
  readonly sfn: SFNClient;
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
    sfn: capture(new SFNClient({})),
    queue: new SqsPollQueue(capture(new SQSClient({})), env.POLL_QUEUE_URL ?? ''),
    clock: systemClock,
  };
}
