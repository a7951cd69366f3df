import {
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SFNClient,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { tokenDigest } from '../../../bot/blocks/approval-ref';
import { Executions } from '../../../bot/services/executions';

const sfnMock = mockClient(SFNClient);
const arns = {
  stop: 'arn:aws:states:us-east-1:123456789012:stateMachine:webapp-chatops-stop',
  start: 'arn:aws:states:us-east-1:123456789012:stateMachine:webapp-chatops-start',
};
const executions = new Executions(new SFNClient({ region: 'us-east-1' }), arns);
const scheduledAt = new Date('2026-11-29T22:01:00Z');
const scheduled = (id: number, token: string): HistoryEvent => ({
  id,
  type: 'TaskScheduled',
  timestamp: scheduledAt,
  taskScheduledEventDetails: {
    resourceType: 'lambda',
    resource: 'invoke.waitForTaskToken',
    region: 'us-east-1',
    parameters: JSON.stringify({ FunctionName: 'f', Payload: { taskToken: token } }),
  },
});

beforeEach(() => sfnMock.reset());

describe('Executions', () => {
  it('builds execution ARNs from the state machine ARN, and tells their jobnet back', () => {
    expect(executions.executionArn('stop', 'run-1')).toBe(
      'arn:aws:states:us-east-1:123456789012:execution:webapp-chatops-stop:run-1',
    );
    expect(executions.jobnetOf(executions.executionArn('start', 'run-1'))).toBe('start');
    expect(executions.jobnetOf(executions.executionArn('stop', 'run-1'))).toBe('stop');
    expect(
      executions.jobnetOf('arn:aws:states:us-east-1:123456789012:execution:other:run-1'),
    ).toBeUndefined();
  });

  it('finds the running runs of one system across both machines', async () => {
    sfnMock.on(ListExecutionsCommand, { stateMachineArn: arns.stop }).resolves({
      executions: [
        {
          executionArn: 'a',
          name: 'stop-shop-20261129T2200-aaaaaaaa',
          stateMachineArn: arns.stop,
          status: 'RUNNING',
          startDate: new Date(1),
        },
        {
          executionArn: 'b',
          name: 'stop-shop-eu-20261129T2200-bbbbbbbb',
          stateMachineArn: arns.stop,
          status: 'RUNNING',
          startDate: new Date(2),
        },
      ],
    });
    sfnMock.on(ListExecutionsCommand, { stateMachineArn: arns.start }).resolves({ executions: [] });
    const runs = await executions.runsOf('shop', 'RUNNING');
    expect(runs.map((r) => r.executionArn)).toEqual(['a']);
  });

  it('reads the waiting approval from the history, and its outcome once decided', async () => {
    sfnMock.on(GetExecutionHistoryCommand).resolvesOnce({
      events: [
        { id: 8, previousEventId: 7, type: 'TaskStarted', timestamp: new Date() },
        scheduled(7, 'token-2'),
        {
          id: 4,
          previousEventId: 3,
          type: 'TaskSucceeded',
          timestamp: new Date(),
          taskSucceededEventDetails: {
            resourceType: 'lambda',
            resource: 'invoke.waitForTaskToken',
            output: JSON.stringify({ approvedBy: 'U0LEAD' }),
          },
        },
        scheduled(3, 'token-1'),
      ],
    });
    const scan = await executions.approvals('x');
    expect(scan.waiting()).toMatchObject({
      taskToken: 'token-2',
      attempt: tokenDigest('token-2'),
      requestedAt: scheduledAt.getTime(),
    });
    expect(scan.find('Approval', tokenDigest('token-1'))?.outcome).toMatchObject({
      kind: 'approved',
      by: 'U0LEAD',
    });

    sfnMock.reset();
    sfnMock.on(GetExecutionHistoryCommand).resolves({
      events: [
        {
          id: 10,
          previousEventId: 8,
          type: 'TaskFailed',
          timestamp: new Date(),
          taskFailedEventDetails: {
            resourceType: 'lambda',
            resource: 'invoke.waitForTaskToken',
            error: 'Jobnet.ApprovalRejected',
            cause: 'Rejected by U0APPROVER at 2026-11-29T22:02:00.000Z',
          },
        },
        { id: 8, previousEventId: 7, type: 'TaskStarted', timestamp: new Date() },
        scheduled(7, 'token-2'),
      ],
    });
    const decided = await executions.approvals('x');
    expect(decided.waiting()).toBeUndefined();
    expect(decided.tasks[0].outcome).toMatchObject({ kind: 'rejected', by: 'U0APPROVER' });
  });

  it('reads older pages, newest first, until it finds the request, and none after it', async () => {
    const step = (id: number): HistoryEvent => ({
      id,
      type: 'TaskStateEntered',
      timestamp: new Date(),
    });
    sfnMock
      .on(GetExecutionHistoryCommand)
      .resolvesOnce({ events: [step(40), step(39)], nextToken: 'older' })
      .resolvesOnce({ events: [step(38), scheduled(12, 'token-1'), step(11)], nextToken: 'oldest' })
      .resolves({ events: [] });

    const scan = await executions.approvals('x', (found) => found.tasks.length > 0);
    expect(scan.waiting()).toMatchObject({ taskToken: 'token-1' });

    const calls = sfnMock.commandCalls(GetExecutionHistoryCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1].args[0].input).toMatchObject({
      executionArn: 'x',
      reverseOrder: true,
      maxResults: 200,
      nextToken: 'older',
    });
  });
});
