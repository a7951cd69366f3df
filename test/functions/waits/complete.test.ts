import {
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  SFNServiceException,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { GetCommandInvocationCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { completeWait } from '../../../functions/waits/complete';
import { completeIfObserved } from '../../../functions/waits/complete-observed';
import { WaitStore } from '../../../functions/waits/wait-store';
import { LOCAL_RUN_STATE_TABLE } from '../../../local/local-dynamodb';
import { waitKeys } from '../../../contract/waits';
import { useLocalDynamoDB } from '../../helpers/local-dynamodb';
import {
  commandWait,
  instanceWait,
  testClock,
  uniqueCommandId,
  uniqueInstanceId,
  type TestClock,
} from '../../helpers/wait-fixtures';

const db = useLocalDynamoDB();
const sfnMock = mockClient(SFNClient);
const ssmMock = mockClient(SSMClient);
const sfn = new SFNClient({ region: 'us-east-1' });
const ssm = new SSMClient({ region: 'us-east-1' });
let clock: TestClock;
let store: WaitStore;
beforeEach(() => {
  sfnMock.reset();
  ssmMock.reset();
  clock = testClock();
  store = new WaitStore({ ddb: db.client(), tableName: LOCAL_RUN_STATE_TABLE, clock });
});

const throttled = () =>
  new SFNServiceException({
    name: 'ThrottlingException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    message: 'Rate exceeded',
  });

describe('completing a wait', () => {
  it('sends the output once, however often it is asked', async () => {
    const item = await store.registerBeforeAct(instanceWait(uniqueInstanceId(), 'stopped'));
    sfnMock.on(SendTaskSuccessCommand).resolves({});
    const output = { step: 'StopInstance', instanceId: item.resource, state: 'stopped' };

    const first = await completeWait(item, { ok: true, output }, { store, sfn });
    const again = await completeWait(item, { ok: true, output }, { store, sfn });

    expect([first, again]).toEqual([true, false]);
    expect(sfnMock.commandCalls(SendTaskSuccessCommand).map((c) => c.args[0].input)).toEqual([
      { taskToken: item.token, output: JSON.stringify(output) },
    ]);
    expect(await store.get(item.pk)).toMatchObject({
      outcome: 'success',
      completedAt: clock.now(),
    });
  });

  it('sends a failure with its error name and plain cause', async () => {
    const item = await store.registerBeforeAct(instanceWait(uniqueInstanceId(), 'stopped'));
    sfnMock.on(SendTaskFailureCommand).resolves({});
    const cause = `StopInstance on ${item.resource}: the instance is terminated`;

    await completeWait(item, { ok: false, error: 'Jobnet.UnexpectedState', cause }, { store, sfn });

    expect(sfnMock.commandCalls(SendTaskFailureCommand)[0].args[0].input).toEqual({
      taskToken: item.token,
      error: 'Jobnet.UnexpectedState',
      cause,
    });
    expect(await store.get(item.pk)).toMatchObject({ outcome: 'failure' });
  });

  it('leaves a task Step Functions already timed out as done', async () => {
    const item = await store.registerBeforeAct(instanceWait(uniqueInstanceId(), 'stopped'));
    sfnMock
      .on(SendTaskSuccessCommand)
      .rejects(new TaskTimedOut({ $metadata: {}, message: 'Task Timed Out' }));

    const done = await completeWait(item, { ok: true, output: {} }, { store, sfn });

    expect(done).toBe(false);
    expect(await store.get(item.pk)).toMatchObject({ outcome: 'success' });
    expect(await store.get(item.pk)).not.toHaveProperty('pending');
  });

  it('undoes the claim when sending is throttled, so a later attempt completes it', async () => {
    const item = await store.registerBeforeAct(instanceWait(uniqueInstanceId(), 'stopped'));
    sfnMock.on(SendTaskSuccessCommand).rejectsOnce(throttled()).resolves({});

    await expect(completeWait(item, { ok: true, output: {} }, { store, sfn })).rejects.toThrow(
      'Rate exceeded',
    );
    const between = await store.get(item.pk);
    clock.advance(1_000);
    const later = await completeWait(item, { ok: true, output: {} }, { store, sfn });

    expect(between).toMatchObject({ pending: 'instance' });
    expect(between).not.toHaveProperty('completedAt');
    expect(later).toBe(true);
    expect(sfnMock.commandCalls(SendTaskSuccessCommand)).toHaveLength(2);
  });

  it('does nothing for an item without a waiter', async () => {
    const pk = waitKeys.command(uniqueCommandId(), uniqueInstanceId());
    const seen = await store.observe(
      pk,
      { state: 'Success', at: clock.now(), by: 'event' },
      {
        requireWaiter: false,
      },
    );

    expect(await completeWait(seen!, { ok: true, output: {} }, { store, sfn })).toBe(false);
    expect(sfnMock.calls()).toHaveLength(0);
  });
});

describe('completing a command whose end was recorded before its waiter', () => {
  it('completes at registration, from the recorded status alone', async () => {
    const [cmd, inst] = [uniqueCommandId(), uniqueInstanceId()];
    await store.observe(
      waitKeys.command(cmd, inst),
      { state: 'Success', at: clock.now(), by: 'event' },
      {
        requireWaiter: false,
      },
    );
    sfnMock.on(SendTaskSuccessCommand).resolves({});

    const registered = await store.registerCommand(commandWait(cmd, inst));
    const done = await completeIfObserved(registered, { store, sfn, ssm });

    expect(done).toBe(true);
    expect(ssmMock.calls()).toHaveLength(0);
    expect(
      JSON.parse(sfnMock.commandCalls(SendTaskSuccessCommand)[0].args[0].input.output!),
    ).toEqual({
      step: 'StopApache',
      instanceId: inst,
      exitCode: 0,
    });
  });

  it('judges a failed command with its exit code and output', async () => {
    const [cmd, inst] = [uniqueCommandId(), uniqueInstanceId()];
    await store.observe(
      waitKeys.command(cmd, inst),
      { state: 'Failed', at: clock.now(), by: 'event' },
      {
        requireWaiter: false,
      },
    );
    ssmMock.on(GetCommandInvocationCommand).resolves({
      Status: 'Failed',
      ResponseCode: 1,
      StandardErrorContent: 'Job for httpd.service failed.',
    });
    sfnMock.on(SendTaskFailureCommand).resolves({});

    const registered = await store.registerCommand(commandWait(cmd, inst));
    await completeIfObserved(registered, { store, sfn, ssm });

    const failure = sfnMock.commandCalls(SendTaskFailureCommand)[0].args[0].input;
    expect(failure.error).toBe('Jobnet.CommandFailed');
    expect(failure.cause).toMatch(
      new RegExp(`^StopApache failed on ${inst}: command Failed, exit code 1`),
    );
    expect(failure.cause).toContain('Job for httpd.service failed.');
  });

  it('leaves a command not seen ending to the matcher', async () => {
    const registered = await store.registerCommand(
      commandWait(uniqueCommandId(), uniqueInstanceId()),
    );

    expect(await completeIfObserved(registered, { store, sfn, ssm })).toBe(false);
    expect(sfnMock.calls()).toHaveLength(0);
  });
});
