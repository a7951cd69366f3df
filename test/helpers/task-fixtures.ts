import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { CallbackTaskEvent } from '../../functions/lib/callback-task';
import { WaitStore } from '../../functions/waits/wait-store';
import { LOCAL_RUN_STATE_TABLE } from '../../local/local-dynamodb';
import { executionArn, recordingQueue, testClock } from './wait-fixtures';

/**
 * What a waiting step's function is given in a test: the real store on the local table, a
 * recording poll queue, a settable clock whose sleeps are kept (the backoff of a retried call),
 * and an SFN client for the caller's mock.
 */
export function taskWaitDeps(ddb: DynamoDBClient) {
  const clock = testClock();
  const sleeps: number[] = [];
  const sleep = clock.sleep;
  clock.sleep = async (ms) => {
    sleeps.push(ms);
    await sleep(ms);
  };
  const store = new WaitStore({ ddb, tableName: LOCAL_RUN_STATE_TABLE, clock });
  const queue = recordingQueue();
  const sfn = new SFNClient({ region: 'us-east-1' });
  return { clock, store, queue, sfn, sleeps };
}

let serial = 0;

/**
 * The fields the definitions give every waiting step, with a token and an execution of their
 * own: tests sharing one table never meet each other's waits, leases or run records.
 */
export function callbackTaskEvent(step: string, timeoutSeconds = 600): CallbackTaskEvent {
  serial += 1;
  const runId = `run-shop-20261202T2200-${serial.toString(16).padStart(8, '0')}`;
  return {
    taskToken: `AQCEAAAAKgAAAAMAAAAA-token-${serial}`,
    executionArn: executionArn(runId),
    runId,
    system: 'shop',
    step,
    timeoutSeconds,
  };
}
