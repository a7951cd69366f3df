import { GetExecutionHistoryCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { Executions } from '../../../bot/services/executions';
import {
  historyFixture,
  historyPages,
  type HistoryFixtureName,
} from '../../helpers/history-fixtures';

const sfnMock = mockClient(SFNClient);
const executions = new Executions(new SFNClient({ region: 'us-east-1' }), {
  stop: 'arn:aws:states:us-east-1:123456789012:stateMachine:webapp-chatops-stop',
  start: 'arn:aws:states:us-east-1:123456789012:stateMachine:webapp-chatops-start',
});

beforeEach(() => sfnMock.reset());

/** The approval token the bot finds in a fixture's history, the service paging it. */
async function lookUp(name: HistoryFixtureName): Promise<string | undefined> {
  return (await pendingIn(name))?.taskToken;
}

async function pendingIn(name: HistoryFixtureName) {
  const { describe, events } = historyFixture(name);
  sfnMock.on(GetExecutionHistoryCommand).callsFake(historyPages(events));
  return (await executions.approvals(describe.executionArn ?? '')).waiting();
}

async function approvalsIn(name: HistoryFixtureName) {
  const { describe, events } = historyFixture(name);
  sfnMock.on(GetExecutionHistoryCommand).callsFake(historyPages(events));
  return executions.approvals(describe.executionArn ?? '');
}

/** The latest TaskScheduled of a callback state. */
function scheduledFor(name: HistoryFixtureName, stateName: string) {
  const { events } = historyFixture(name);
  const entered = events.findLast((e) => e.stateEnteredEventDetails?.name === stateName);
  return events.findLast((e) => e.type === 'TaskScheduled' && (e.id ?? 0) > (entered?.id ?? 0));
}

/** The task token the service put in the latest TaskScheduled of a callback state. */
function tokenScheduledFor(name: HistoryFixtureName, stateName: string): string {
  const scheduled = scheduledFor(name, stateName);
  const parameters = JSON.parse(scheduled?.taskScheduledEventDetails?.parameters ?? '{}') as {
    Payload?: { taskToken?: string };
  };
  return parameters.Payload?.taskToken ?? 'none';
}

describe('the approval token, looked up in service-shaped histories', () => {
  it('is the token of the request now waiting, not of an attempt that failed before it', async () => {
    const token = await lookUp('stop-waiting-for-approval');

    expect(token).toBe(tokenScheduledFor('stop-waiting-for-approval', 'Approval'));
    const firstAttempt = historyFixture('stop-waiting-for-approval').events.find(
      (e) =>
        e.type === 'TaskScheduled' &&
        e.taskScheduledEventDetails?.parameters?.includes('taskToken'),
    );
    expect(firstAttempt?.taskScheduledEventDetails?.parameters).not.toContain(token);
  });

  it('comes with when it was requested: the TaskScheduled timestamp', async () => {
    const pending = await pendingIn('stop-waiting-for-approval');

    expect(pending?.requestedAt).toBe(
      scheduledFor('stop-waiting-for-approval', 'Approval')?.timestamp?.getTime(),
    );
  });

  it('is the second approval of a start that asks again before reopening', async () => {
    expect(await lookUp('start-waiting-to-reopen')).toBe(
      tokenScheduledFor('start-waiting-to-reopen', 'ApproveReopen'),
    );
  });

  it.each<HistoryFixtureName>([
    'stop-approved-in-progress',
    'stop-failed-in-map-iteration',
    'stop-redriven',
    'stop-approval-expired',
  ])('is none once the approval was decided or timed out (%s)', async (name) => {
    expect(await lookUp(name)).toBeUndefined();
  });

  it('names the reopen approval as such', async () => {
    expect((await pendingIn('start-waiting-to-reopen'))?.state).toBe('ApproveReopen');
  });

  it.each([
    ['stop-approved-in-progress', 'approved'],
    ['stop-approval-expired', 'expired'],
    ['stop-waiting-for-approval', 'failed'],
  ] as const)('tells how the newest decided approval of %s ended: %s', async (name, kind) => {
    const scan = await approvalsIn(name);
    expect(scan.tasks.find((t) => t.outcome)?.outcome?.kind).toBe(kind);
  });

  it('reads the history newest first, as the service pages it', async () => {
    await lookUp('start-waiting-to-reopen');

    const input = sfnMock.commandCalls(GetExecutionHistoryCommand)[0].args[0].input;
    expect(input).toMatchObject({ reverseOrder: true });
  });
});
