import { DescribeInstancesCommand, EC2Client, type InstanceStateName } from '@aws-sdk/client-ec2';
import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import {
  GetCommandInvocationCommand,
  SendCommandCommand,
  SSMClient,
  SSMServiceException,
} from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import type { RunRecord } from '../../../contract/plan';
import { waitKeys } from '../../../contract/waits';
import { runScript, type RunScriptEvent } from '../../../functions/run-script/run-script';
import { cachedScripts } from '../../../functions/run-script/script-source';
import { useLocalDynamoDB } from '../../helpers/local-dynamodb';
import { callbackTaskEvent, taskWaitDeps } from '../../helpers/task-fixtures';
import { uniqueCommandId, uniqueInstanceId } from '../../helpers/wait-fixtures';

const db = useLocalDynamoDB();
const ssmMock = mockClient(SSMClient);
const ec2Mock = mockClient(EC2Client);
const sfnMock = mockClient(SFNClient);

/** Blank lines on purpose: Run Command gets the script's non-blank lines. */
const SCRIPTS: RunRecord['scripts'] = {
  stop: 'systemctl stop httpd\n\n   \nsync',
  start: 'systemctl start httpd',
  check: 'systemctl is-active --quiet httpd || exit 3',
};
const PLAN: RunRecord['plan'] = {
  jobnet: 'stop',
  instances: [],
  db: { id: 'shop-db', status: 'available' },
  maintenancePage: 'down',
  targets: [],
  changes: [],
};

beforeEach(() => {
  for (const mock of [ssmMock, ec2Mock, sfnMock]) mock.reset();
  sfnMock.on(SendTaskSuccessCommand).resolves({});
  sfnMock.on(SendTaskFailureCommand).resolves({});
});

async function setup(overrides: Partial<RunScriptEvent> = {}, record = true) {
  const waits = taskWaitDeps(db.client());
  const event: RunScriptEvent = {
    ...callbackTaskEvent('StopApache', 420),
    instanceId: uniqueInstanceId(),
    script: 'stop',
    expect: 'success',
    whenNotRunning: 'skip',
    executionTimeoutSeconds: 300,
    ...overrides,
  };
  if (record) await waits.store.putRunRecord(event.executionArn, { plan: PLAN, scripts: SCRIPTS });
  const commandId = uniqueCommandId();
  ssmMock.on(SendCommandCommand).resolves({ Command: { CommandId: commandId } });
  const deps = {
    ssm: new SSMClient({ region: 'us-east-1' }),
    ec2: new EC2Client({ region: 'us-east-1' }),
    waits,
    scripts: cachedScripts((arn) => waits.store.getRunRecord(arn)),
  };
  return { ...waits, event, deps, commandId };
}

const notReachable = () =>
  new SSMServiceException({
    name: 'InvalidInstanceId',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    message: 'Instances not in a valid state for account',
  });

function instanceIs(instanceId: string, state: InstanceStateName) {
  ec2Mock.on(DescribeInstancesCommand).resolves({
    Reservations: [{ Instances: [{ InstanceId: instanceId, State: { Name: state } }] }],
  });
}

const taskSuccesses = () =>
  sfnMock.commandCalls(SendTaskSuccessCommand).map((c) => c.args[0].input);

describe('sending the script', () => {
  it.each([
    ['stop', ['systemctl stop httpd', 'sync']],
    ['check', ['systemctl is-active --quiet httpd || exit 3']],
  ] as const)(
    "sends the run record's %s script as AWS-RunShellScript lines",
    async (script, commands) => {
      const { event, deps } = await setup({ script });

      await runScript(event, deps);

      expect(ssmMock.commandCalls(SendCommandCommand)[0].args[0].input).toEqual({
        DocumentName: 'AWS-RunShellScript',
        InstanceIds: [event.instanceId],
        Parameters: { commands: [...commands], executionTimeout: ['300'] },
        TimeoutSeconds: 60,
        Comment: `webapp-chatops ${event.runId} StopApache`,
      });
    },
  );

  it("records the wait under the command's id, for its status-change event to complete", async () => {
    const { event, deps, commandId, store, clock } = await setup({
      step: 'CheckApacheStopped',
      script: 'check',
      expect: 'stopped',
    });

    const result = await runScript(event, deps);

    expect(result).toEqual({
      step: 'CheckApacheStopped',
      resource: `${commandId}/${event.instanceId}`,
      outcome: 'waiting',
      seen: 'sent',
    });
    expect(await store.get(waitKeys.command(commandId, event.instanceId))).toMatchObject({
      kind: 'command',
      resource: commandId,
      instanceId: event.instanceId,
      target: 'finished',
      expect: 'stopped',
      token: event.taskToken,
      pending: 'command',
      executionArn: event.executionArn,
      deadline: clock.now() + 420_000,
    });
    expect(sfnMock.calls()).toHaveLength(0);
    expect(ssmMock.commandCalls(GetCommandInvocationCommand)).toHaveLength(0);
  });

  it('fails as Jobnet.InvalidInput, sending nothing, when the run has no record', async () => {
    const { event, deps } = await setup({}, false);

    await expect(runScript(event, deps)).rejects.toMatchObject({
      name: 'Jobnet.InvalidInput',
      message: expect.stringContaining(`the run's record has no stop script`),
    });
    expect(ssmMock.commandCalls(SendCommandCommand)).toHaveLength(0);
  });

  it("reads the run's record once for the script steps of many instances", async () => {
    const { event, deps, store } = await setup();
    const reads = jest.spyOn(store, 'getRunRecord');

    for (let n = 0; n < 3; n += 1) {
      await runScript({ ...event, instanceId: uniqueInstanceId() }, deps);
    }

    expect(reads).toHaveBeenCalledTimes(1);
    expect(ssmMock.commandCalls(SendCommandCommand)).toHaveLength(3);
  });
});

