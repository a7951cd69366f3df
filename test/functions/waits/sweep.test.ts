import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { DescribeInstancesCommand, EC2Client, type Instance } from '@aws-sdk/client-ec2';
import { DescribeDBClustersCommand, RDSClient } from '@aws-sdk/client-rds';
import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import {
  GetCommandInvocationCommand,
  ListCommandInvocationsCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { RUN_STATE_TABLE_KEY, waitKeys } from '../../../contract/waits';
import { sweep, type SweepDeps } from '../../../functions/waits/sweep';
import { WaitStore } from '../../../functions/waits/wait-store';
import { useLocalDynamoDB } from '../../helpers/local-dynamodb';
import {
  clusterWait,
  commandWait,
  executionArn,
  instanceWait,
  recordingQueue,
  statusWait,
  testClock,
  uniqueClusterId,
  uniqueCommandId,
  uniqueInstanceId,
} from '../../helpers/wait-fixtures';

const db = useLocalDynamoDB();
const ec2Mock = mockClient(EC2Client);
const ssmMock = mockClient(SSMClient);
const rdsMock = mockClient(RDSClient);
const sfnMock = mockClient(SFNClient);

let tables = 0;
/** The sweep reads every pending wait of its table: each test gets a table of its own. */
async function freshTable(): Promise<string> {
  tables += 1;
  const TableName = `run-state-sweep-${tables}`;
  await db.client().send(
    new CreateTableCommand({
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [...RUN_STATE_TABLE_KEY.KeySchema],
      AttributeDefinitions: [...RUN_STATE_TABLE_KEY.AttributeDefinitions],
      GlobalSecondaryIndexes: RUN_STATE_TABLE_KEY.GlobalSecondaryIndexes.map((index) => ({
        ...index,
        KeySchema: [...index.KeySchema],
      })),
    }),
  );
  return TableName;
}

async function setup() {
  for (const mock of [ec2Mock, ssmMock, rdsMock, sfnMock]) mock.reset();
  sfnMock.on(SendTaskSuccessCommand).resolves({});
  sfnMock.on(SendTaskFailureCommand).resolves({});
  const clock = testClock();
  const store = new WaitStore({ ddb: db.client(), tableName: await freshTable(), clock });
  const queue = recordingQueue();
  const deps: SweepDeps = {
    store,
    sfn: new SFNClient({ region: 'us-east-1' }),
    ec2: new EC2Client({ region: 'us-east-1' }),
    ssm: new SSMClient({ region: 'us-east-1' }),
    rds: new RDSClient({ region: 'us-east-1' }),
    queue,
    clock,
  };
  return { clock, store, queue, deps };
}

function instances(...entries: [string, string, Date?][]) {
  return {
    Reservations: [
      {
        Instances: entries.map(([id, state, launched]): Instance => ({
          InstanceId: id,
          State: { Name: state as NonNullable<Instance['State']>['Name'] },
          LaunchTime: launched,
        })),
      },
    ],
  };
}

const successes = () =>
  sfnMock.commandCalls(SendTaskSuccessCommand).map((c) => ({
    token: c.args[0].input.taskToken,
    output: JSON.parse(c.args[0].input.output ?? 'null') as unknown,
  }));

describe('the sweep', () => {
  it('calls no operated service when nothing is pending', async () => {
    const { deps } = await setup();

    const report = await sweep(deps);

    expect(report).toMatchObject({
      dropped: 0,
      completed: 0,
      moved: 0,
      chainsStarted: 0,
      problems: [],
    });
    expect(ec2Mock.calls()).toHaveLength(0);
    expect(ssmMock.calls()).toHaveLength(0);
    expect(rdsMock.calls()).toHaveLength(0);
    expect(sfnMock.calls()).toHaveLength(0);
  });

  it('leaves waits registered less than a minute ago to their events', async () => {
    const { clock, store, deps } = await setup();
    await store.registerBeforeAct(instanceWait(uniqueInstanceId(), 'stopped'));
    clock.advance(59_000);

    const report = await sweep(deps);

    expect(report.pending.instance).toBe(1);
    expect(ec2Mock.calls()).toHaveLength(0);
  });

  it('completes an instance wait whose event was lost, with one look for all instances', async () => {
    const { clock, store, deps } = await setup();
    const [lost, stopping] = [uniqueInstanceId(), uniqueInstanceId()];
    const wait = await store.registerBeforeAct(instanceWait(lost, 'stopped'));
    await store.registerBeforeAct(instanceWait(stopping, 'stopped'));
    ec2Mock
      .on(DescribeInstancesCommand)
      .resolves(instances([lost, 'stopped'], [stopping, 'stopping']));
    clock.advance(5 * 60_000);

    const report = await sweep(deps);

    expect(ec2Mock.commandCalls(DescribeInstancesCommand).map((c) => c.args[0].input)).toEqual([
      { Filters: [{ Name: 'instance-id', Values: expect.arrayContaining([lost, stopping]) }] },
    ]);
    expect(successes()).toEqual([
      { token: wait.token, output: { step: 'StopInstance', instanceId: lost, state: 'stopped' } },
    ]);
    expect(report).toMatchObject({ completed: 1, pending: { instance: 2 } });
    expect(await store.get(waitKeys.instance(stopping, 'stopped'))).toMatchObject({
      pending: 'instance',
    });
  });

  it('moves a started instance on to its status checks from its launch time, and starts the poll chain', async () => {
    const { clock, store, queue, deps } = await setup();
    const id = uniqueInstanceId();
    const arn = executionArn(`sweep-${id}`);
    const wait = await store.registerBeforeAct(
      instanceWait(id, 'running', { then: 'status', executionArn: arn }),
    );
    const launched = clock.now() + 40_000;
    ec2Mock.on(DescribeInstancesCommand).resolves(instances([id, 'running', new Date(launched)]));
    clock.advance(5 * 60_000);

    const report = await sweep(deps);

    expect(report).toMatchObject({ moved: 1, completed: 0 });
    expect(sfnMock.calls()).toHaveLength(0);
    expect(await store.get(waitKeys.status(id))).toMatchObject({
      token: wait.token,
      notBefore: launched + 60_000,
    });
    // The operation began when the step started the instance, 5 minutes ago: the first poll
    // comes after 5 % of that (15 s), the cadence that keeps the delay within 5 % of it.
    expect(queue.sent).toEqual([
      { message: expect.objectContaining({ kind: 'poll', executionArn: arn }), delaySeconds: 15 },
    ]);
  });

  it('fails the wait of an instance that was terminated', async () => {
    const { clock, store, deps } = await setup();
    const id = uniqueInstanceId();
    await store.registerBeforeAct(instanceWait(id, 'stopped'));
    ec2Mock.on(DescribeInstancesCommand).resolves(instances([id, 'terminated']));
    clock.advance(5 * 60_000);

    await sweep(deps);

    expect(sfnMock.commandCalls(SendTaskFailureCommand)[0].args[0].input).toMatchObject({
      error: 'Jobnet.UnexpectedState',
      cause: `StopInstance on ${id}: the instance is terminated`,
    });
  });

  it('completes a command wait whose event was lost, judged like the matcher judges it', async () => {
    const { clock, store, deps } = await setup();
    const [ok, failed, running, inst] = [
      uniqueCommandId(),
      uniqueCommandId(),
      uniqueCommandId(),
      uniqueInstanceId(),
    ];
    const registeredAt = clock.now();
    const okWait = await store.registerCommand(commandWait(ok, inst));
    const failedWait = await store.registerCommand(
      commandWait(failed, inst, { step: 'StartApache' }),
    );
    await store.registerCommand(commandWait(running, inst));
    ssmMock.on(ListCommandInvocationsCommand).resolves({
      CommandInvocations: [
        { CommandId: ok, InstanceId: inst, Status: 'Success' },
        { CommandId: failed, InstanceId: inst, Status: 'Failed' },
        { CommandId: running, InstanceId: inst, Status: 'InProgress' },
      ],
    });
    ssmMock
      .on(GetCommandInvocationCommand, { CommandId: failed, InstanceId: inst })
      .resolves({ Status: 'Failed', ResponseCode: 2, StandardErrorContent: 'no such unit' });
    clock.advance(5 * 60_000);

    const report = await sweep(deps);

    expect(ssmMock.commandCalls(ListCommandInvocationsCommand)[0].args[0].input).toEqual({
      Filters: [
        { key: 'InvokedAfter', value: new Date(registeredAt - 15 * 60_000).toISOString() },
        { key: 'DocumentName', value: 'AWS-RunShellScript' },
      ],
    });
    expect(successes()).toEqual([
      { token: okWait.token, output: { step: 'StopApache', instanceId: inst, exitCode: 0 } },
    ]);
    const failure = sfnMock.commandCalls(SendTaskFailureCommand)[0].args[0].input;
    expect(failure).toMatchObject({ taskToken: failedWait.token, error: 'Jobnet.CommandFailed' });
    expect(failure.cause).toContain('no such unit');
    expect(ssmMock.commandCalls(GetCommandInvocationCommand)).toHaveLength(1);
    expect(report.completed).toBe(2);
  });

  it('completes a cluster wait whose event was lost', async () => {
    const { clock, store, deps } = await setup();
    const id = uniqueClusterId();
    const wait = await store.registerBeforeAct(clusterWait(id, 'stopped'));
    rdsMock
      .on(DescribeDBClustersCommand)
      .resolves({ DBClusters: [{ DBClusterIdentifier: id, Status: 'stopped' }] });
    clock.advance(10 * 60_000);

    await sweep(deps);

    // By identifier: IAM allows DescribeDBClusters on the configured clusters only.
    expect(rdsMock.commandCalls(DescribeDBClustersCommand)[0].args[0].input).toEqual({
      DBClusterIdentifier: id,
    });
    expect(successes()).toEqual([
      { token: wait.token, output: { step: 'StopDbCluster', clusterId: id, status: 'stopped' } },
    ]);
  });

  it('stops counting a wait 15 minutes past its deadline, without looking at it', async () => {
    const { clock, store, deps } = await setup();
    const wait = await store.registerBeforeAct(instanceWait(uniqueInstanceId(), 'stopped'));
    const kept = await store.registerBeforeAct(
      statusWait(uniqueInstanceId(), { timeoutSeconds: 3_600 }),
    );
    clock.set(wait.deadline! + 15 * 60_000 + 1);

    const report = await sweep(deps);

    expect(report).toMatchObject({ dropped: 1, pending: { instance: 0, status: 1 } });
    expect(await store.get(wait.pk)).not.toHaveProperty('pending');
    expect(await store.get(kept.pk)).toMatchObject({ pending: 'status' });
    expect(ec2Mock.calls()).toHaveLength(0);
    expect(sfnMock.calls()).toHaveLength(0);
  });

  it('starts a poll chain for a run whose polled waits have none, and leaves a live one be', async () => {
    const { clock, store, queue, deps } = await setup();
    const arn = executionArn(`chainless-${uniqueInstanceId()}`);
    await store.registerBeforeAct(statusWait(uniqueInstanceId(), { executionArn: arn }));
    clock.advance(5 * 60_000);

    const first = await sweep(deps);
    const second = await sweep(deps);

    expect([first.chainsStarted, second.chainsStarted]).toEqual([1, 0]);
    expect(queue.sent).toHaveLength(1);
  });

  it('notes a failed look and goes on with the other kinds', async () => {
    const { clock, store, deps } = await setup();
    const id = uniqueClusterId();
    await store.registerBeforeAct(instanceWait(uniqueInstanceId(), 'stopped'));
    await store.registerBeforeAct(clusterWait(id, 'stopped'));
    ec2Mock.on(DescribeInstancesCommand).rejects(new Error('EC2 is having a bad day'));
    rdsMock
      .on(DescribeDBClustersCommand)
      .resolves({ DBClusters: [{ DBClusterIdentifier: id, Status: 'stopped' }] });
    clock.advance(5 * 60_000);

    const report = await sweep(deps);

    expect(report.problems).toEqual(['instances: Error: EC2 is having a bad day']);
    expect(report.completed).toBe(1);
  });
});
