import {
  EC2Client,
  EC2ServiceException,
  StartInstancesCommand,
  StopInstancesCommand,
  type InstanceStateName,
} from '@aws-sdk/client-ec2';
import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { waitKeys, type WaitItem } from '../../../contract/waits';
import {
  setInstancePower,
  type InstancePowerEvent,
} from '../../../functions/instance-power/instance-power';
import { judgePower } from '../../../functions/instance-power/power-state';
import { POLL_GAP_MS } from '../../../functions/waits/poll-cadence';
import { useLocalDynamoDB } from '../../helpers/local-dynamodb';
import { callbackTaskEvent, taskWaitDeps } from '../../helpers/task-fixtures';
import { uniqueInstanceId } from '../../helpers/wait-fixtures';

const db = useLocalDynamoDB();
const ec2Mock = mockClient(EC2Client);
const sfnMock = mockClient(SFNClient);
const ec2 = new EC2Client({ region: 'us-east-1' });

beforeEach(() => {
  ec2Mock.reset();
  sfnMock.reset();
  sfnMock.on(SendTaskSuccessCommand).resolves({});
});

function setup(action: 'stop' | 'start') {
  const waits = taskWaitDeps(db.client());
  const event: InstancePowerEvent = {
    ...callbackTaskEvent(action === 'stop' ? 'StopInstance' : 'StartInstance'),
    instanceId: uniqueInstanceId(),
    action,
  };
  return { ...waits, event, deps: { ec2, waits } };
}

const answered = (key: 'StoppingInstances' | 'StartingInstances', state: InstanceStateName) => ({
  [key]: [{ CurrentState: { Name: state } }],
});

const ec2Error = (name: string, message = '') =>
  new EC2ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message });

describe('judging the state EC2 answers a stop or start with', () => {
  it.each([
    ['stop', 'stopped', 'done'],
    ['stop', 'stopping', 'wait'],
    ['stop', 'running', 'wait'],
    ['stop', 'terminated', 'fail'],
    ['start', 'running', 'status'],
    ['start', 'pending', 'wait'],
    ['start', 'shutting-down', 'fail'],
    ['start', 'unknown', 'fail'],
  ] as const)('%s answered %s: %s', (action, state, verdict) => {
    expect(judgePower(action, state)).toBe(verdict);
  });
});

describe('stopping an instance', () => {
  it('records the wait before it asks EC2, so the stopped event cannot come first', async () => {
    const { event, deps, store } = setup('stop');
    const key = waitKeys.instance(event.instanceId, 'stopped');
    let atStop: WaitItem | undefined;
    ec2Mock.on(StopInstancesCommand).callsFake(async () => {
      atStop = await store.get(key);
      return answered('StoppingInstances', 'stopping');
    });

    await setInstancePower(event, deps);

    expect(atStop).toMatchObject({
      token: event.taskToken,
      pending: 'instance',
      resource: event.instanceId,
      target: 'stopped',
      executionArn: event.executionArn,
      step: 'StopInstance',
    });
    expect(ec2Mock.commandCalls(StopInstancesCommand)[0].args[0].input).toEqual({
      InstanceIds: [event.instanceId],
    });
  });

  it('leaves a stopping instance to its state-change event and sends nothing', async () => {
    const { event, deps, store, clock } = setup('stop');
    ec2Mock.on(StopInstancesCommand).resolves(answered('StoppingInstances', 'stopping'));

    const result = await setInstancePower(event, deps);

    expect(result).toEqual({
      step: 'StopInstance',
      resource: event.instanceId,
      outcome: 'waiting',
      seen: 'stopping',
    });
    expect(sfnMock.calls()).toHaveLength(0);
    expect(await store.get(waitKeys.instance(event.instanceId, 'stopped'))).toMatchObject({
      pending: 'instance',
      registeredAt: clock.now(),
      deadline: clock.now() + event.timeoutSeconds * 1000,
    });
  });

  it('completes a rerun on an instance already stopped, once, with the state', async () => {
    const { event, deps, store } = setup('stop');
    ec2Mock.on(StopInstancesCommand).resolves(answered('StoppingInstances', 'stopped'));

    const result = await setInstancePower(event, deps);

    expect(result.outcome).toBe('completed');
    expect(sfnMock.commandCalls(SendTaskSuccessCommand).map((c) => c.args[0].input)).toEqual([
      {
        taskToken: event.taskToken,
        output: JSON.stringify({
          step: 'StopInstance',
          instanceId: event.instanceId,
          state: 'stopped',
        }),
      },
    ]);
    const wait = await store.get(waitKeys.instance(event.instanceId, 'stopped'));
    expect(wait).toMatchObject({ outcome: 'success' });
    expect(wait?.pending).toBeUndefined();
  });

  it('fails as Jobnet.ResourceBusy when EC2 refuses the stop for now (a pending instance)', async () => {
    const { event, deps } = setup('stop');
    ec2Mock
      .on(StopInstancesCommand)
      .rejects(
        ec2Error(
          'IncorrectInstanceState',
          'The instance is not in a state from which it can be stopped.',
        ),
      );

    await expect(setInstancePower(event, deps)).rejects.toMatchObject({
      name: 'Jobnet.ResourceBusy',
      message: expect.stringMatching(
        new RegExp(`^StopInstance on ${event.instanceId}: EC2 refused to stop it`),
      ),
    });
    expect(sfnMock.calls()).toHaveLength(0);
  });

  it('fails as Jobnet.UnexpectedState on an instance that is gone', async () => {
    const { event, deps } = setup('stop');
    ec2Mock.on(StopInstancesCommand).resolves(answered('StoppingInstances', 'terminated'));

    await expect(setInstancePower(event, deps)).rejects.toMatchObject({
      name: 'Jobnet.UnexpectedState',
      message: `StopInstance on ${event.instanceId}: the instance is terminated`,
    });
    expect(sfnMock.calls()).toHaveLength(0);
  });

  it('tries a throttled stop again after a pause, then waits as usual', async () => {
    const { event, deps, sleeps } = setup('stop');
    ec2Mock
      .on(StopInstancesCommand)
      .rejectsOnce(ec2Error('RequestLimitExceeded', 'Request limit exceeded.'))
      .resolves(answered('StoppingInstances', 'stopping'));

    const result = await setInstancePower(event, deps);

    expect(result.outcome).toBe('waiting');
    expect(ec2Mock.commandCalls(StopInstancesCommand)).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
  });
});

