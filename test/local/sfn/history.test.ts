import {
  GetExecutionHistoryCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { createLocalSfnClient } from '../../../local/sfn/sfn-client';
import { historyFixture, type HistoryFixtureName } from '../../helpers/history-fixtures';
import { createJobnetHarness, type JobnetHarness } from '../../helpers/jobnet-harness';

// Each run makes real requests to the loopback DynamoDB: seconds of real time on a busy machine.
jest.setTimeout(30_000);

let h: JobnetHarness;
afterEach(() => h?.dispose());

const FIXTURES: HistoryFixtureName[] = [
  'stop-waiting-for-approval',
  'stop-approved-in-progress',
  'stop-failed-in-map-iteration',
  'stop-redriven',
  'stop-approval-expired',
  'start-waiting-to-reopen',
];
/** Fields of the service's history the local one leaves out: nothing reads them. */
const NOT_WRITTEN_LOCALLY = new Set(['roleArn']);

/** `TaskScheduled taskScheduledEventDetails{parameters,region,resource,resourceType,…}`. */
function shapeOf(event: HistoryEvent): string {
  const member = Object.keys(event).find((k) => k.endsWith('EventDetails'));
  const fields = member
    ? Object.keys((event as unknown as Record<string, object>)[member])
        .filter((f) => !NOT_WRITTEN_LOCALLY.has(f))
        .sort()
    : [];
  return `${event.type} ${member ?? '-'}{${fields.join(',')}}`;
}

/** What happened in order, without the data: `TaskStateEntered Prepare`, `TaskScheduled`, … */
const steps = (events: HistoryEvent[]) =>
  events.map((e) => `${e.type} ${e.stateEnteredEventDetails?.name ?? ''}`.trim());

const serviceShapes = new Set(FIXTURES.flatMap((name) => historyFixture(name).events.map(shapeOf)));

function expectServiceShaped(events: HistoryEvent[]) {
  events.forEach((event, i) => {
    expect(event.id).toBe(i + 1);
    expect(event.previousEventId).toBeLessThan(i + 1);
    expect(event.timestamp).toBeInstanceOf(Date);
    expect(serviceShapes).toContain(shapeOf(event));
  });
}

/** A stop of two instances, one at a time, approved; optionally the second one's stop fails. */
async function stopRun(failSecond: boolean) {
  h = await createJobnetHarness({ instances: 2, concurrency: 1 });
  if (failSecond)
    h.account.faults.failCommands(h.system.instanceIds[1], { exitCode: 1, match: /stop/ });
  const execution = h.start('stop');
  await h.decide(execution, 'approve');
  await h.finish(execution);
  return execution;
}

describe('the local execution history, against histories shaped as the service writes them', () => {
  it('writes a stop as the service does: task events inside each state, Map iterations', async () => {
    const execution = await stopRun(false);
    const events = h.history(execution);

    expectServiceShaped(events);
    const approved = historyFixture('stop-approved-in-progress').events;
    expect(steps(events).slice(0, approved.length)).toEqual(steps(approved));
    expect(events.at(-1)?.type).toBe('ExecutionSucceeded');
  });

  it('writes a failure in a Map iteration as the service does', async () => {
    const execution = await stopRun(true);
    const events = h.history(execution);

    expectServiceShaped(events);
    const redriven = historyFixture('stop-redriven').events;
    const failed = redriven.slice(0, redriven.findIndex((e) => e.type === 'ExecutionFailed') + 1);
    expect(steps(events)).toEqual(steps(failed));
  });

  it('marks a redrive with ExecutionRedriven and its count', async () => {
    const execution = await stopRun(true);
    h.account.faults.clear();
    h.sfn.redriveExecution(execution.executionArn);
    await h.finish(execution);
    const events = h.history(execution);

    expectServiceShaped(events);
    const redriven = events.filter((e) => e.type === 'ExecutionRedriven');
    expect(redriven.map((e) => e.executionRedrivenEventDetails)).toEqual([{ redriveCount: 1 }]);
    expect(events.at(-1)?.type).toBe('ExecutionSucceeded');
  });

  it('writes an expired approval as the service does', async () => {
    h = await createJobnetHarness({ instances: 2, approvalTimeoutSeconds: 600 });
    const execution = h.start('stop');
    await h.finish(execution);
    const events = h.history(execution);

    expectServiceShaped(events);
    expect(steps(events)).toEqual(steps(historyFixture('stop-approval-expired').events));
  });

  it('writes the Parallel and the Map inside it of a start waiting to reopen', async () => {
    h = await createJobnetHarness({
      instances: 2,
      startState: 'down',
      inputExtras: { approveBeforeReopen: true },
    });
    const execution = h.start('start');
    await h.decide(execution, 'approve');
    // The waits hold task tokens too: run until the one waiting is the second approval's.
    await h.vt.runUntil(() => h.sfn.tokens.waiting().some((t) => t.stateName === 'ApproveReopen'));
    const events = h.history(execution);

    expectServiceShaped(events);
    const fixture = historyFixture('start-waiting-to-reopen').events;
    expect([...steps(events)].sort()).toEqual([...steps(fixture)].sort());
    expect(events.at(-1)?.type).toBe('TaskSubmitted');
  });

  it('chains every task event back to the state it belongs to', async () => {
    const execution = await stopRun(true);
    const events = h.history(execution);
    const byId = new Map(events.map((e) => [e.id, e]));

    for (const event of events.filter(
      (e) => e.type?.startsWith('Task') && !e.type.endsWith('State'),
    )) {
      let current: HistoryEvent | undefined = event;
      while (current && !current.type?.endsWith('StateEntered'))
        current = byId.get(current.previousEventId);
      expect(current?.type).toBe('TaskStateEntered');
    }
    const failure = events.find((e) => e.type === 'TaskFailed');
    let at: HistoryEvent | undefined = failure;
    while (at && !at.stateEnteredEventDetails) at = byId.get(at.previousEventId);
    expect(JSON.parse(at?.stateEnteredEventDetails?.input ?? '{}')).toMatchObject({
      instanceId: h.system.instanceIds[1],
    });
  });
});

describe('the local Step Functions API', () => {
  it('pages GetExecutionHistory as the service does', async () => {
    const execution = await stopRun(false);
    const sfn = createLocalSfnClient(h.sfn);
    const all = h.history(execution);

    const first = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn: execution.executionArn, maxResults: 10 }),
    );
    const second = await sfn.send(
      new GetExecutionHistoryCommand({
        executionArn: execution.executionArn,
        maxResults: 10,
        nextToken: first.nextToken,
      }),
    );
    const newest = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn: execution.executionArn, reverseOrder: true }),
    );

    expect(first.events?.map((e) => e.id)).toEqual(all.slice(0, 10).map((e) => e.id));
    expect(second.events?.map((e) => e.id)).toEqual(all.slice(10, 20).map((e) => e.id));
    expect(newest.events?.[0].id).toBe(all.length);
    expect(newest.events).toHaveLength(Math.min(100, all.length));
  });

  it('answers TaskTimedOut for a decided token and InvalidToken for a garbled one', async () => {
    h = await createJobnetHarness({ instances: 1 });
    const execution = h.start('stop');
    await h.vt.runUntil(() => h.approvalRequests.length === 1);
    const { taskToken } = h.approvalRequests[0];
    const sfn = createLocalSfnClient(h.sfn);

    await sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{"approvedBy":"U1"}' }));

    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{}' })),
    ).rejects.toMatchObject({ name: 'TaskTimedOut' });
    await expect(
      sfn.send(new SendTaskFailureCommand({ taskToken, error: 'Jobnet.ApprovalRejected' })),
    ).rejects.toMatchObject({ name: 'TaskTimedOut' });
    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken: `${taskToken}x`, output: '{}' })),
    ).rejects.toMatchObject({ name: 'InvalidToken' });
    await h.finish(execution);
  });
});
