import type { HistoryEvent } from '@aws-sdk/client-sfn';
import {
  billedMs,
  functionName,
  jobnetFigures,
  peakInWindow,
  type RunRecords,
} from '../../../scripts/bench/jobnet-figures';

const T0 = Date.parse('2026-11-29T22:00:00Z');
const ARN = 'arn:aws:states:us-east-1:123456789012:execution:webapp-chatops-stop:bench';
const fn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
const call = (ms: number, service: string, action: string) => ({ at: T0 + ms, service, action });

/** A small history: a state entered with an input of `input`, left with a task's result. */
function history(input: string): HistoryEvent[] {
  return [
    { id: 1, previousEventId: 0, type: 'ExecutionStarted', timestamp: new Date(T0) },
    {
      id: 2,
      previousEventId: 1,
      type: 'TaskStateEntered',
      timestamp: new Date(T0),
      stateEnteredEventDetails: { name: 'Stop', input },
    },
    {
      id: 3,
      previousEventId: 2,
      type: 'TaskSucceeded',
      timestamp: new Date(T0 + 5),
      taskSucceededEventDetails: { resource: 'invoke', resourceType: 'lambda', output: '{}' },
    },
  ];
}

function records(overrides: Partial<RunRecords> = {}): RunRecords {
  return {
    startedAt: T0,
    stoppedAt: T0 + 65_000,
    executionArn: ARN,
    calls: [],
    invocations: [],
    stateEvents: [],
    history: [],
    dynamoDb: { reads: 0, writes: 0 },
    eventBridgeEvents: 0,
    sqsRequests: 0,
    detections: [],
    ...overrides,
  };
}

describe('peakInWindow', () => {
  it('finds the most times in any window, not only in clock seconds', () => {
    // 3 calls between 0.6 s and 1.5 s straddle a clock second: a sliding window sees them.
    expect(peakInWindow([0, 600, 1_200, 1_500, 2_600], 1_000)).toBe(3);
  });

  it('does not count a time exactly one window later in the same window', () => {
    expect(peakInWindow([0, 1_000, 2_000], 1_000)).toBe(1);
    expect(peakInWindow([], 1_000)).toBe(0);
  });
});

describe('billedMs and functionName', () => {
  it('rounds each invocation up to the millisecond, at least 1 ms', () => {
    const span = (ms: number) => ({ functionArn: fn('f'), startedAt: T0, endedAt: T0 + ms });
    expect([billedMs(span(0)), billedMs(span(1.2)), billedMs(span(45_000))]).toEqual([
      1, 2, 45_000,
    ]);
  });

  it('reads the name from an ARN, with or without a qualifier', () => {
    expect(functionName(fn('webapp-chatops-run-script'))).toBe('webapp-chatops-run-script');
    expect(functionName(`${fn('poller')}:$LATEST`)).toBe('poller');
  });
});

describe('jobnetFigures', () => {
  it('counts calls per service, the operated services apart, with each busiest second', () => {
    // Prepare
    const calls = [
      call(0, 'ec2', 'StopInstances'),
      call(100, 'ec2', 'DescribeInstances'),
      call(200, 'ec2', 'DescribeInstances'),
      call(5_000, 'ssm', 'SendCommand'),
      call(5_100, 'elbv2', 'DescribeTargetHealth'),
      call(5_200, 'scheduler', 'ListSchedules'),
    ];

    // Act
    const figures = jobnetFigures(records({ calls }));

    // Assess
    expect(figures.apiCalls).toMatchObject({ total: 6, peakPerSecond: 3 });
    expect(figures.operatedCalls).toMatchObject({ total: 5, peakPerSecond: 3 });
    expect(figures.byService.map((s) => [s.service, s.total, s.peakPerSecond])).toEqual([
      ['ec2', 3, 3],
      ['elbv2', 1, 1],
      ['scheduler', 1, 1],
      ['ssm', 1, 1],
    ]);
    expect(figures.byService[0].byAction).toEqual({ StopInstances: 1, DescribeInstances: 2 });
  });

  it('sums invocations and billed time, per function too', () => {
    // Prepare
    const invocations = [
      { functionArn: fn('power'), startedAt: T0, endedAt: T0 + 45_000.4 },
      { functionArn: fn('power'), startedAt: T0, endedAt: T0 },
      { functionArn: fn('matcher'), startedAt: T0, endedAt: T0 + 20 },
    ];

    // Act
    const { lambda } = jobnetFigures(records({ invocations }));

    // Assess
    expect(lambda).toEqual({
      invocations: 3,
      billedMs: 45_001 + 1 + 20,
      byFunction: [
        { functionName: 'matcher', invocations: 1, billedMs: 20 },
        { functionName: 'power', invocations: 2, billedMs: 45_002 },
      ],
    });
  });

  it('counts transitions as states entered and retried, and every history event', () => {
    // Prepare
    const stateEvents = ['ExecutionStarted', 'StateEntered', 'StateExited', 'StateRetried'].map(
      (type) => ({ type }),
    );

    // Act
    const figures = jobnetFigures(records({ stateEvents, history: history('{}') }));

    // Assess
    expect(figures.transitions).toBe(2);
    expect(figures.historyEvents).toBe(3);
    expect(figures.durationMs).toBe(65_000);
  });

  it('sums the detection delays and names the worst, with the worst share of an operation', () => {
    // Prepare
    const detections = [
      { what: 'i-1 stopped', operationMs: 45_000, delayMs: 2_000 },
      { what: 'i-2 stopped', operationMs: 1_000, delayMs: 500 },
    ];

    // Act
    const { detection } = jobnetFigures(records({ detections }));

    // Assess
    expect(detection).toEqual({
      count: 2,
      sumMs: 2_500,
      worst: detections[0],
      worstShare: 0.5,
      noticeSumMs: 0,
      worstOwnShare: 0.5,
      worstOwn: detections[1],
    });
  });

  it("takes EventBridge's delivery out of an event-driven wait's own share, not a polled one's", () => {
    // Prepare: a 4 s command noticed 1.2 s late, 1.1 s of it its event's delivery; a 150 s
    // status check polled and noticed 6 s late.
    const command = {
      what: 'c-1/i-1 Success',
      operationMs: 4_000,
      delayMs: 1_200,
      noticeMs: 1_100,
    };
    const checks = { what: 'i-1/status-checks ok', operationMs: 150_000, delayMs: 6_000 };

    // Act
    const { detection } = jobnetFigures(records({ detections: [command, checks] }));

    // Assess
    expect(detection).toMatchObject({ sumMs: 7_200, worst: checks, worstShare: 0.3 });
    expect(detection.noticeSumMs).toBe(1_100);
    expect(detection.worstOwn).toEqual(checks);
    expect(detection.worstOwnShare).toBeCloseTo(0.04);
  });

  it('passes the counters it is given through, and reports none as zero', () => {
    // Act
    const figures = jobnetFigures(
      records({ dynamoDb: { reads: 3, writes: 4 }, eventBridgeEvents: 5, sqsRequests: 6 }),
    );
    const empty = jobnetFigures(records());

    // Assess
    expect(figures).toMatchObject({
      dynamoDb: { reads: 3, writes: 4 },
      eventBridgeEvents: 5,
      sqsRequests: 6,
    });
    expect(empty).toMatchObject({
      largestPayloadBytes: 0,
      logBytes: 0,
      detection: { count: 0, sumMs: 0, worstShare: 0, noticeSumMs: 0, worstOwnShare: 0 },
    });
    expect(empty.detection.worst).toBeUndefined();
  });
});
