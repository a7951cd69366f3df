import {
  DescribeDBClustersCommand,
  RDSClient,
  RDSServiceException,
  StartDBClusterCommand,
  StopDBClusterCommand,
} from '@aws-sdk/client-rds';
import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { waitKeys, type WaitItem } from '../../../contract/waits';
import { judgeCluster, type ClusterAction } from '../../../functions/db-cluster/cluster-state';
import { handleCluster, type DbClusterEvent } from '../../../functions/db-cluster/db-cluster';
import { useLocalDynamoDB } from '../../helpers/local-dynamodb';
import { callbackTaskEvent, taskWaitDeps } from '../../helpers/task-fixtures';
import { uniqueClusterId } from '../../helpers/wait-fixtures';

const db = useLocalDynamoDB();
const rdsMock = mockClient(RDSClient);
const sfnMock = mockClient(SFNClient);
const rds = new RDSClient({ region: 'us-east-1' });

beforeEach(() => {
  rdsMock.reset();
  sfnMock.reset();
  sfnMock.on(SendTaskSuccessCommand).resolves({});
});

const STEPS = {
  'wait-available': 'WaitDbAvailable',
  stop: 'StopDbCluster',
  start: 'StartDbCluster',
};
const TARGETS = { 'wait-available': 'available', stop: 'stopped', start: 'available' } as const;

function setup(action: ClusterAction) {
  const waits = taskWaitDeps(db.client());
  const event: DbClusterEvent = {
    ...callbackTaskEvent(STEPS[action], 1800),
    clusterId: uniqueClusterId(),
    action,
  };
  const key = waitKeys.cluster(event.clusterId, TARGETS[action]);
  return { ...waits, event, key, deps: { rds, waits } };
}

const statusIs = (status: string) =>
  rdsMock.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ Status: status }] });
const answers = (status: string) => ({ DBCluster: { Status: status } });
const refused = () =>
  new RDSServiceException({
    name: 'InvalidDBClusterStateFault',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    message: 'DbCluster shop-db is in an invalid state',
  });

const successes = () => sfnMock.commandCalls(SendTaskSuccessCommand).map((c) => c.args[0].input);

describe('judging a cluster status', () => {
  it.each([
    ['wait-available', 'available', 'done'],
    ['wait-available', 'stopped', 'done'],
    ['wait-available', 'backing-up', 'wait'],
    ['stop', 'stopped', 'done'],
    ['stop', 'available', 'ask'],
    ['stop', 'stopping', 'wait'],
    ['start', 'available', 'done'],
    ['start', 'stopped', 'ask'],
    ['start', 'starting', 'wait'],
    ['start', 'stopping', 'fail'],
    ['stop', 'failed', 'fail'],
  ] as const)('%s on %s: %s', (action, status, kind) => {
    expect(judgeCluster(action, status).kind).toBe(kind);
  });
});

describe('waiting for the cluster to be available', () => {
  it('completes at once when the look finds it available', async () => {
    const { event, deps, store, key } = setup('wait-available');
    statusIs('available');

    const result = await handleCluster(event, deps);

    expect(result).toEqual({
      step: 'WaitDbAvailable',
      resource: event.clusterId,
      outcome: 'completed',
      seen: 'available',
    });
    expect(successes()).toEqual([
      {
        taskToken: event.taskToken,
        output: JSON.stringify({
          step: 'WaitDbAvailable',
          clusterId: event.clusterId,
          status: 'available',
        }),
      },
    ]);
    expect((await store.get(key))?.pending).toBeUndefined();
    expect(rdsMock.commandCalls(StopDBClusterCommand)).toHaveLength(0);
  });

  it('leaves a cluster backing up to its backup job event', async () => {
    const { event, deps, store, key } = setup('wait-available');
    statusIs('backing-up');

    const result = await handleCluster(event, deps);

    expect(result).toMatchObject({ outcome: 'waiting', seen: 'backing-up' });
    expect(await store.get(key)).toMatchObject({
      kind: 'cluster',
      resource: event.clusterId,
      target: 'available',
      token: event.taskToken,
      pending: 'cluster',
    });
    expect(sfnMock.calls()).toHaveLength(0);
  });
});

