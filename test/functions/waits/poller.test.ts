import {
  DescribeInstanceStatusCommand,
  EC2Client,
  EC2ServiceException,
  type InstanceStateName,
  type InstanceStatus,
  type SummaryStatus,
} from '@aws-sdk/client-ec2';
import {
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  SFNServiceException,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import type { PollMessage } from '../../../contract/waits';
import { ensurePollChain } from '../../../functions/waits/poll-chain';
import { pollRun, type PollerDeps } from '../../../functions/waits/poller';
import { WaitStore } from '../../../functions/waits/wait-store';
import { LOCAL_RUN_STATE_TABLE } from '../../../local/local-dynamodb';
import { useLocalDynamoDB } from '../../helpers/local-dynamodb';
import {
  executionArn,
  healthWait,
  recordingQueue,
  statusWait,
  testClock,
  uniqueInstanceId,
  uniqueTargetGroupArn,
} from '../../helpers/wait-fixtures';

const db = useLocalDynamoDB();
const ec2Mock = mockClient(EC2Client);
const elbMock = mockClient(ElasticLoadBalancingV2Client);
const sfnMock = mockClient(SFNClient);

/** A run of its own per test, with its poll chain started as the matcher starts it. */
async function setup() {
  ec2Mock.reset();
  elbMock.reset();
  sfnMock.reset();
  sfnMock.on(SendTaskSuccessCommand).resolves({});
  sfnMock.on(SendTaskFailureCommand).resolves({});
  const clock = testClock();
  const store = new WaitStore({ ddb: db.client(), tableName: LOCAL_RUN_STATE_TABLE, clock });
  const queue = recordingQueue();
  const deps: PollerDeps = {
    store,
    sfn: new SFNClient({ region: 'us-east-1' }),
    ec2: new EC2Client({ region: 'us-east-1' }),
    elbv2: new ElasticLoadBalancingV2Client({ region: 'us-east-1' }),
    queue,
    clock,
  };
  const arn = executionArn(`poll-${uniqueInstanceId()}`);
  /** Starts the chain as a registrant would; the message it sent is delivered by the test. */
  const startChain = async (firstPollAt: number): Promise<PollMessage> => {
    await ensurePollChain(arn, firstPollAt, deps);
    return queue.sent.splice(0)[0].message;
  };
  return { clock, store, queue, deps, arn, startChain };
}

function statuses(...entries: [string, InstanceStateName, SummaryStatus?][]): {
  InstanceStatuses: InstanceStatus[];
} {
  return {
    InstanceStatuses: entries.map(([id, state, checks]) => ({
      InstanceId: id,
      InstanceState: { Name: state },
      InstanceStatus: { Status: checks ?? 'initializing' },
      SystemStatus: { Status: checks ?? 'initializing' },
    })),
  };
}

const throttledEc2 = () =>
  new EC2ServiceException({
    name: 'RequestLimitExceeded',
    $fault: 'client',
    $metadata: {},
    message: 'Request limit exceeded.',
  });

describe('a poll of status checks', () => {
  it('drops a message of a superseded chain without looking', async () => {
    const { clock, store, deps, arn, startChain } = await setup();
    await store.registerBeforeAct(statusWait(uniqueInstanceId(), { executionArn: arn }));
    const old = await startChain(clock.now() + 1_000);
    clock.advance(1_000 + 130_000);
    await startChain(clock.now());

    const result = await pollRun(old, deps);

    expect(result.outcome).toBe('dropped');
    expect(ec2Mock.calls()).toHaveLength(0);
  });

  it('looks only at instances past their notBefore, and completes those whose checks are ok', async () => {
    const { clock, store, deps, arn, queue, startChain } = await setup();
    const [a, b, later] = [uniqueInstanceId(), uniqueInstanceId(), uniqueInstanceId()];
    const notBefore = clock.now() + 60_000;
    for (const id of [a, b]) {
      await store.registerBeforeAct(statusWait(id, { executionArn: arn, notBefore }));
    }
    await store.registerBeforeAct(
      statusWait(later, { executionArn: arn, notBefore: notBefore + 120_000 }),
    );
    const message = await startChain(notBefore);
    ec2Mock
      .on(DescribeInstanceStatusCommand)
      .resolves(statuses([a, 'running', 'ok'], [b, 'running', 'impaired']));

    clock.set(notBefore);
    const result = await pollRun(message, deps);

    const asked = ec2Mock.commandCalls(DescribeInstanceStatusCommand).map((c) => c.args[0].input);
    expect(asked).toEqual([{ InstanceIds: expect.any(Array), IncludeAllInstances: true }]);
    expect([...(asked[0].InstanceIds ?? [])].sort()).toEqual([a, b].sort());
    expect(sfnMock.commandCalls(SendTaskSuccessCommand).map((c) => c.args[0].input)).toEqual([
      {
        taskToken: `token-${a}-status`,
        output: JSON.stringify({ step: 'StartInstance', instanceId: a, state: 'running' }),
      },
    ]);
    // b (impaired: wait on) has waited 60 s since registration: next look after 5% of that.
    expect(result).toMatchObject({
      outcome: 'continued',
      looked: 2,
      completed: 1,
      nextPollAt: notBefore + 3_000,
    });
    expect(queue.sent).toEqual([{ message, delaySeconds: 3 }]);
    expect(await store.getLease(arn)).toMatchObject({ nextPollAt: notBefore + 3_000 });
  });

  it('asks for at most 100 instances per call', async () => {
    const { clock, store, deps, arn, startChain } = await setup();
    const ids = Array.from({ length: 101 }, () => uniqueInstanceId());
    for (const id of ids) await store.registerBeforeAct(statusWait(id, { executionArn: arn }));
    const message = await startChain(clock.now());
    ec2Mock.on(DescribeInstanceStatusCommand).resolves({ InstanceStatuses: [] });

    await pollRun(message, deps);

    const asked = ec2Mock
      .commandCalls(DescribeInstanceStatusCommand)
      .map((c) => c.args[0].input.InstanceIds ?? []);
    expect(asked.map((batch) => batch.length)).toEqual([100, 1]);
    expect(asked.flat().sort()).toEqual([...ids].sort());
  });

  it('fails the wait of an instance that stopped while its checks were awaited', async () => {
    const { clock, store, deps, arn, startChain } = await setup();
    const id = uniqueInstanceId();
    await store.registerBeforeAct(statusWait(id, { executionArn: arn }));
    const message = await startChain(clock.now());
    ec2Mock.on(DescribeInstanceStatusCommand).resolves(statuses([id, 'stopped', 'not-applicable']));

    await pollRun(message, deps);

    expect(sfnMock.commandCalls(SendTaskFailureCommand)[0].args[0].input).toEqual({
      taskToken: `token-${id}-status`,
      error: 'Jobnet.UnexpectedState',
      cause: `StartInstance on ${id}: the instance is stopped, not running, while waiting for its status checks`,
    });
  });

  it('takes a throttled look for one that saw nothing, and polls again', async () => {
    const { clock, store, deps, arn, queue, startChain } = await setup();
    const id = uniqueInstanceId();
    await store.registerBeforeAct(statusWait(id, { executionArn: arn }));
    const message = await startChain(clock.now());
    ec2Mock.on(DescribeInstanceStatusCommand).rejects(throttledEc2());

    const result = await pollRun(message, deps);

    expect(result).toMatchObject({ outcome: 'continued', completed: 0 });
    expect(result.problems).toEqual([expect.stringContaining('RequestLimitExceeded')]);
    expect(queue.sent).toEqual([{ message, delaySeconds: 1 }]);
    expect(sfnMock.calls()).toHaveLength(0);
  });

  it('keeps polling when a completion fails, and the next poll completes it', async () => {
    const { clock, store, deps, arn, queue, startChain } = await setup();
    const id = uniqueInstanceId();
    const wait = await store.registerBeforeAct(statusWait(id, { executionArn: arn }));
    const message = await startChain(clock.now());
    ec2Mock.on(DescribeInstanceStatusCommand).resolves(statuses([id, 'running', 'ok']));
    sfnMock
      .on(SendTaskSuccessCommand)
      .rejectsOnce(
        new SFNServiceException({
          name: 'ServiceUnavailable',
          $fault: 'server',
          $metadata: { httpStatusCode: 503 },
          message: 'unavailable',
        }),
      )
      .resolves({});

    const first = await pollRun(message, deps);
    expect(first).toMatchObject({ outcome: 'continued', completed: 0 });
    expect(await store.get(wait.pk)).toMatchObject({ pending: 'status' });
    clock.advance(queue.sent[0].delaySeconds * 1000);
    const second = await pollRun(message, deps);

    expect(second).toMatchObject({ outcome: 'ended', completed: 1 });
  });
});

describe('a poll of target health', () => {
  it('completes a group once every target is healthy', async () => {
    const { clock, store, deps, arn, startChain } = await setup();
    const group = uniqueTargetGroupArn();
    await store.registerBeforeAct(healthWait(group, { executionArn: arn }));
    const message = await startChain(clock.now());
    elbMock
      .on(DescribeTargetHealthCommand)
      .resolvesOnce({
        TargetHealthDescriptions: [
          { Target: { Id: 'i-1' }, TargetHealth: { State: 'healthy' } },
          {
            Target: { Id: 'i-2' },
            TargetHealth: { State: 'initial', Reason: 'Elb.RegistrationInProgress' },
          },
        ],
      })
      .resolves({
        TargetHealthDescriptions: [
          { Target: { Id: 'i-1' }, TargetHealth: { State: 'healthy' } },
          { Target: { Id: 'i-2' }, TargetHealth: { State: 'healthy' } },
        ],
      });

    const first = await pollRun(message, deps);
    clock.advance(1_000);
    const second = await pollRun(message, deps);

    expect(first).toMatchObject({ outcome: 'continued', completed: 0 });
    expect(second).toMatchObject({ outcome: 'ended', completed: 1 });
    expect(elbMock.commandCalls(DescribeTargetHealthCommand)[0].args[0].input).toEqual({
      TargetGroupArn: group,
    });
    expect(sfnMock.commandCalls(SendTaskSuccessCommand)[0].args[0].input.output).toBe(
      JSON.stringify({ step: 'WaitTargetsHealthy', healthy: 2, total: 2 }),
    );
  });
});

describe('the chain', () => {
  it('ends, sending nothing more, when nothing is pending', async () => {
    const { clock, store, deps, arn, queue, startChain } = await setup();
    const message = await startChain(clock.now());

    const result = await pollRun(message, deps);

    expect(result.outcome).toBe('ended');
    expect(queue.sent).toEqual([]);
    expect(await store.getLease(arn)).toBeUndefined();
  });

  it('does not end when a registrant relied on it during the poll, and polls again soon', async () => {
    const { clock, deps, arn, queue, startChain } = await setup();
    const message = await startChain(clock.now());
    // A registrant whose wait the index does not show yet joined the chain.
    await ensurePollChain(arn, clock.now() + 60_000, deps);

    const result = await pollRun(message, deps);

    expect(result.outcome).toBe('continued');
    expect(queue.sent).toEqual([{ message, delaySeconds: 5 }]);
  });

  it('sends a message that came early (SQS delays at most 15 minutes) back to wait', async () => {
    const { clock, store, deps, arn, queue, startChain } = await setup();
    await store.registerBeforeAct(healthWait(uniqueTargetGroupArn(), { executionArn: arn }));
    const message = await startChain(clock.now() + 1_200_000);

    clock.advance(900_000);
    const result = await pollRun(message, deps);

    expect(result.outcome).toBe('deferred');
    expect(queue.sent).toEqual([{ message, delaySeconds: 300 }]);
    expect(elbMock.calls()).toHaveLength(0);
  });
});
