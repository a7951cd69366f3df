import type { JobnetName } from '../../contract/jobnets';
import { NO_USAGE, runCost, type RunCost } from './cost-model';
import type { CallFigures, JobnetFigures } from './jobnet-figures';
import { referenceFor, type ReferenceFigures } from './jobnet-reference';

/** One run of the benchmark, measured. */
export interface BenchRow {
  readonly jobnet: JobnetName;
  readonly instances: number;
  readonly concurrency: number;
  readonly status: string;
  readonly figures: JobnetFigures;
  readonly cost: RunCost;
  /** Real (wall-clock) time the run took on this machine. */
  readonly realMs: number;
}

interface Column {
  readonly header: string;
  readonly cell: (row: BenchRow, ref: ReferenceFigures | undefined) => string;
}

const COLUMNS: readonly Column[] = [
  { header: 'run', cell: runLabel },
  { header: 'status', cell: (r) => r.status },
  {
    header: 'duration s',
    cell: (r, ref) => withRef(seconds(r.figures.durationMs), ref?.durationS),
  },
  { header: 'transitions', cell: (r, ref) => withRef(r.figures.transitions, ref?.transitions) },
  { header: 'history events', cell: (r) => String(r.figures.historyEvents) },
  {
    header: 'Lambda invocations',
    cell: (r, ref) => withRef(r.figures.lambda.invocations, ref?.invocations),
  },
  {
    header: 'billed Lambda s',
    cell: (r, ref) => withRef((r.figures.lambda.billedMs / 1000).toFixed(1), ref?.billedS),
  },
  { header: 'API calls', cell: (r) => String(r.figures.apiCalls.total) },
  {
    header: 'operated calls',
    cell: (r, ref) => withRef(r.figures.operatedCalls.total, ref?.apiCalls),
  },
  { header: 'operated peak/s', cell: (r) => String(r.figures.operatedCalls.peakPerSecond) },
  {
    header: 'DynamoDB req',
    cell: (r) => String(r.figures.dynamoDb.reads + r.figures.dynamoDb.writes),
  },
  { header: 'EventBridge events', cell: (r) => String(r.figures.eventBridgeEvents) },
  { header: 'SQS req', cell: (r) => String(r.figures.sqsRequests) },
  {
    header: 'detection delay s',
    cell: (r, ref) => withRef(seconds(r.figures.detection.sumMs), ref?.delayS),
  },
  {
    header: 'of which event delivery s',
    cell: (r) => String(seconds(r.figures.detection.noticeSumMs)),
  },
  { header: 'worst delay s (of op)', cell: (r) => worstDelay(r.figures) },
  { header: 'worst own share', cell: (r) => percent(r.figures.detection.worstOwnShare) },
  { header: 'largest payload B', cell: (r) => String(r.figures.largestPayloadBytes) },
  { header: 'cost USD', cell: (r, ref) => withRef(usd(r.cost.totalUsd), ref && costFloor(ref)) },
  { header: 'real s', cell: (r) => (r.realMs / 1000).toFixed(1) },
];

/** `stop 50 c2`: the jobnet, its instances and its Map concurrency. */
export function runLabel(row: BenchRow): string {
  return `${row.jobnet} ${row.instances} c${row.concurrency}`;
}

/** The table, one row per run, as markdown: the reference's figure beside ours where it has one. */
export function tableLines(rows: readonly BenchRow[]): string[] {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [
    line(COLUMNS.map((c) => c.header)),
    line(COLUMNS.map(() => '---')),
    ...rows.map((row) =>
      line(COLUMNS.map((c) => c.cell(row, referenceFor(row.jobnet, row.instances)))),
    ),
  ];
}

/** Below the table, for one run: calls per service and action, functions, worst delay, cost. */
export function breakdownLines(row: BenchRow): string[] {
  const { figures } = row;
  return [
    `${runLabel(row)} (${row.status})`,
    ...figures.byService.map((s) => `  ${callLine(s)}`),
    `  operated services together: ${figures.operatedCalls.total} calls, peak ${figures.operatedCalls.peakPerSecond}/s`,
    ...figures.lambda.byFunction.map(
      (f) =>
        `  Lambda ${f.functionName}: ${f.invocations} invocations, ${(f.billedMs / 1000).toFixed(1)} billed s`,
    ),
    `  DynamoDB: ${figures.dynamoDb.reads} reads, ${figures.dynamoDb.writes} writes`,
    `  detection: ${figures.detection.count} waits noticed, worst ${worstWhat(figures)}`,
    `  detection after AWS's notice (event delivery taken out): worst ${worstOwnWhat(figures)}`,
    `  state machine log: ${figures.logBytes} B (estimate)`,
    `  cost: ${row.cost.lines.map((l) => `${l.item} ${usd(l.usd)}`).join(', ')}`,
  ];
}

function callLine(s: CallFigures): string {
  const actions = Object.entries(s.byAction)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([action, n]) => `${action} ${n}`)
    .join(', ');
  return `${s.service}: ${s.total} calls, peak ${s.peakPerSecond}/s (${actions})`;
}

function worstDelay({ detection }: JobnetFigures): string {
  if (!detection.worst) return '-';
  const { delayMs, operationMs } = detection.worst;
  return `${seconds(delayMs)} (of ${seconds(operationMs)})`;
}

function worstWhat({ detection }: JobnetFigures): string {
  if (!detection.worst) return 'none';
  const { what, delayMs, operationMs } = detection.worst;
  const share = (detection.worstShare * 100).toFixed(1);
  return `${what} ${(delayMs / 1000).toFixed(1)} s after a ${(operationMs / 1000).toFixed(1)} s operation; largest share ${share}%`;
}

function worstOwnWhat({ detection }: JobnetFigures): string {
  if (!detection.worstOwn) return 'none';
  const { what, delayMs, noticeMs, operationMs } = detection.worstOwn;
  const own = delayMs - (noticeMs ?? 0);
  const how = noticeMs === undefined ? 'polled' : `event after ${(noticeMs / 1000).toFixed(1)} s`;
  return `${what} ${(own / 1000).toFixed(1)} s (${how}) after a ${(operationMs / 1000).toFixed(1)} s operation, ${percent(detection.worstOwnShare)}`;
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/**
 * The least the reference's run cost: its transitions and requests. Its functions' memory size
 * and, for most runs, billed time are not recorded, so its compute is left out.
 */
export function costFloor(ref: ReferenceFigures): string {
  const floor = runCost({
    ...NO_USAGE,
    transitions: ref.transitions,
    lambdaRequests: ref.invocations,
  });
  return `≥${usd(floor.totalUsd)}`;
}

const withRef = (value: number | string, ref: number | string | undefined) =>
  ref === undefined ? String(value) : `${value} (ref ${ref})`;
const seconds = (ms: number) => Math.round(ms / 1000);
const usd = (value: number) => value.toFixed(5);
