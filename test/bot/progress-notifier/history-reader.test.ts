import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { anchorOf, readNewEvents } from '../../../bot/progress-notifier/history-reader';
import { snapshotSfn } from '../../helpers/notifier-harness';

const ARN = 'arn:aws:states:us-east-1:123456789012:execution:webapp-chatops-stop:run-1';

function history(length: number, type = 'TaskStateEntered'): HistoryEvent[] {
  return Array.from({ length }, (_, i) => ({
    id: i + 1,
    previousEventId: i,
    type: type as HistoryEvent['type'],
    timestamp: new Date(1_000 * (i + 1)),
  }));
}

function service(events: HistoryEvent[]) {
  const describe = {
    $metadata: {},
    executionArn: ARN,
    stateMachineArn: ARN,
    status: 'RUNNING' as const,
    startDate: new Date(0),
  };
  const s = snapshotSfn({ describe, events });
  return {
    ...s,
    calls: () => s.mock.commandCalls(GetExecutionHistoryCommand).map((c) => c.args[0].input),
  };
}

const from = (events: HistoryEvent[], position: number) => ({
  position,
  anchor: anchorOf(events[position - 1]),
});

describe('reading a history', () => {
  it('reads all of it, oldest first, in pages of 1,000 when nothing is folded yet', async () => {
    const events = history(2_500);
    const s = service(events);

    const read = await readNewEvents(s.sfn, ARN, undefined);

    expect(read).toMatchObject({ whole: true, read: 2_500 });
    expect(read.events.map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(s.calls().map((c) => [c.maxResults, c.reverseOrder])).toEqual([
      [1000, undefined],
      [1000, undefined],
      [1000, undefined],
    ]);
  });

  it('reads newest first down to the anchor only, in a page sized to what the delivery brings', async () => {
    const events = history(800);
    const s = service(events);

    const read = await readNewEvents(s.sfn, ARN, from(events, 770), 800);

    expect(read.whole).toBe(false);
    expect(read.events.map((e) => e.id)).toEqual(events.slice(770).map((e) => e.id));
    expect(read.read).toBe(31);
    expect(s.calls()).toEqual([
      expect.objectContaining({ executionArn: ARN, reverseOrder: true, maxResults: 31 }),
    ]);
  });

  it('pages on past a first page the delivery did not size', async () => {
    const events = history(600);
    const s = service(events);

    const read = await readNewEvents(s.sfn, ARN, from(events, 350));

    expect(read.events.map((e) => e.id)).toEqual(events.slice(350).map((e) => e.id));
    expect(s.calls().map((c) => c.maxResults)).toEqual([101, 101, 101]);
  });

  it('reads nothing when the delivery brings only events already folded', async () => {
    const events = history(50);
    const s = service(events);

    const read = await readNewEvents(s.sfn, ARN, from(events, 50), 48);

    expect(read).toEqual({ events: [], whole: false, read: 0 });
    expect(s.calls()).toEqual([]);
    expect(s.mock.commandCalls(DescribeExecutionCommand)).toEqual([]);
  });

  it('reads the whole history again when the event at the position is not the one folded', async () => {
    // The local emulation lists a waiting task's TaskScheduled last, and drops it once decided.
    const folded = [...history(20), { ...history(21, 'TaskScheduled')[20] }];
    const events = history(25);
    const s = service(events);

    const read = await readNewEvents(s.sfn, ARN, from(folded, 21), 25);

    expect(read.whole).toBe(true);
    expect(read.events.map((e) => e.id)).toEqual(events.map((e) => e.id));
  });
});
