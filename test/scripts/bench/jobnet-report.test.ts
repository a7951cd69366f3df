import { runCost, usageOf } from '../../../scripts/bench/cost-model';
import { jobnetFigures, type RunRecords } from '../../../scripts/bench/jobnet-figures';
import {
  breakdownLines,
  costFloor,
  tableLines,
  type BenchRow,
} from '../../../scripts/bench/jobnet-report';

const T0 = Date.parse('2026-11-29T22:00:00Z');

function row(instances: number, status = 'SUCCEEDED'): BenchRow {
  const records: RunRecords = {
    startedAt: T0,
    stoppedAt: T0 + 400_400,
    executionArn: 'arn:aws:states:us-east-1:123456789012:execution:webapp-chatops-stop:bench',
    calls: [
      { at: T0, service: 'ec2', action: 'StopInstances' },
      { at: T0 + 10, service: 'ec2', action: 'DescribeInstances' },
      { at: T0 + 20, service: 'ec2', action: 'DescribeInstances' },
    ],
    invocations: [
      { functionArn: 'arn:aws:lambda:r:a:function:power', startedAt: T0, endedAt: T0 + 45_000 },
    ],
    stateEvents: [{ type: 'StateEntered' }],
    history: [],
    dynamoDb: { reads: 2, writes: 3 },
    eventBridgeEvents: 4,
    sqsRequests: 5,
    detections: [{ what: 'i-1 stopped', operationMs: 45_000, delayMs: 2_400, noticeMs: 1_500 }],
  };
  const figures = jobnetFigures(records);
  return {
    jobnet: 'stop',
    instances,
    concurrency: 2,
    status,
    figures,
    cost: runCost(usageOf(figures)),
    realMs: 1_234,
  };
}

/** The cells of one table line. */
const cells = (line: string) =>
  line
    .slice(2, -2)
    .split(' | ')
    .map((c) => c.trim());

describe('the benchmark table', () => {
  it('has one line per run under a header, every line with a cell per column', () => {
    const lines = tableLines([row(2), row(500)]);

    expect(lines).toHaveLength(4);
    const width = cells(lines[0]).length;
    for (const line of lines) expect(cells(line)).toHaveLength(width);
  });

  it('puts the reference’s figure beside ours where it measured the run', () => {
    const [header, , measured, unmeasured] = tableLines([row(2), row(500)]);
    const at = (line: string, column: string) => cells(line)[cells(header).indexOf(column)];

    expect(at(measured, 'run')).toBe('stop 2 c2');
    expect(at(measured, 'transitions')).toBe('1 (ref 73)');
    expect(at(measured, 'operated calls')).toBe('3 (ref 30)');
    expect(at(measured, 'duration s')).toBe('400 (ref 417)');
    expect(at(measured, 'billed Lambda s')).toBe('45.0 (ref 2)');
    expect(at(measured, 'detection delay s')).toBe('2 (ref 62)');
    expect(at(measured, 'cost USD')).toMatch(/^\d\.\d{5} \(ref ≥\d\.\d{5}\)$/);
    expect(at(unmeasured, 'transitions')).toBe('1');
    expect(at(unmeasured, 'DynamoDB req')).toBe('5');
    expect(at(unmeasured, 'worst delay s (of op)')).toBe('2 (of 45)');
    expect(at(unmeasured, 'of which event delivery s')).toBe('2');
    expect(at(unmeasured, 'worst own share')).toBe('2.0%');
  });

  it('prices the reference at least at its transitions and requests', () => {
    const floor = 73 * 0.000025 + 30 * 0.0000002;
    expect(
      costFloor({ transitions: 73, invocations: 30, apiCalls: 30, durationS: 1, delayS: 1 }),
    ).toBe(`≥${floor.toFixed(5)}`);
  });
});

describe('the breakdown of a run', () => {
  it('lists calls per service and action, functions, requests, the worst delay and the cost', () => {
    const text = breakdownLines(row(2)).join('\n');

    expect(text).toContain('ec2: 3 calls, peak 3/s (DescribeInstances 2, StopInstances 1)');
    expect(text).toContain('operated services together: 3 calls, peak 3/s');
    expect(text).toContain('Lambda power: 1 invocations, 45.0 billed s');
    expect(text).toContain('DynamoDB: 2 reads, 3 writes');
    expect(text).toContain('worst i-1 stopped 2.4 s after a 45.0 s operation');
    expect(text).toContain(
      "after AWS's notice (event delivery taken out): worst i-1 stopped 0.9 s (event after 1.5 s) after a 45.0 s operation, 2.0%",
    );
    expect(text).toMatch(/cost: Step Functions transitions 0\.00003, .*SQS requests 0\.00000/);
  });
});
