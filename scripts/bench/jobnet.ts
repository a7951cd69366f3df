import { installPromiseWithResolvers } from '../../local/polyfills';
import { priceList } from './cost-model';
import { benchRun, type RunSpec } from './jobnet-run';
import { breakdownLines, runLabel, tableLines, type BenchRow } from './jobnet-report';

/**
 * The runs: 2 instances; 50 at the reference design's concurrency 2, for a like-for-like
 * duration, and at 10, what a team would configure; 500 at 10.
 */
const RUNS: readonly RunSpec[] = [
  { jobnet: 'stop', instances: 2, concurrency: 2 },
  { jobnet: 'start', instances: 2, concurrency: 2 },
  { jobnet: 'stop', instances: 50, concurrency: 2 },
  { jobnet: 'start', instances: 50, concurrency: 2 },
  { jobnet: 'stop', instances: 50, concurrency: 10 },
  { jobnet: 'start', instances: 50, concurrency: 10 },
  { jobnet: 'stop', instances: 500, concurrency: 10 },
  { jobnet: 'start', instances: 500, concurrency: 10 },
];

const NOTES = [
  'API calls: every call to the simulated account; operated calls: EC2, SSM, RDS, ELB and Backup,',
  '  what the reference counted; peak/s: the most in any 1-second window of simulated time.',
  'billed Lambda s: each invocation rounded up to 1 ms, init (cold start) taken as 0.',
  'detection delay: summed over the waits, from the resource reaching its target state to the',
  '  step completing; worst: the largest single delay (of its operation, from the step start).',
  '  of which event delivery: for waits completed by their AWS event, the time that event took',
  '  to reach the matcher (simulated EventBridge, 0.3-1.5 s); worst own share: the largest delay',
  "  after AWS's notice (or all of a polled wait's) as a share of its operation.",
  'largest payload: the largest state input/output or task parameters/result, UTF-8 bytes.',
  'cost ref: at least its transitions and requests (its memory size and compute are not recorded).',
];

/** npm run bench:jobnet: measures every run, prints the table, the prices and the breakdowns. */
export async function runBench(): Promise<void> {
  installPromiseWithResolvers();
  const rows: BenchRow[] = [];
  for (const spec of RUNS) {
    const row = await benchRun(spec);
    console.error(`${runLabel(row)}: ${row.status} in ${(row.realMs / 1000).toFixed(1)} s real`);
    rows.push(row);
  }
  print([
    'Jobnet benchmark: local interpreter, simulated account, reference operation durations',
    '(ref = the fixed 10 s / 30 s polling design in docs/reference-design.md, Map concurrency 2)',
    '',
    ...tableLines(rows),
    '',
    ...NOTES,
    '',
    'Prices (us-east-1 list):',
    ...priceList().map((line) => `  ${line}`),
    '',
    'Per run:',
    ...rows.flatMap((row) => [...breakdownLines(row), '']),
  ]);
  if (rows.some((r) => r.status !== 'SUCCEEDED')) process.exitCode = 1;
}

function print(lines: readonly string[]): void {
  console.log(lines.join('\n'));
}
