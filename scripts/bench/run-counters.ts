import type { EventNotices } from './event-notices';
import type { InvocationSpan, RequestCounts } from './jobnet-figures';

/**
 * What a bench run counts besides the simulated account's API calls: the requests to DynamoDB
 * and SQS, the events EventBridge delivered, and every Lambda invocation (task functions and
 * any other function the run set going). Mutable: the counting hooks below add to it.
 */
export interface RunCounters {
  readonly dynamoDb: { reads: number; writes: number };
  sqsRequests: number;
  eventBridgeEvents: number;
  /** When each waited resource's AWS event reached the matcher (see event-notices.ts). */
  eventNotices: EventNotices;
  readonly invocations: InvocationSpan[];
}

export function newRunCounters(): RunCounters {
  return {
    dynamoDb: { reads: 0, writes: 0 },
    sqsRequests: 0,
    eventBridgeEvents: 0,
    eventNotices: new Map(),
    invocations: [],
  };
}

/** DynamoDB's data-plane commands, by how they are priced; others (DescribeTable…) are free. */
const DYNAMODB_READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
const DYNAMODB_WRITES = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);

/** Whether a DynamoDB command (`GetItem`) is a priced read or write. */
export function dynamoDbRequestKind(commandName: string): keyof RequestCounts | undefined {
  if (DYNAMODB_READS.has(commandName)) return 'reads';
  if (DYNAMODB_WRITES.has(commandName)) return 'writes';
  return undefined;
}

/** Any AWS SDK v3 client: what the counters hook into. */
interface SdkClient {
  send(command: object, ...rest: never[]): Promise<unknown>;
}

/**
 * Calls `onRequest` with the command's name (`GetItem`) for every command the client sends.
 * It wraps `send` rather than adding a middleware: local clients answer in an `initialize`
 * middleware of their own, which a later one would never reach. The SDK's retries of one
 * command are not seen; the local endpoints do not throttle.
 */
export function onEachRequest(client: SdkClient, onRequest: (commandName: string) => void): void {
  const send = client.send.bind(client);
  client.send = (command, ...rest) => {
    onRequest(command.constructor.name.replace(/Command$/, ''));
    return send(command, ...rest);
  };
}

/** Counts a DynamoDB client's priced requests into `counters.dynamoDb`. */
export function countDynamoDbRequests(client: SdkClient, counters: RunCounters): void {
  onEachRequest(client, (commandName) => {
    const kind = dynamoDbRequestKind(commandName);
    if (kind) counters.dynamoDb[kind] += 1;
  });
}

/** Counts an SQS client's requests (SendMessage, ReceiveMessage, DeleteMessage…) into `counters`. */
export function countSqsRequests(client: SdkClient, counters: RunCounters): void {
  onEachRequest(client, () => (counters.sqsRequests += 1));
}

/**
 * A local function that records each call as a Lambda invocation of `functionArn`, on `now`
 * (the run's simulated clock): for functions no state machine task invokes, such as an
 * EventBridge rule's target or an SQS consumer. A call that throws is an invocation too.
 */
export function recordedFunction<E, R>(
  functionArn: string,
  fn: (event: E) => Promise<R>,
  counters: RunCounters,
  now: () => number = () => Date.now(),
): (event: E) => Promise<R> {
  return async (event) => {
    const startedAt = now();
    try {
      return await fn(event);
    } finally {
      counters.invocations.push({ functionArn, startedAt, endedAt: now() });
    }
  };
}
