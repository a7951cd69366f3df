/**
 * The body of npm run bench:schedules (scripts/bench-schedules.ts sets the environment first):
 * fires the example configuration's schedules in the local mode (the
 * simulated account, local Slack, the real starter and definitions) and prints:
 *  - from a firing to the run's root message in Slack and to StartExecution (wall clock, ms),
 *    over repeated firings, with the simulated services answering at once;
 *  - what one scheduled run costs (state transitions, Lambda invocations and function time
 *    from the execution history, on simulated time) and the monthly cost of two schedules on
 *    22 working days at the list prices below.
 */
import { WebClient } from '@slack/web-api';
import { join } from 'node:path';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { checkCalendar } from '../../bot/scheduled-run/calendar-check';
import { startScheduledRun } from '../../bot/scheduled-run/start-scheduled-run';
import { Executions } from '../../bot/services/executions';
import { loadConfigFile } from '../../config/load';
import { startLocalMode, type LocalMode } from '../../local/local-mode';
import { createLocalSfnClient } from '../../local/sfn/sfn-client';
import { createSimulatedClients } from '../../local/sim-aws';
import { waitUntil } from '../../local/wait-until';

/** us-east-1 list prices (USD) used below. */
const PRICE = {
  schedulerPerInvocation: 1.0 / 1_000_000,
  transition: 0.025 / 1000,
  lambdaRequest: 0.2 / 1_000_000,
  /** arm64, per GB-second. */
  lambdaGbSecond: 0.0000133334,
  dynamoWrite: 0.625 / 1_000_000,
  dynamoRead: 0.125 / 1_000_000,
};
/** Memory of the functions a scheduled run invokes (infra: 256 MB for each of them). */
const FUNCTION_GB = 0.25;
const FIRINGS = 20;

const config = loadConfigFile(join(__dirname, '../../config/example.config.json'));

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Fires `nightly-stop` on successive days, timing the root message and StartExecution. */
async function latency(lm: LocalMode) {
  const web = new WebClient('xoxb-local', { slackApiUrl: lm.slack.apiUrl });
  const sfn = createLocalSfnClient(lm.sfn, lm.account.region);
  const executions = new Executions(sfn, {
    stop: lm.sfn.stateMachineArn('stop'),
    start: lm.sfn.stateMachineArn('start'),
  });
  const ssm = createSimulatedClients(lm.account).ssm;
  const toRoot: number[] = [];
  const toStart: number[] = [];
  for (let day = 0; day < FIRINGS; day += 1) {
    const scheduledAt = new Date(Date.parse('2026-12-07T13:00:00Z') + day * 86_400_000);
    const t0 = performance.now();
    const outcome = await startScheduledRun(
      {
        kind: 'schedule',
        system: 'shop',
        schedule: 'nightly-stop',
        scheduledAt: scheduledAt.toISOString(),
      },
      {
        config: lm.config,
        audit: lm.audit.writer('scheduled-run'),
        state: lm.scheduleState,
        lock: lm.runLock,
        executions: {
          executionArn: (j, n) => executions.executionArn(j, n),
          start: async (j, n, input) => {
            const arn = await executions.start(j, n, input);
            toStart.push(performance.now() - t0);
            return arn;
          },
        },
        slack: async () =>
          ({
            chat: {
              postMessage: async (args: Parameters<WebClient['chat']['postMessage']>[0]) => {
                const out = await web.chat.postMessage(args);
                if (!('thread_ts' in args)) toRoot.push(performance.now() - t0);
                return out;
              },
            },
          }) as unknown as WebClient,
        calendar: (name, at) => checkCalendar(ssm, name, at),
        now: lm.clock.now,
        log: () => undefined,
      },
    );
    if (outcome.outcome !== 'started') throw new Error(`firing ${day}: ${JSON.stringify(outcome)}`);
    // Free the system for the next firing: this measures the start, not the run.
    lm.sfn.abortAll();
    await lm.runLock.release('shop', outcome.executionArn, Number.MAX_SAFE_INTEGER);
  }
  return { toRoot, toStart };
}

interface RunCost {
  transitions: number;
  lambdaInvocations: number;
  functionSeconds: number;
}

/** State transitions, Lambda invocations and function time of one run, from its history. */
function runCost(events: HistoryEvent[]): RunCost {
  const byId = new Map(events.map((e) => [e.id ?? 0, e]));
  const scheduledOf = (event: HistoryEvent): HistoryEvent | undefined => {
    let at: HistoryEvent | undefined = event;
    while (at && at.type !== 'TaskScheduled') at = byId.get(at.previousEventId ?? -1);
    return at;
  };
  let functionMs = 0;
  let lambdaInvocations = 0;
  for (const event of events) {
    if (
      !['TaskSucceeded', 'TaskFailed', 'TaskTimedOut', 'TaskSubmitted'].includes(event.type ?? '')
    )
      continue;
    const scheduled = scheduledOf(event);
    if (!scheduled?.taskScheduledEventDetails?.resourceType?.startsWith('lambda')) continue;
    // A callback task's function ends when it has submitted; its wait costs no function time.
    const callback = scheduled.taskScheduledEventDetails.resource?.endsWith('waitForTaskToken');
    if (callback && event.type !== 'TaskSubmitted') continue;
    lambdaInvocations += 1;
    functionMs += (event.timestamp?.getTime() ?? 0) - (scheduled.timestamp?.getTime() ?? 0);
  }
  return {
    transitions: events.filter((e) => e.type?.endsWith('StateEntered')).length,
    lambdaInvocations,
    functionSeconds: functionMs / 1000,
  };
}