describe('stopping the cluster', () => {
  it('records the wait before StopDBCluster and leaves a stopping cluster to its event', async () => {
    const { event, deps, store, key } = setup('stop');
    statusIs('available');
    let atStop: WaitItem | undefined;
    rdsMock.on(StopDBClusterCommand).callsFake(async () => {
      atStop = await store.get(key);
      return answers('stopping');
    });

    const result = await handleCluster(event, deps);

    expect(atStop).toMatchObject({ token: event.taskToken, pending: 'cluster', target: 'stopped' });
    expect(result).toMatchObject({ outcome: 'waiting', seen: 'stopping' });
    // One look first: the cluster is asked only when it needs it.
    expect(rdsMock.commandCalls(DescribeDBClustersCommand)).toHaveLength(1);
    expect(sfnMock.calls()).toHaveLength(0);
  });

  it('waits once RDS took the stop, though its answer still shows the status before it', async () => {
    const { event, deps, store, key } = setup('stop');
    statusIs('available');
    rdsMock.on(StopDBClusterCommand).resolves(answers('available'));

    const result = await handleCluster(event, deps);

    expect(result).toMatchObject({ outcome: 'waiting', seen: 'available' });
    expect(await store.get(key)).toMatchObject({ token: event.taskToken, pending: 'cluster' });
    expect(sfnMock.calls()).toHaveLength(0);
  });

  it('completes at once when RDS refuses because the cluster is already stopped', async () => {
    const { event, deps } = setup('stop');
    rdsMock.on(StopDBClusterCommand).rejects(refused());
    statusIs('stopped');

    const result = await handleCluster(event, deps);

    expect(result).toMatchObject({ outcome: 'completed', seen: 'stopped' });
    expect(successes().map((input) => JSON.parse(input.output ?? ''))).toEqual([
      { step: 'StopDbCluster', clusterId: event.clusterId, status: 'stopped' },
    ]);
  });

  it('fails as Jobnet.ResourceBusy when RDS refuses while the cluster is backing up', async () => {
    const { event, deps } = setup('stop');
    rdsMock.on(StopDBClusterCommand).rejects(refused());
    statusIs('backing-up');

    await expect(handleCluster(event, deps)).rejects.toMatchObject({
      name: 'Jobnet.ResourceBusy',
      message: `StopDbCluster on DB cluster ${event.clusterId}: RDS cannot stop it while backing-up`,
    });
    expect(sfnMock.calls()).toHaveLength(0);
  });
});

describe('starting the cluster', () => {
  it('leaves a starting cluster to its event', async () => {
    const { event, deps, store, key } = setup('start');
    statusIs('stopped');
    rdsMock.on(StartDBClusterCommand).resolves(answers('starting'));

    const result = await handleCluster(event, deps);

    expect(result).toMatchObject({ outcome: 'waiting', seen: 'starting' });
    expect(await store.get(key)).toMatchObject({ token: event.taskToken, pending: 'cluster' });
    expect(sfnMock.calls()).toHaveLength(0);
  });

  it('waits once RDS took the start, though its answer still shows stopped', async () => {
    const { event, deps } = setup('start');
    statusIs('stopped');
    rdsMock.on(StartDBClusterCommand).resolves(answers('stopped'));

    await expect(handleCluster(event, deps)).resolves.toMatchObject({ outcome: 'waiting' });
    expect(sfnMock.calls()).toHaveLength(0);
  });

  it('completes at once when RDS refuses because the cluster is already available', async () => {
    const { event, deps } = setup('start');
    rdsMock.on(StartDBClusterCommand).rejects(refused());
    statusIs('available');

    const result = await handleCluster(event, deps);

    expect(result).toMatchObject({ outcome: 'completed', seen: 'available' });
    expect(successes()).toHaveLength(1);
  });

  it('fails as Jobnet.UnexpectedState on a cluster still stopping', async () => {
    const { event, deps } = setup('start');
    rdsMock.on(StartDBClusterCommand).rejects(refused());
    statusIs('stopping');

    await expect(handleCluster(event, deps)).rejects.toMatchObject({
      name: 'Jobnet.UnexpectedState',
      message: expect.stringContaining(
        'the cluster is stopping and cannot be started until stopped',
      ),
    });
    expect(sfnMock.calls()).toHaveLength(0);
  });
});

describe('a cluster no step can get out of', () => {
  it.each(['wait-available', 'stop', 'start'] as const)(
    '%s fails as Jobnet.UnexpectedState on a failed cluster',
    async (action) => {
      const { event, deps } = setup(action);
      rdsMock.on(StartDBClusterCommand).rejects(refused());
      rdsMock.on(StopDBClusterCommand).rejects(refused());
      statusIs('failed');

      await expect(handleCluster(event, deps)).rejects.toMatchObject({
        name: 'Jobnet.UnexpectedState',
        message: `${STEPS[action]} on DB cluster ${event.clusterId}: the cluster is failed`,
      });
      expect(sfnMock.calls()).toHaveLength(0);
    },
  );
});
