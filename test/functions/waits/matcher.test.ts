import {
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  SFNServiceException,
} from '@aws-sdk/client-sfn';
import { GetCommandInvocationCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { pollLeaseKey, waitKeys } from '../../../contract/waits';
import { completeIfObserved } from '../../../functions/waits/complete-observed';
import { matchEvent, type MatcherDeps } from '../../../functions/waits/matcher';
import { WaitStore } from '../../../functions/waits/wait-store';
import { LOCAL_RUN_STATE_TABLE } from '../../../local/local-dynamodb';
import { useLocalDynamoDB } from '../../helpers/local-dynamodb';
import {
  backupJobEvent,
  clusterEvent,
  clusterWait,
  commandStatusEvent,
  commandWait,
  executionArn,
  instanceStateEvent,
  instanceWait,
  recordingQueue,
  testClock,
  uniqueClusterId,
  uniqueCommandId,
  uniqueInstanceId,
} from '../../helpers/wait-fixtures';

const db = useLocalDynamoDB();
const sfnMock = mockClient(SFNClient);
const ssmMock = mockClient(SSMClient);

function setup() {
  sfnMock.reset();
  ssmMock.reset();
  sfnMock.on(SendTaskSuccessCommand).resolves({});
  sfnMock.on(SendTaskFailureCommand).resolves({});
  const clock = testClock();
  const store = new WaitStore({ ddb: db.client(), tableName: LOCAL_RUN_STATE_TABLE, clock });
  const queue = recordingQueue();
  const deps: MatcherDeps = {
    store,
    sfn: new SFNClient({ region: 'us-east-1' }),
    ssm: new SSMClient({ region: 'us-east-1' }),
    queue,
    clock,
  };
  return { clock, store, queue, deps };
}

const successOutputs = () =>
  sfnMock.commandCalls(SendTaskSuccessCommand).map((c) => ({
    token: c.args[0].input.taskToken,
    output: JSON.parse(c.args[0].input.output ?? 'null') as unknown,
  }));

describe('instance events', () => {
  it('complete the wait for that state with the step, instance and state', async () => {
    const { clock, store, deps } = setup();
    const id = uniqueInstanceId();
    const wait = await store.registerBeforeAct(instanceWait(id, 'stopped'));
    clock.advance(45_000);

    const summary = await matchEvent(instanceStateEvent(id, 'stopped', clock.now()), deps);

    expect(summary).toEqual({
      key: wait.pk,
      outcome: 'completed',
      executionArn: executionArn(),
      step: 'StopInstance',
    });
    expect(successOutputs()).toEqual([
      { token: wait.token, output: { step: 'StopInstance', instanceId: id, state: 'stopped' } },
    ]);
    expect(await store.get(wait.pk)).toMatchObject({
      observed: { state: 'stopped', by: 'event' },
      outcome: 'success',
    });
  });

  it('complete a wait once when the event comes twice', async () => {
    const { clock, store, deps } = setup();
    const id = uniqueInstanceId();
    await store.registerBeforeAct(instanceWait(id, 'stopped'));
    clock.advance(45_000);
    const event = instanceStateEvent(id, 'stopped', clock.now());

    const first = await matchEvent(event, deps);
    const second = await matchEvent(event, deps);

    expect([first.outcome, second.outcome]).toEqual(['completed', 'ignored']);
    expect(sfnMock.commandCalls(SendTaskSuccessCommand)).toHaveLength(1);
  });

  it('complete a wait once when two deliveries of the event are handled at the same time', async () => {
    const { clock, store, deps } = setup();
    const id = uniqueInstanceId();
    await store.registerBeforeAct(instanceWait(id, 'stopped'));
    clock.advance(45_000);
    const event = instanceStateEvent(id, 'stopped', clock.now());

    const outcomes = await Promise.all([matchEvent(event, deps), matchEvent(event, deps)]);

    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['completed', 'ignored']);
    expect(sfnMock.commandCalls(SendTaskSuccessCommand)).toHaveLength(1);
  });

  it('are ignored when they tell of a change from a second before the wait', async () => {
    const { clock, store, deps } = setup();
    const id = uniqueInstanceId();
    const earlier = clock.now() - 1_000;
    const wait = await store.registerBeforeAct(instanceWait(id, 'stopped'));

    const summary = await matchEvent(instanceStateEvent(id, 'stopped', earlier), deps);

    expect(summary.outcome).toBe('ignored');
    expect(sfnMock.calls()).toHaveLength(0);
    expect(await store.get(wait.pk)).not.toHaveProperty('observed');
  });

  it('are ignored, and leave nothing behind, when no one waits', async () => {
    const { clock, store, deps } = setup();
    const id = uniqueInstanceId();

    const summary = await matchEvent(instanceStateEvent(id, 'running', clock.now()), deps);

    expect(summary).toMatchObject({ key: waitKeys.instance(id, 'running'), outcome: 'ignored' });
    expect(await store.get(waitKeys.instance(id, 'running'))).toBeUndefined();
  });

  it("move a started instance on to its status checks and start the run's poll chain", async () => {
    const { clock, store, queue, deps } = setup();
    const id = uniqueInstanceId();
    const arn = executionArn(`move-${id}`);
    const wait = await store.registerBeforeAct(
      instanceWait(id, 'running', { then: 'status', executionArn: arn }),
    );
    clock.advance(20_000);
    const runningAt = Math.floor(clock.now() / 1000) * 1000;
    clock.advance(3_000);

    const summary = await matchEvent(instanceStateEvent(id, 'running', runningAt), deps);

    expect(summary.outcome).toBe('moved');
    expect(sfnMock.calls()).toHaveLength(0);
    expect(await store.get(waitKeys.status(id))).toMatchObject({
      token: wait.token,
      pending: 'status',
      notBefore: runningAt + 60_000,
    });
    const lease = await store.getLease(arn);
    expect(lease).toMatchObject({ nextPollAt: runningAt + 60_000 });
    expect(queue.sent).toEqual([
      {
        message: { kind: 'poll', executionArn: arn, chain: lease?.chain },
        delaySeconds: (runningAt + 60_000 - clock.now()) / 1000,
      },
    ]);
    expect(await store.get(pollLeaseKey(arn))).toBeDefined();
  });

  it('leave the wait pending when the completion is throttled, and a redelivery completes it', async () => {
    const { clock, store, deps } = setup();
    const id = uniqueInstanceId();
    const wait = await store.registerBeforeAct(instanceWait(id, 'stopped'));
    clock.advance(45_000);
    const event = instanceStateEvent(id, 'stopped', clock.now());
    sfnMock
      .on(SendTaskSuccessCommand)
      .rejectsOnce(
        new SFNServiceException({
          name: 'ThrottlingException',
          $fault: 'client',
          $metadata: {},
          message: 'Rate exceeded',
        }),
      )
      .resolves({});

    await expect(matchEvent(event, deps)).rejects.toThrow('Rate exceeded');
    expect(await store.get(wait.pk)).toMatchObject({ pending: 'instance' });
    const retried = await matchEvent(event, deps);

    expect(retried.outcome).toBe('completed');
    expect(sfnMock.commandCalls(SendTaskSuccessCommand)).toHaveLength(2);
  });
});

