import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { largestPayloadBytes, logBytes } from './history-sizes';

/**
 * The services the jobnets operate on, by the simulated account's names (elbv2 = Elastic Load
 * Balancing): their calls are what the reference design's "AWS API calls" column counted.
 */
export const OPERATED_SERVICES: readonly string[] = ['ec2', 'ssm', 'rds', 'elbv2', 'backup'];

/** One AWS API call: which service and action, at which simulated time (epoch ms). */
export interface CallRecord {
  readonly at: number;
  readonly service: string;
  readonly action: string;
}

/** One Lambda invocation, from start to end in the run's simulated time (epoch ms). */
export interface InvocationSpan {
  readonly functionArn: string;
  readonly startedAt: number;
  readonly endedAt: number;
}

/** How late one waiting step noticed its resource at the target state. */
export interface DetectionRecord {
  readonly what: string;
  readonly operationMs: number;
  readonly delayMs: number;
  /**
   * For a wait completed through AWS's event: the part of the delay before that event reached
   * the matcher (EventBridge's delivery). Undefined for a polled wait: all of its delay is ours.
   */
  readonly noticeMs?: number;
}

/** DynamoDB requests, split as they are priced. */
export interface RequestCounts {
  readonly reads: number;
  readonly writes: number;
}

/** Everything one run left behind that the figures are computed from. */
export interface RunRecords {
  readonly startedAt: number;
  readonly stoppedAt: number;
  readonly executionArn: string;
  /** Every AWS API call the run made to the operated services (and any other simulated one). */
  readonly calls: readonly CallRecord[];
  /** Every Lambda invocation: task functions and any other function the run set going. */
  readonly invocations: readonly InvocationSpan[];
  /** The interpreter's state events: StateEntered and StateRetried are the billed transitions. */
  readonly stateEvents: readonly { readonly type: string }[];
  /** What GetExecutionHistory returns for the run. */
  readonly history: readonly HistoryEvent[];
  readonly dynamoDb: RequestCounts;
  /** Events EventBridge delivered to a rule's target. */
  readonly eventBridgeEvents: number;
  readonly sqsRequests: number;
  readonly detections: readonly DetectionRecord[];
}

/** Calls to one service (or a group of them): how many, the busiest second, which actions. */
export interface CallFigures {
  readonly service: string;
  readonly total: number;
  readonly peakPerSecond: number;
  readonly byAction: Readonly<Record<string, number>>;
}

export interface FunctionFigures {
  readonly functionName: string;
  readonly invocations: number;
  readonly billedMs: number;
}

export interface DetectionFigures {
  readonly count: number;
  readonly sumMs: number;
  /** The operation noticed latest. */
  readonly worst?: DetectionRecord;
  /** The largest delay as a share of its operation's duration. */
  readonly worstShare: number;
  /** Summed over the event-driven waits: the delay EventBridge's delivery accounts for. */
  readonly noticeSumMs: number;
  /** The largest delay after AWS's notice (the design's own part) as a share of its operation. */
  readonly worstOwnShare: number;
  /** The operation whose own part of the delay was the largest share. */
  readonly worstOwn?: DetectionRecord;
}

/** The columns of one run of the jobnet benchmark. */
export interface JobnetFigures {
  readonly durationMs: number;
  readonly transitions: number;
  readonly historyEvents: number;
  /** The largest state input/output or task parameters/result, in UTF-8 bytes. */
  readonly largestPayloadBytes: number;
  /** The state machine's log lines at level ALL with execution data, in UTF-8 bytes (estimate). */
  readonly logBytes: number;
  readonly apiCalls: CallFigures;
  readonly operatedCalls: CallFigures;
  readonly byService: readonly CallFigures[];
  readonly lambda: {
    readonly invocations: number;
    readonly billedMs: number;
    readonly byFunction: readonly FunctionFigures[];
  };
  readonly dynamoDb: RequestCounts;
  readonly eventBridgeEvents: number;
  readonly sqsRequests: number;
  readonly detection: DetectionFigures;
}