describe('a command that finished before its wait was recorded', () => {
  /** What the matcher does with a command's end it sees before anyone waits for it. */
  async function finishedFirst(
    setupDone: Awaited<ReturnType<typeof setup>>,
    status: 'Success' | 'Failed',
  ) {
    const { store, clock, commandId, event } = setupDone;
    await store.observe(
      waitKeys.command(commandId, event.instanceId),
      { state: status, at: clock.now(), by: 'event' },
      {
        requireWaiter: false,
        subject: {
          kind: 'command',
          resource: commandId,
          target: 'finished',
          instanceId: event.instanceId,
        },
      },
    );
  }

  it('completes at registration from the status alone when that settles it', async () => {
    const done = await setup();
    await finishedFirst(done, 'Success');

    const result = await runScript(done.event, done.deps);

    expect(result).toMatchObject({ outcome: 'completed', seen: 'Success' });
    expect(taskSuccesses()).toEqual([
      {
        taskToken: done.event.taskToken,
        output: JSON.stringify({
          step: 'StopApache',
          instanceId: done.event.instanceId,
          exitCode: 0,
        }),
      },
    ]);
    expect(ssmMock.commandCalls(GetCommandInvocationCommand)).toHaveLength(0);
    expect(
      (await done.store.get(waitKeys.command(done.commandId, done.event.instanceId)))?.pending,
    ).toBeUndefined();
  });

  it("reads a check's answer from its exit code (3: stopped, which Run Command calls Failed)", async () => {
    const done = await setup({ step: 'CheckApacheStopped', script: 'check', expect: 'stopped' });
    await finishedFirst(done, 'Failed');
    ssmMock.on(GetCommandInvocationCommand).resolves({ Status: 'Failed', ResponseCode: 3 });

    await runScript(done.event, done.deps);

    expect(taskSuccesses().map((input) => JSON.parse(input.output ?? ''))).toEqual([
      {
        step: 'CheckApacheStopped',
        instanceId: done.event.instanceId,
        exitCode: 3,
        answer: 'stopped',
      },
    ]);
  });

  it('fails the task as Jobnet.CommandFailed, naming the step, the instance and the exit code', async () => {
    const done = await setup();
    await finishedFirst(done, 'Failed');
    ssmMock.on(GetCommandInvocationCommand).resolves({
      Status: 'Failed',
      ResponseCode: 1,
      StandardErrorContent: 'httpd: could not stop',
    });

    const result = await runScript(done.event, done.deps);

    expect(result.outcome).toBe('completed');
    const [failure] = sfnMock.commandCalls(SendTaskFailureCommand).map((c) => c.args[0].input);
    expect(failure).toEqual({
      taskToken: done.event.taskToken,
      error: 'Jobnet.CommandFailed',
      cause: expect.stringMatching(
        new RegExp(
          `^StopApache failed on ${done.event.instanceId}: command Failed, exit code 1[^]*httpd: could not stop`,
        ),
      ),
    });
    expect(taskSuccesses()).toEqual([]);
  });
});

describe('an instance Run Command cannot reach', () => {
  it('skips a stopped instance on the stop jobnet, completing the task at once', async () => {
    const { event, deps, store, commandId } = await setup();
    ssmMock.on(SendCommandCommand).rejects(notReachable());
    instanceIs(event.instanceId, 'stopped');

    const result = await runScript(event, deps);

    expect(result).toEqual({
      step: 'StopApache',
      resource: event.instanceId,
      outcome: 'completed',
      seen: 'stopped',
    });
    expect(taskSuccesses()).toEqual([
      {
        taskToken: event.taskToken,
        output: JSON.stringify({
          step: 'StopApache',
          instanceId: event.instanceId,
          skipped: 'instance is stopped',
        }),
      },
    ]);
    expect(ec2Mock.commandCalls(DescribeInstancesCommand)[0].args[0].input).toEqual({
      InstanceIds: [event.instanceId],
    });
    expect(await store.get(waitKeys.command(commandId, event.instanceId))).toBeUndefined();
  });

  it('fails as Jobnet.UnexpectedState on the start jobnet, which needs the instance running', async () => {
    const { event, deps } = await setup({
      step: 'StartApache',
      script: 'start',
      whenNotRunning: 'fail',
    });
    ssmMock.on(SendCommandCommand).rejects(notReachable());
    instanceIs(event.instanceId, 'stopped');

    await expect(runScript(event, deps)).rejects.toMatchObject({
      name: 'Jobnet.UnexpectedState',
      message: `StartApache on ${event.instanceId}: cannot run, the instance is stopped, not running`,
    });
    expect(sfnMock.calls()).toHaveLength(0);
  });

  it('fails as Jobnet.UnexpectedState naming Run Command when the instance is running', async () => {
    const { event, deps } = await setup();
    ssmMock.on(SendCommandCommand).rejects(notReachable());
    instanceIs(event.instanceId, 'running');

    await expect(runScript(event, deps)).rejects.toMatchObject({
      name: 'Jobnet.UnexpectedState',
      message: expect.stringMatching(
        new RegExp(`^StopApache on ${event.instanceId}: Run Command cannot reach the instance`),
      ),
    });
    expect(sfnMock.calls()).toHaveLength(0);
  });
});
