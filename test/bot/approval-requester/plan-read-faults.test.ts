import { createServer, type Server, type Socket } from 'node:net';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { requestApproval } from '../../../bot/approval-requester/request-approval';
import { PLAN_READ_TIMEOUTS, runPlanReader } from '../../../bot/services/run-plan';
import { createSlackClient } from '../../../bot/slack/slack-client';
import { LOCAL_RUN_STATE_TABLE } from '../../../local/local-dynamodb';
import { startLocalSlack, type LocalSlack } from '../../../local/slack';
import { createPowertools } from '../../../observability/powertools';
import { personRunOnly, preparedRun } from '../../helpers/prepared-run';

const CHANNEL = 'C0EXAMPLE1';
const BOT_TOKEN = 'xoxb-plan-read';
const EXECUTION_ARN =
  'arn:aws:states:us-east-1:123456789012:execution:webapp-chatops-stop:stop-shop-20261202T2200-0123abcd';
const CREDENTIALS = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' };

let slack: LocalSlack;
beforeEach(async () => {
  slack = await startLocalSlack({ botToken: BOT_TOKEN });
});
afterEach(() => slack.close());

/** The requester with the real plan reader over `ddb`, posting to the local Slack. */
function ask(ddb: DynamoDBClient) {
  const client = createSlackClient(
    BOT_TOKEN,
    { ...createPowertools(), functionName: 'approval-requester' },
    slack.apiUrl,
  );
  return requestApproval(
    {
      taskToken: 'AQCEAAAAKgAAAAtoken',
      executionArn: EXECUTION_ARN,
      timeoutSeconds: 3600,
      run: preparedRun('stop', { channel: CHANNEL }),
    },
    {
      ...personRunOnly,
      slack: async () => client,
      now: Date.now,
      readPlan: runPlanReader(ddb, LOCAL_RUN_STATE_TABLE),
    },
  );
}

/** A DynamoDB client whose every GetItem fails with this AWS error (HTTP 400). */
function failingReads(name: string, message: string) {
  const ddb = new DynamoDBClient({ region: 'us-east-1', credentials: CREDENTIALS });
  const mock = mockClient(ddb);
  mock
    .on(GetItemCommand)
    .rejects(Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } }));
  return { ddb, mock };
}

/** A TCP server that accepts connections and never answers: a stalled DynamoDB endpoint. */
async function stalledEndpoint(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe("the approval requester when the run record's table misbehaves", () => {
  it('fails as Jobnet.AwsUnavailable on a read that keeps throttling, posting nothing', async () => {
    const { ddb, mock } = failingReads(
      'ThrottlingException',
      'Rate of requests exceeds the allowed throughput.',
    );

    await expect(ask(ddb)).rejects.toMatchObject({
      name: 'Jobnet.AwsUnavailable',
      message: expect.stringMatching(
        /^Reading the plan of stop-\S+ from its run record: ThrottlingException: Rate of requests/,
      ),
    });
    expect(slack.messages(CHANNEL)).toEqual([]);
    mock.restore();
  });

  it('cuts a stalled read off at its timeout and fails as Jobnet.AwsUnavailable, posting nothing', async () => {
    const endpoint = await stalledEndpoint();
    const ddb = new DynamoDBClient({
      region: 'us-east-1',
      credentials: CREDENTIALS,
      endpoint: endpoint.url,
      maxAttempts: 1,
      requestHandler: PLAN_READ_TIMEOUTS,
    });
    try {
      await expect(ask(ddb)).rejects.toMatchObject({
        name: 'Jobnet.AwsUnavailable',
        message: expect.stringMatching(/from its run record: TimeoutError/),
      });
      expect(slack.messages(CHANNEL)).toEqual([]);
    } finally {
      ddb.destroy();
      await endpoint.close();
    }
  });

  it('fails a refused read as it is (not retried), posting nothing', async () => {
    const { ddb, mock } = failingReads('ResourceNotFoundException', 'Requested resource not found');

    await expect(ask(ddb)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect(slack.messages(CHANNEL)).toEqual([]);
    mock.restore();
  });
});