describe('starting an instance', () => {
  it('waits for the running event with the status checks to follow', async () => {
    const { event, deps, store, queue } = setup('start');
    ec2Mock.on(StartInstancesCommand).resolves(answered('StartingInstances', 'pending'));

    const result = await setInstancePower(event, deps);

    expect(result).toMatchObject({ outcome: 'waiting', seen: 'pending' });
    expect(await store.get(waitKeys.instance(event.instanceId, 'running'))).toMatchObject({
      token: event.taskToken,
      pending: 'instance',
      then: 'status',
    });
    expect(await store.get(waitKeys.status(event.instanceId))).toBeUndefined();
    expect(queue.sent).toEqual([]);
    expect(sfnMock.calls()).toHaveLength(0);
  });

  it('moves an instance already running on to its status checks, polled at the first gap', async () => {
    const { event, deps, store, queue, clock } = setup('start');
    ec2Mock.on(StartInstancesCommand).resolves(answered('StartingInstances', 'running'));

    const result = await setInstancePower(event, deps);

    expect(result).toMatchObject({ outcome: 'waiting', seen: 'running' });
    expect(await store.get(waitKeys.status(event.instanceId))).toMatchObject({
      token: event.taskToken,
      pending: 'status',
      notBefore: clock.now(),
    });
    const instanceWait = await store.get(waitKeys.instance(event.instanceId, 'running'));
    expect(instanceWait?.pending).toBeUndefined();
    expect(queue.sent).toEqual([
      {
        message: { kind: 'poll', executionArn: event.executionArn, chain: expect.any(String) },
        delaySeconds: POLL_GAP_MS.min / 1000,
      },
    ]);
    // The status checks complete the task, not the start.
    expect(sfnMock.calls()).toHaveLength(0);
  });

  it('fails as Jobnet.ResourceBusy on an instance still stopping', async () => {
    const { event, deps, queue } = setup('start');
    ec2Mock
      .on(StartInstancesCommand)
      .rejects(
        ec2Error(
          'IncorrectInstanceState',
          'The instance is not in a state from which it can be started.',
        ),
      );

    await expect(setInstancePower(event, deps)).rejects.toMatchObject({
      name: 'Jobnet.ResourceBusy',
      message: expect.stringContaining('EC2 refused to start it for now'),
    });
    expect(queue.sent).toEqual([]);
    expect(sfnMock.calls()).toHaveLength(0);
  });
});

describe('the run-state table throttling the wait’s recording', () => {
  it('records it on a later try, and asks EC2 only once the wait is there', async () => {
    // Prepare: the table answers the first write with throttling, as DynamoDB may.
    const ddb = db.client();
    let refused = 0;
    ddb.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'PutItemCommand' && refused === 0) {
          refused += 1;
          throw new ProvisionedThroughputExceededException({
            $metadata: { httpStatusCode: 400 },
            message: 'throttled',
          });
        }
        return next(args);
      },
      { step: 'initialize', name: 'throttleFirstWrite' },
    );
    const waits = taskWaitDeps(ddb);
    const event: InstancePowerEvent = {
      ...callbackTaskEvent('StopInstance'),
      instanceId: uniqueInstanceId(),
      action: 'stop',
    };
    let atStop: WaitItem | undefined;
    ec2Mock.on(StopInstancesCommand).callsFake(async () => {
      atStop = await waits.store.get(waitKeys.instance(event.instanceId, 'stopped'));
      return answered('StoppingInstances', 'stopping');
    });

    // Act
    const result = await setInstancePower(event, { ec2, waits });

    // Assess
    expect(refused).toBe(1);
    expect(result).toMatchObject({ outcome: 'waiting' });
    expect(atStop).toMatchObject({ token: event.taskToken, pending: 'instance' });
    expect(ec2Mock.commandCalls(StopInstancesCommand)).toHaveLength(1);
  });
});
