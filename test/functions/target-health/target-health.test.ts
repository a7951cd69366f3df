import {
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  type TargetHealthDescription,
  type TargetHealthReasonEnum,
  type TargetHealthStateEnum,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { waitKeys } from '../../../contract/waits';
import { summarizeHealth } from '../../../functions/target-health/health-summary';
import {
  waitTargetsHealthy,
  type TargetHealthEvent,
} from '../../../functions/target-health/target-health';
import { useLocalDynamoDB } from '../../helpers/local-dynamodb';
import { callbackTaskEvent, taskWaitDeps } from '../../helpers/task-fixtures';
import { uniqueTargetGroupArn } from '../../helpers/wait-fixtures';

const db = useLocalDynamoDB();
const elbv2Mock = mockClient(ElasticLoadBalancingV2Client);
const sfnMock = mockClient(SFNClient);
const elbv2 = new ElasticLoadBalancingV2Client({ region: 'us-east-1' });

beforeEach(() => {
  elbv2Mock.reset();
  sfnMock.reset();
  sfnMock.on(SendTaskSuccessCommand).resolves({});
  elbv2Mock
    .on(DescribeTargetGroupsCommand)
    .resolves({ TargetGroups: [{ HealthyThresholdCount: 3, HealthCheckIntervalSeconds: 10 }] });
});

/** Three checks in a row, ten seconds apart: the first look that can see a new target healthy. */
const CHECKS_PASS_MS = (3 - 1) * 10 * 1000;

function setup() {
  const waits = taskWaitDeps(db.client());
  const event: TargetHealthEvent = {
    ...callbackTaskEvent('WaitTargetsHealthy', 720),
    targetGroupArn: uniqueTargetGroupArn(),
    healthTimeoutSeconds: 600,
  };
  return { ...waits, event, key: waitKeys.health(event.targetGroupArn), deps: { elbv2, waits } };
}

const target = (
  id: string,
  state: TargetHealthStateEnum,
  reason?: TargetHealthReasonEnum,
): TargetHealthDescription => ({
  Target: { Id: id, Port: 80 },
  TargetHealth: { State: state, ...(reason ? { Reason: reason } : {}) },
});
const healthIs = (...targets: TargetHealthDescription[]) =>
  elbv2Mock.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: targets });

describe('waiting for every target to be healthy', () => {
  it("records a wait polled no earlier than the group's health checks could pass", async () => {
    const { event, deps, store, key, clock } = setup();
    healthIs(target('i-0a', 'initial', 'Elb.RegistrationInProgress'));

    await waitTargetsHealthy(event, deps);

    expect(await store.get(key)).toMatchObject({
      kind: 'health',
      resource: event.targetGroupArn,
      target: 'healthy',
      token: event.taskToken,
      pending: 'health',
      registeredAt: clock.now(),
      notBefore: clock.now() + CHECKS_PASS_MS,
      // The poll fails the wait at the input's limit, naming the targets; the task's is later.
      deadline: clock.now() + 600_000,
    });
    expect(elbv2Mock.commandCalls(DescribeTargetGroupsCommand)[0].args[0].input).toEqual({
      TargetGroupArns: [event.targetGroupArn],
    });
  });

  it('completes at once, and only once, when every target is healthy at the look', async () => {
    const { event, deps, store, key, queue } = setup();
    healthIs(target('i-0a', 'healthy'), target('i-0b', 'healthy'));

    const result = await waitTargetsHealthy(event, deps);

    expect(result).toEqual({
      step: 'WaitTargetsHealthy',
      resource: event.targetGroupArn,
      outcome: 'completed',
      seen: '2/2 healthy',
    });
    expect(sfnMock.commandCalls(SendTaskSuccessCommand).map((c) => c.args[0].input)).toEqual([
      {
        taskToken: event.taskToken,
        output: JSON.stringify({ step: 'WaitTargetsHealthy', healthy: 2, total: 2 }),
      },
    ]);
    expect((await store.get(key))?.pending).toBeUndefined();
    expect(queue.sent).toEqual([]);
  });

  it("starts the run's poll chain, first poll when the checks could have passed", async () => {
    const { event, deps, store, queue, clock } = setup();
    healthIs(target('i-0a', 'healthy'), target('i-0b', 'unhealthy', 'Target.FailedHealthChecks'));

    const result = await waitTargetsHealthy(event, deps);

    expect(result).toMatchObject({
      outcome: 'waiting',
      seen: '1/2 healthy; i-0b unhealthy (Target.FailedHealthChecks)',
    });
    expect(queue.sent).toEqual([
      {
        message: { kind: 'poll', executionArn: event.executionArn, chain: expect.any(String) },
        delaySeconds: CHECKS_PASS_MS / 1000,
      },
    ]);
    expect(await store.getLease(event.executionArn)).toMatchObject({
      chain: queue.sent[0].message.chain,
      nextPollAt: clock.now() + CHECKS_PASS_MS,
    });
    expect(sfnMock.calls()).toHaveLength(0);
  });

  it('waits on a group with no targets: an empty group would serve only errors', async () => {
    const { event, deps, queue } = setup();
    healthIs();

    const result = await waitTargetsHealthy(event, deps);

    expect(summarizeHealth([]).allHealthy).toBe(false);
    expect(result).toMatchObject({ outcome: 'waiting', seen: 'no targets registered' });
    expect(queue.sent).toHaveLength(1);
    expect(sfnMock.calls()).toHaveLength(0);
  });

  it("assumes ELB's default checks when the group does not say", async () => {
    const { event, deps, store, key, clock } = setup();
    elbv2Mock.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [{}] });
    healthIs(target('i-0a', 'initial'));

    await waitTargetsHealthy(event, deps);

    // 5 checks in a row, 30 seconds apart.
    expect((await store.get(key))?.notBefore).toBe(clock.now() + 4 * 30_000);
  });
});