describe('command events', () => {
  it('are recorded when the waiter has not registered yet, which then completes at registration', async () => {
    const { clock, store, deps } = setup();
    const [cmd, inst] = [uniqueCommandId(), uniqueInstanceId()];

    const summary = await matchEvent(commandStatusEvent(cmd, inst, 'Success', clock.now()), deps);
    clock.advance(300);
    const registered = await store.registerCommand(commandWait(cmd, inst));
    const completed = await completeIfObserved(registered, deps);

    expect(summary).toMatchObject({ key: waitKeys.command(cmd, inst), outcome: 'recorded' });
    expect(completed).toBe(true);
    expect(successOutputs()).toEqual([
      { token: registered.token, output: { step: 'StopApache', instanceId: inst, exitCode: 0 } },
    ]);
  });

  it('complete a registered command, judged with its exit code and output when it failed', async () => {
    const { clock, store, deps } = setup();
    const [cmd, inst] = [uniqueCommandId(), uniqueInstanceId()];
    await store.registerCommand(commandWait(cmd, inst, { step: 'StartApache' }));
    ssmMock.on(GetCommandInvocationCommand).resolves({
      Status: 'Failed',
      ResponseCode: 1,
      StandardErrorContent: 'httpd: Syntax error on line 12',
    });
    clock.advance(8_000);

    const summary = await matchEvent(commandStatusEvent(cmd, inst, 'Failed', clock.now()), deps);

    expect(summary.outcome).toBe('completed');
    const failure = sfnMock.commandCalls(SendTaskFailureCommand)[0].args[0].input;
    expect(failure).toMatchObject({ taskToken: `token-${cmd}`, error: 'Jobnet.CommandFailed' });
    expect(failure.cause).toContain(`StartApache failed on ${inst}`);
    expect(failure.cause).toContain('httpd: Syntax error on line 12');
  });

  it('complete a check with its answer', async () => {
    const { clock, store, deps } = setup();
    const [cmd, inst] = [uniqueCommandId(), uniqueInstanceId()];
    await store.registerCommand(commandWait(cmd, inst, { step: 'CheckApache', expect: 'stopped' }));
    ssmMock.on(GetCommandInvocationCommand).resolves({ Status: 'Failed', ResponseCode: 3 });

    await matchEvent(commandStatusEvent(cmd, inst, 'Failed', clock.now()), deps);

    expect(successOutputs()[0].output).toEqual({
      step: 'CheckApache',
      instanceId: inst,
      exitCode: 3,
      answer: 'stopped',
    });
  });
});

describe('cluster events', () => {
  it('complete a stop on RDS-EVENT-0150', async () => {
    const { clock, store, deps } = setup();
    const id = uniqueClusterId();
    const wait = await store.registerBeforeAct(clusterWait(id, 'stopped'));
    clock.advance(600_000);

    const summary = await matchEvent(clusterEvent(id, 'RDS-EVENT-0150', clock.now()), deps);

    expect(summary.outcome).toBe('completed');
    expect(successOutputs()).toEqual([
      { token: wait.token, output: { step: 'StopDbCluster', clusterId: id, status: 'stopped' } },
    ]);
  });

  it("complete the wait for available when the cluster's backup completes", async () => {
    const { clock, store, deps } = setup();
    const id = uniqueClusterId();
    const wait = await store.registerBeforeAct(
      clusterWait(id, 'available', { step: 'WaitDbAvailable' }),
    );
    clock.advance(120_000);

    const summary = await matchEvent(backupJobEvent(id, 'COMPLETED', clock.now()), deps);

    expect(summary.outcome).toBe('completed');
    expect(successOutputs()).toEqual([
      {
        token: wait.token,
        output: { step: 'WaitDbAvailable', clusterId: id, status: 'available' },
      },
    ]);
  });
});
