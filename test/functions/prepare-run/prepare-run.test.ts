import { DescribeInstancesCommand, EC2Client, type Instance } from '@aws-sdk/client-ec2';
import {
  DescribeRulesCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeDBClustersCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JOBNET_TAG_KEY } from '../../../contract/jobnet-tag';
import type { JobnetInput } from '../../../contract/jobnet-input';
import { prepareRun, type PrepareDeps } from '../../../functions/prepare-run/prepare-run';
import { useLocalDynamoDB } from '../../helpers/local-dynamodb';
import { callbackTaskEvent, taskWaitDeps } from '../../helpers/task-fixtures';

const db = useLocalDynamoDB();
const ec2Mock = mockClient(EC2Client);
const rdsMock = mockClient(RDSClient);
const elbv2Mock = mockClient(ElasticLoadBalancingV2Client);

/** The start jobnet's sample input: a system listed by instance ids, timeouts given. */
const SAMPLE = JSON.parse(
  readFileSync(join(__dirname, '../../../statemachines/start-webapp.sample-input.json'), 'utf8'),
) as JobnetInput & { instances: { ids: string[] } };
const [ID_1, ID_2] = SAMPLE.instances.ids;

beforeEach(() => {
  for (const mock of [ec2Mock, rdsMock, elbv2Mock]) mock.reset();
  rdsMock.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ Status: 'stopped' }] });
  elbv2Mock.on(DescribeRulesCommand).resolves({ Rules: [] });
  elbv2Mock.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [] });
});

function instance(id: string, tags: Record<string, string>): Instance {
  return {
    InstanceId: id,
    State: { Name: 'stopped' },
    Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
  };
}

function instancesAre(...instances: Instance[]) {
  ec2Mock.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: instances }] });
}

const tagged = (id: string, system = 'shop') =>
  instance(id, { Name: `web-${id.slice(-1)}`, [JOBNET_TAG_KEY]: system });

function setup(input: JobnetInput = SAMPLE) {
  const waits = taskWaitDeps(db.client());
  const { executionArn } = callbackTaskEvent('Prepare');
  const deps: PrepareDeps = {
    ec2: new EC2Client({ region: 'us-east-1' }),
    rds: new RDSClient({ region: 'us-east-1' }),
    elbv2: new ElasticLoadBalancingV2Client({ region: 'us-east-1' }),
    clock: waits.clock,
    runRecords: { put: (arn, record) => waits.store.putRunRecord(arn, record) },
  };
  return { store: waits.store, deps, event: { jobnet: 'start' as const, input, executionArn } };
}

describe('Prepare', () => {
  it("writes the run's record: the plan and the scripts, under the execution", async () => {
    const { deps, event, store } = setup();
    instancesAre(tagged(ID_2), tagged(ID_1));

    await prepareRun(event, deps);

    const record = await store.getRunRecord(event.executionArn);
    expect(record?.scripts).toEqual(SAMPLE.scripts);
    expect(record?.plan).toMatchObject({
      jobnet: 'start',
      db: { id: 'shop-db', status: 'stopped' },
      instances: [
        { id: ID_1, state: 'stopped' },
        { id: ID_2, state: 'stopped' },
      ],
      changes: expect.arrayContaining([
        `Start DB cluster shop-db (stopped now) and wait until available`,
      ]),
    });
  });

  it('hands the steps ids and wait timeouts, not the plan', async () => {
    const { deps, event } = setup();
    instancesAre(tagged(ID_1), tagged(ID_2));

    const prepared = await prepareRun(event, deps);

    expect(prepared).toMatchObject({
      jobnet: 'start',
      runId: SAMPLE.runId,
      instanceIds: [ID_1, ID_2],
      commandWaitSeconds: 300 + 120,
      healthWaitSeconds: 600 + 120,
    });
    expect(prepared).not.toHaveProperty('plan');
  });
});

describe('the jobnet tag of a system listed by instance ids', () => {
  it('refuses instances that lack it or carry another system, naming them, and records nothing', async () => {
    const { deps, event, store } = setup();
    instancesAre(instance(ID_1, { Name: 'web-1' }), tagged(ID_2, 'blog'));

    await expect(prepareRun(event, deps)).rejects.toMatchObject({
      name: 'Jobnet.InvalidInput',
      message: `Prepare on shop: instances.ids: ${ID_1}, ${ID_2} are not tagged ${JOBNET_TAG_KEY}=shop; the jobnets may act only on instances carrying it`,
    });
    expect(await store.getRunRecord(event.executionArn)).toBeUndefined();
  });

  it('names the one instance that lacks it', async () => {
    const { deps, event } = setup();
    instancesAre(tagged(ID_1), instance(ID_2, {}));

    await expect(prepareRun(event, deps)).rejects.toMatchObject({
      name: 'Jobnet.InvalidInput',
      message: expect.stringContaining(
        `instances.ids: ${ID_2} is not tagged ${JOBNET_TAG_KEY}=shop`,
      ),
    });
  });

  it('is not asked of a system selected by tags: its selector admits its instances', async () => {
    const { deps, event } = setup({
      ...SAMPLE,
      instances: { tags: { System: 'shop', Role: 'web' } },
    });
    instancesAre(instance(ID_1, { System: 'shop', Role: 'web' }));

    const prepared = await prepareRun(event, deps);

    expect(prepared.instanceIds).toEqual([ID_1]);
    expect(ec2Mock.commandCalls(DescribeInstancesCommand)[0].args[0].input).toMatchObject({
      Filters: expect.arrayContaining([{ Name: 'tag:System', Values: ['shop'] }]),
    });
  });
});
