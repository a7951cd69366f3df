/**
 * npm run bench:jobnet — runs the stop and start jobnets with 2 and 50 instances on the local
 * interpreter against the simulated account (reference operation durations, virtual time) and
 * prints what a run costs and how quickly it notices each resource reaching its target state.
 */
import { systemClock } from '../contract/clock';
import { seedExampleSystem } from '../local/example-system';
import { createLocalJobnets } from '../local/local-functions';
import { installPromiseWithResolvers } from '../local/polyfills';
import type { InvocationListener } from '../local/sfn/task-bindings';
import { SimulatedAccount } from '../local/sim-aws';
import { VirtualTime } from '../local/virtual-time';
import type { JobnetName } from '../contract/jobnets';
import { detectionDelay, type Detection } from '../local/detection-delay';

installPromiseWithResolvers();
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** docs/reference-design.md: the fixed-interval polling design this replaces. */
const REFERENCE: Record<
  string,
  { transitions: number; invocations: number; duration: number; delay: number }
> = {
  'stop 2': { transitions: 73, invocations: 30, duration: 417, delay: 62 },
  'start 2': { transitions: 114, invocations: 42, duration: 646, delay: 32 },
  'stop 50': { transitions: 889, invocations: 414, duration: 2355, delay: 1434 },
  'start 50': { transitions: 1302, invocations: 518, duration: 4721, delay: 623 },
};

interface Figures {
  run: string;
  reference: (typeof REFERENCE)[string];
  status: string;
  transitions: number;
  invocations: number;
  apiCalls: number;
  durationS: number;
  delayS: number;
  worstDelayShare: number;
  realMs: number;
}

async function bench(jobnet: JobnetName, instances: number, concurrency: number): Promise<Figures> {
  const realStart = performance.now();
  const vt = new VirtualTime();
  try {
    const account = new SimulatedAccount();
    const system = await seedExampleSystem(account, {
      instances,
      startState: jobnet === 'stop' ? 'up' : 'down',
      concurrency,
    });
    const invocations: Parameters<InvocationListener>[0][] = [];
    const sfn = createLocalJobnets({
      account,
      clock: systemClock,
      // Approved at once below: the benchmark measures the jobnet, not the person.
      requestApproval: async () => ({}),
      approvalTimeoutSeconds: 3600,
      onInvoke: (record) => invocations.push(record),
    });
    const execution = sfn.startExecution(jobnet, { name: 'bench', input: system.input('bench') });
    // Approve at once: the benchmark measures the jobnet, not the person.
    await vt.runUntil(() => sfn.tokens.waiting().length > 0);
    sfn.tokens.sendTaskSuccess(sfn.tokens.waiting()[0].token, { approvedBy: 'bench' });
    await vt.run(execution.done);

    const detections: Detection[] = invocations.flatMap((r) => detectionDelay(account, r));
    const worst = Math.max(0, ...detections.map((d) => d.delayMs / Math.max(1, d.operationMs)));
    return {
      run: `${jobnet} ${instances} (concurrency ${concurrency})`,
      reference: REFERENCE[`${jobnet} ${instances}`],
      status: execution.status,
      transitions: execution.events.filter(
        (e) => e.type === 'StateEntered' || e.type === 'StateRetried',
      ).length,
      invocations: invocations.length,
      apiCalls: account.calls.length,
      durationS: Math.round(((execution.stopDate ?? 0) - execution.startDate) / 1000),
      delayS: Math.round(detections.reduce((sum, d) => sum + d.delayMs, 0) / 1000),
      worstDelayShare: worst,
      realMs: Math.round(performance.now() - realStart),
    };
  } finally {
    vt.uninstall();
  }
}

async function main(): Promise<void> {
  const rows: Figures[] = [];
  // 50 instances twice: at the reference design's concurrency 2, for a like-for-like
  // duration, and at 10, what a team would configure.
  for (const [jobnet, instances, concurrency] of [
    ['stop', 2, 2],
    ['start', 2, 2],
    ['stop', 50, 2],
    ['start', 50, 2],
    ['stop', 50, 10],
    ['start', 50, 10],
  ] as const) {
    rows.push(await bench(jobnet, instances, concurrency));
  }
  console.log(
    'Jobnet benchmark: local interpreter, simulated account, reference operation durations',
  );
  console.log(
    '(ref = the fixed 10 s / 30 s polling design in docs/reference-design.md, Map concurrency 2)\n',
  );
  console.log(
    [
      'run',
      'status',
      'transitions (ref)',
      'invocations (ref)',
      'API calls',
      'duration s (ref)',
      'detection delay s (ref)',
      'worst delay / op',
      'real ms',
    ].join(' | '),
  );
  for (const r of rows) {
    const ref = r.reference;
    console.log(
      [
        r.run,
        r.status,
        `${r.transitions} (${ref.transitions})`,
        `${r.invocations} (${ref.invocations})`,
        r.apiCalls,
        `${r.durationS} (${ref.duration})`,
        `${r.delayS} (${ref.delay})`,
        `${(r.worstDelayShare * 100).toFixed(1)}%`,
        r.realMs,
      ].join(' | '),
    );
  }
  if (rows.some((r) => r.status !== 'SUCCEEDED')) process.exitCode = 1;
}

void main();