/** Every column of the benchmark, from one run's records. */
export function jobnetFigures(records: RunRecords): JobnetFigures {
  const operated = records.calls.filter((c) => OPERATED_SERVICES.includes(c.service));
  const services = [...new Set(records.calls.map((c) => c.service))].sort();
  const invocations = records.invocations;
  return {
    durationMs: records.stoppedAt - records.startedAt,
    transitions: records.stateEvents.filter(isTransition).length,
    historyEvents: records.history.length,
    largestPayloadBytes: largestPayloadBytes(records.history),
    logBytes: logBytes(records.history, records.executionArn),
    apiCalls: callFigures('all', records.calls),
    operatedCalls: callFigures('operated', operated),
    byService: services.map((s) =>
      callFigures(
        s,
        records.calls.filter((c) => c.service === s),
      ),
    ),
    lambda: {
      invocations: invocations.length,
      billedMs: sum(invocations.map(billedMs)),
      byFunction: functionFigures(invocations),
    },
    dynamoDb: records.dynamoDb,
    eventBridgeEvents: records.eventBridgeEvents,
    sqsRequests: records.sqsRequests,
    detection: detectionFigures(records.detections),
  };
}

const isTransition = (e: { type: string }) =>
  e.type === 'StateEntered' || e.type === 'StateRetried';

/** Total, busiest second and per-action counts of some calls. */
export function callFigures(service: string, calls: readonly CallRecord[]): CallFigures {
  const byAction: Record<string, number> = {};
  for (const { action } of calls) byAction[action] = (byAction[action] ?? 0) + 1;
  return {
    service,
    total: calls.length,
    peakPerSecond: peakInWindow(
      calls.map((c) => c.at),
      1000,
    ),
    byAction,
  };
}

/** The most times that fall in any window of `windowMs` (a sliding window, not clock seconds). */
export function peakInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    while (sorted[last] - sorted[first] >= windowMs) first++;
    peak = Math.max(peak, last - first + 1);
  }
  return peak;
}

/**
 * What Lambda bills for one invocation: its duration rounded up to the millisecond, at least
 * 1 ms. Init (cold start) time is taken as 0: the local runner has none to measure.
 */
export function billedMs({ startedAt, endedAt }: InvocationSpan): number {
  return Math.max(1, Math.ceil(endedAt - startedAt));
}

function functionFigures(invocations: readonly InvocationSpan[]): FunctionFigures[] {
  const byName = new Map<string, { invocations: number; billedMs: number }>();
  for (const invocation of invocations) {
    const name = functionName(invocation.functionArn);
    const figures = byName.get(name) ?? { invocations: 0, billedMs: 0 };
    figures.invocations += 1;
    figures.billedMs += billedMs(invocation);
    byName.set(name, figures);
  }
  return [...byName]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, figures]) => ({ functionName: name, ...figures }));
}

/** The function's name from its ARN (`…:function:<name>`, perhaps with a qualifier after it). */
export function functionName(functionArn: string): string {
  const parts = functionArn.split(':');
  const at = parts.indexOf('function');
  return at === -1 ? functionArn : parts[at + 1];
}

function detectionFigures(detections: readonly DetectionRecord[]): DetectionFigures {
  const worst = detections.reduce<DetectionRecord | undefined>(
    (w, d) => (!w || d.delayMs > w.delayMs ? d : w),
    undefined,
  );
  const ownShare = (d: DetectionRecord) =>
    (d.delayMs - (d.noticeMs ?? 0)) / Math.max(1, d.operationMs);
  const worstOwn = detections.reduce<DetectionRecord | undefined>(
    (w, d) => (!w || ownShare(d) > ownShare(w) ? d : w),
    undefined,
  );
  return {
    count: detections.length,
    sumMs: sum(detections.map((d) => d.delayMs)),
    ...(worst ? { worst } : {}),
    worstShare: max(detections.map((d) => d.delayMs / Math.max(1, d.operationMs))),
    noticeSumMs: sum(detections.map((d) => d.noticeMs ?? 0)),
    worstOwnShare: worstOwn ? ownShare(worstOwn) : 0,
    ...(worstOwn ? { worstOwn } : {}),
  };
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
/** The largest value, 0 for none (without spreading: a run's history may hold many thousands). */
const max = (values: readonly number[]) => values.reduce((a, b) => Math.max(a, b), 0);
