import {
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { LOCAL_RUN_STATE_TABLE } from '../../../local/local-dynamodb';
import {
  countDynamoDbRequests,
  countSqsRequests,
  dynamoDbRequestKind,
  newRunCounters,
  recordedFunction,
} from '../../../scripts/bench/run-counters';
import { useLocalDynamoDB } from '../../helpers/local-dynamodb';

const db = useLocalDynamoDB();

describe('counting DynamoDB requests', () => {
  it('counts a real client’s reads and writes apart, and not the control plane', async () => {
    // Prepare
    const counters = newRunCounters();
    const client = db.client();
    countDynamoDbRequests(client, counters);
    const TableName = LOCAL_RUN_STATE_TABLE;
    const Key = { pk: { S: 'bench#1' } };

    // Act
    await client.send(new PutItemCommand({ TableName, Item: Key }));
    await client.send(new GetItemCommand({ TableName, Key }));
    await client.send(
      new QueryCommand({
        TableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': Key.pk },
      }),
    );
    await client.send(new DescribeTableCommand({ TableName }));

    // Assess
    expect(counters.dynamoDb).toEqual({ reads: 2, writes: 1 });
  });

  it('classifies the batch and transaction commands too', () => {
    expect(['BatchGetItem', 'TransactGetItems', 'Scan'].map(dynamoDbRequestKind)).toEqual([
      'reads',
      'reads',
      'reads',
    ]);
    expect(['BatchWriteItem', 'TransactWriteItems', 'DeleteItem'].map(dynamoDbRequestKind)).toEqual(
      ['writes', 'writes', 'writes'],
    );
    expect(dynamoDbRequestKind('CreateTable')).toBeUndefined();
  });
});

describe('counting SQS requests', () => {
  it('counts every command, even on a client answered by a local middleware', async () => {
    // Prepare: answered in `initialize`, as the local clients are; nothing leaves the process.
    const counters = newRunCounters();
    const sqs = new SQSClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    sqs.middlewareStack.add(
      () => async () => ({ output: { $metadata: { httpStatusCode: 200 } }, response: {} }),
      { step: 'initialize', name: 'localQueue', priority: 'high' },
    );
    countSqsRequests(sqs, counters);
    const QueueUrl = 'https://sqs.us-east-1.amazonaws.com/123456789012/poll';

    // Act
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: '{}' }));
    await sqs.send(new ReceiveMessageCommand({ QueueUrl }));

    // Assess
    expect(counters.sqsRequests).toBe(2);
    sqs.destroy();
  });
});

describe('recordedFunction', () => {
  it('records each call as an invocation on the given clock, a failed one too', async () => {
    // Prepare
    const counters = newRunCounters();
    let now = 1_000;
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:matcher';
    const matcher = recordedFunction(
      arn,
      async (event: { fail: boolean }) => {
        now += 250;
        if (event.fail) throw new Error('throttled');
        return 'done';
      },
      counters,
      () => now,
    );

    // Act
    const result = await matcher({ fail: false });
    await expect(matcher({ fail: true })).rejects.toThrow('throttled');

    // Assess
    expect(result).toBe('done');
    expect(counters.invocations).toEqual([
      { functionArn: arn, startedAt: 1_000, endedAt: 1_250 },
      { functionArn: arn, startedAt: 1_250, endedAt: 1_500 },
    ]);
  });
});