/** One scheduled run of `schedule`, to its end, and its history. */
async function scheduledRun(lm: LocalMode, schedule: string, scheduledAt: string) {
  const outcome = await lm.fire({ kind: 'schedule', system: 'shop', schedule, scheduledAt });
  if (outcome.outcome !== 'started') throw new Error(`${schedule}: ${JSON.stringify(outcome)}`);
  const execution = await waitUntil('the execution', () =>
    lm.sfn.listExecutions().find((e) => e.executionArn === outcome.executionArn),
  );
  await execution.done;
  await lm.progressIdle();
  if (execution.status !== 'SUCCEEDED') throw new Error(`${schedule} ended ${execution.status}`);
  return runCost(lm.sfn.history(execution));
}

async function main(): Promise<void> {
  const quiet = await startLocalMode({ config, speed: 1 });
  const { toRoot, toStart } = await latency(quiet).finally(() => quiet.close());

  const lm = await startLocalMode({ config, speed: 3000 });
  let stop: RunCost;
  let start: RunCost;
  try {
    stop = await scheduledRun(lm, 'nightly-stop', '2026-12-02T13:00:00Z');
    start = await scheduledRun(lm, 'morning-start', '2026-12-02T22:00:00Z');
  } finally {
    await lm.close();
  }

  const ms = (v: number) => `${v.toFixed(1)} ms`;
  console.log(
    `Firing → root message / StartExecution, local mode, ${FIRINGS} firings (wall clock)`,
  );
  console.log(
    `  to root message:   p50 ${ms(percentile(toRoot, 50))}  p95 ${ms(percentile(toRoot, 95))}  max ${ms(Math.max(...toRoot))}`,
  );
  console.log(
    `  to StartExecution: p50 ${ms(percentile(toStart, 50))}  p95 ${ms(percentile(toStart, 95))}  max ${ms(Math.max(...toStart))}`,
  );

  console.log(
    '\nOne scheduled run of the example system (2 instances), from its history (simulated time)',
  );
  for (const [name, cost] of [
    ['nightly-stop (stop, unless-held)', stop],
    ['morning-start (start, preapproved)', start],
  ] as const) {
    console.log(
      `  ${name.padEnd(36)} ${String(cost.transitions).padStart(4)} transitions  ${String(cost.lambdaInvocations).padStart(3)} Lambda invocations  ${cost.functionSeconds.toFixed(0).padStart(5)} function-seconds`,
    );
  }

  // Per month: each schedule fires on 22 working days. Besides the jobnet: the starter (one
  // invocation, ~1 s at 256 MB), the notifier (one invocation per state change delivered, taken
  // as one per transition at ~0.5 s) and ~10 DynamoDB writes and reads per run.
  const runs = 22;
  const month = (cost: RunCost) => {
    const invocations = cost.lambdaInvocations + 1 + cost.transitions;
    const seconds = cost.functionSeconds + 1 + cost.transitions * 0.5;
    return {
      scheduler: runs * PRICE.schedulerPerInvocation,
      transitions: runs * cost.transitions * PRICE.transition,
      lambda:
        runs * (invocations * PRICE.lambdaRequest + seconds * FUNCTION_GB * PRICE.lambdaGbSecond),
      dynamodb: runs * 10 * (PRICE.dynamoWrite + PRICE.dynamoRead),
    };
  };
  const parts = [month(stop), month(start)];
  const sum = (key: keyof (typeof parts)[number]) => parts.reduce((s, p) => s + p[key], 0);
  const usd = (v: number) => `$${v.toFixed(6)}`;
  console.log('\nTwo schedules × 22 working days a month, list prices (before free tiers)');
  console.log(`  EventBridge Scheduler invocations  ${usd(sum('scheduler'))}`);
  console.log(`  Step Functions transitions         ${usd(sum('transitions'))}`);
  console.log(`  Lambda (requests + GB-seconds)     ${usd(sum('lambda'))}`);
  console.log(`  DynamoDB (on demand)               ${usd(sum('dynamodb'))}`);
  console.log(
    `  total                              ${usd(sum('scheduler') + sum('transitions') + sum('lambda') + sum('dynamodb'))}`,
  );
}

/** Runs the benchmark and prints its figures. */
export function runBench(): void {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
