import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { RDSClient } from '@aws-sdk/client-rds';
import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { makeHandler } from '../../../functions/waits/poller-handler';
import { WaitStore } from '../../../functions/waits/wait-store';
import { LOCAL_RUN_STATE_TABLE } from '../../../local/local-dynamodb';
import { createPowertools } from '../../../observability/powertools';
import { useLocalDynamoDB } from '../../helpers/local-dynamodb';
import { useCapturedOutput } from '../../helpers/powertools-output';
import {
  executionArn,
  instanceWait,
  recordingQueue,
  testClock,
  uniqueInstanceId,
} from '../../helpers/wait-fixtures';

const db = useLocalDynamoDB();
const ec2Mock = mockClient(EC2Client);
const sfnMock = mockClient(SFNClient);

const output = useCapturedOutput(ec2Mock, sfnMock);

function setup() {
  const clock = testClock();
  const store = new WaitStore({ ddb: db.client(), tableName: LOCAL_RUN_STATE_TABLE, clock });
  const handler = makeHandler(
    {
      store,
      queue: recordingQueue(),
      clock,
      sfn: new SFNClient({ region: 'us-east-1' }),
      ec2: new EC2Client({ region: 'us-east-1' }),
      elbv2: new ElasticLoadBalancingV2Client({ region: 'us-east-1' }),
      ssm: new SSMClient({ region: 'us-east-1' }),
      rds: new RDSClient({ region: 'us-east-1' }),
    },
    createPowertools(),
  );
  return { clock, store, handler };
}

describe('the poller Lambda handler', () => {
  it('polls each message and names only the failed ones for SQS to retry', async () => {
    const { handler } = setup();
    const stale = { kind: 'poll', executionArn: executionArn('gone'), chain: 'c-old' };

    const response = await handler({
      Records: [
        { messageId: 'm-1', body: JSON.stringify(stale) },
        { messageId: 'm-2', body: '{ not json' },
      ],
    });

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-2' }] });
    const logs = output().logs();
    expect(logs.find((l) => l.message === 'Poll')).toMatchObject({
      executionArn: executionArn('gone'),
      outcome: 'dropped',
    });
    expect(logs.find((l) => l.message === 'Poll failed')).toMatchObject({
      level: 'ERROR',
      messageId: 'm-2',
    });
  });

  it("runs the sweep on the schedule's input and logs what it did, without tokens", async () => {
    const { clock, store, handler } = setup();
    const id = uniqueInstanceId();
    const wait = await store.registerBeforeAct(instanceWait(id, 'stopped'));
    ec2Mock.on(DescribeInstancesCommand).resolves({
      Reservations: [{ Instances: [{ InstanceId: id, State: { Name: 'stopped' } }] }],
    });
    sfnMock.on(SendTaskSuccessCommand).resolves({});
    clock.advance(5 * 60_000);

    const report = await handler({ kind: 'sweep' });

    expect(report).toMatchObject({ completed: 1 });
    expect(
      output()
        .logs()
        .find((l) => l.message === 'Sweep'),
    ).toMatchObject({
      level: 'INFO',
      completed: 1,
      pending: expect.objectContaining({ instance: 1 }),
    });
    expect(output().text()).not.toContain(wait.token);
  });
});
