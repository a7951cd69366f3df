import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { ensurePollChain } from '../../../functions/waits/poll-chain';
import { SqsPollQueue } from '../../../functions/waits/poll-queue';
import { WaitStore } from '../../../functions/waits/wait-store';
import { LOCAL_RUN_STATE_TABLE } from '../../../local/local-dynamodb';
import { useLocalDynamoDB } from '../../helpers/local-dynamodb';
import {
  executionArn,
  recordingQueue,
  testClock,
  uniqueInstanceId,
} from '../../helpers/wait-fixtures';

const db = useLocalDynamoDB();
const sqsMock = mockClient(SQSClient);
beforeEach(() => sqsMock.reset());

function setup() {
  const clock = testClock();
  const store = new WaitStore({ ddb: db.client(), tableName: LOCAL_RUN_STATE_TABLE, clock });
  return { clock, store, queue: recordingQueue() };
}

describe("a run's poll chain", () => {
  it('is started once: a second registrant joins the live chain', async () => {
    const { clock, store, queue } = setup();
    const arn = executionArn(`chain-${uniqueInstanceId()}`);

    const first = await ensurePollChain(arn, clock.now() + 60_000, { store, queue, clock });
    clock.advance(2_000);
    const second = await ensurePollChain(arn, clock.now() + 60_000, { store, queue, clock });

    expect(first).toBeDefined();
    expect(second).toBeUndefined();
    expect(queue.sent).toEqual([
      { message: { kind: 'poll', executionArn: arn, chain: first }, delaySeconds: 60 },
    ]);
    expect(await store.getLease(arn)).toEqual({
      chain: first,
      nextPollAt: clock.now() - 2_000 + 60_000,
      wantedAt: clock.now(),
    });
  });

  it('leaves no lease behind when its first message cannot be sent', async () => {
    const { clock, store } = setup();
    const arn = executionArn(`chain-${uniqueInstanceId()}`);
    const failing = { send: () => Promise.reject(new Error('SQS is down')) };

    await expect(
      ensurePollChain(arn, clock.now() + 1_000, { store, queue: failing, clock }),
    ).rejects.toThrow('SQS is down');

    expect(await store.getLease(arn)).toBeUndefined();
  });
});

describe('the SQS poll queue', () => {
  it.each([
    [59.2, 60],
    [-3, 0],
    [3_600, 900],
  ])('delays a message due in %s s by %s s', async (due, delay) => {
    sqsMock.on(SendMessageCommand).resolves({});
    const queue = new SqsPollQueue(new SQSClient({ region: 'us-east-1' }), 'https://queue');
    const message = { kind: 'poll' as const, executionArn: 'arn', chain: 'c' };

    await queue.send(message, due);

    expect(sqsMock.commandCalls(SendMessageCommand)[0].args[0].input).toEqual({
      QueueUrl: 'https://queue',
      MessageBody: JSON.stringify(message),
      DelaySeconds: delay,
    });
  });
});
