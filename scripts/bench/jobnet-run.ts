import { systemClock } from '../../contract/clock';
import type { JobnetName } from '../../contract/jobnets';
import { taskDetectionDelay } from '../../local/detection-delay';
import { seedExampleSystem } from '../../local/example-system';
import { startLocalDynamoDB, type LocalDynamoDB } from '../../local/local-dynamodb';
import { createLocalJobnets } from '../../local/local-functions';
import type { LocalExecution, LocalStepFunctions } from '../../local/sfn/local-step-functions';
import { SimulatedAccount } from '../../local/sim-aws';
import { VirtualTime } from '../../local/virtual-time';
import { runCost, usageOf } from './cost-model';
import { eventNotices, noticeDelayMs } from './event-notices';
import { jobnetFigures, type RunRecords } from './jobnet-figures';
import type { BenchRow } from './jobnet-report';
import { countDynamoDbRequests, newRunCounters, type RunCounters } from './run-counters';

/** One run to measure: which jobnet, over how many instances, at which Map concurrency. */
export interface RunSpec {
  readonly jobnet: JobnetName;
  readonly instances: number;
  readonly concurrency: number;
}

/** The local jobnets a run is measured on, and the counters they add to. */
interface BenchJobnets {
  readonly sfn: LocalStepFunctions;
  readonly counters: RunCounters;
  /**
   * After the run, before the counters are read: stops what the set-up started and adds what
   * was kept rather than counted as it went (say, the deliveries a local bus keeps).
   */
  finish(): Promise<void>;
}

/** The approval step both jobnets wait in first; the bench approves it at once. */
const APPROVAL_STATE = 'Approval';

/**
 * The one place that builds what a run measures. Today: the jobnets on the local interpreter,
 * every task function's invocation counted. The event-driven waits wire their parts in here:
 * the run-state table's DynamoDB client through countDynamoDbRequests, the poll queue's
 * requests through countSqsRequests (or added to `counters.sqsRequests`), the local bus's
 * deliveries into `counters.eventBridgeEvents`, the matcher and the poller wrapped in
 * recordedFunction.
 */
async function setUpJobnets(
  account: SimulatedAccount,
  dynamo: LocalDynamoDB,
  vt: VirtualTime,
): Promise<BenchJobnets> {
  const counters = newRunCounters();
  const ddb = dynamo.client(vt.trackIo);
  countDynamoDbRequests(ddb, counters);
  const sfn = createLocalJobnets({
    account,
    clock: systemClock,
    // Approved at once below: the benchmark measures the jobnet, not the person.
    requestApproval: async () => ({}),
    approvalTimeoutSeconds: 3600,
    ddb,
    onInvoke: ({ functionArn, startedAt, endedAt }) =>
      counters.invocations.push({ functionArn, startedAt, endedAt }),
  });
  return {
    sfn,
    counters,
    finish: async () => {
      sfn.shutdown();
      counters.eventBridgeEvents = sfn.bus.deliveries.length;
      counters.eventNotices = eventNotices(sfn.bus.deliveries);
      // Each poll message is a SendMessage, a ReceiveMessage and a DeleteMessage on SQS.
      counters.sqsRequests = 3 * sfn.waits.counts.pollMessages;
    },
  };
}

/**
 * Runs one jobnet to its end on virtual time against a simulated account seeded with the
 * example system (up for a stop, down for a start), approving at once, and measures it.
 */
export async function benchRun(spec: RunSpec): Promise<BenchRow> {
  const realStart = performance.now();
  // Started before virtual time: its tables become active on real timers.
  const dynamo = await startLocalDynamoDB();
  await new Promise((resolve) => setTimeout(resolve, 5));
  const vt = new VirtualTime();
  try {
    const account = new SimulatedAccount();
    const system = await seedExampleSystem(account, {
      instances: spec.instances,
      startState: spec.jobnet === 'stop' ? 'up' : 'down',
      concurrency: spec.concurrency,
    });
    // Seeding a system 'down' puts its maintenance page up with one call: not the run's.
    const seedCalls = account.calls.length;
    const jobnets = await setUpJobnets(account, dynamo, vt);
    let execution: LocalExecution;
    try {
      execution = await approvedRun(jobnets.sfn, spec.jobnet, system.input('bench'), vt);
    } finally {
      await jobnets.finish();
    }
    const figures = jobnetFigures(runRecords(account, jobnets, execution, seedCalls));
    return {
      ...spec,
      status: execution.status,
      figures,
      cost: runCost(usageOf(figures)),
      realMs: performance.now() - realStart,
    };
  } finally {
    vt.uninstall();
    await vt.drainIo();
    await dynamo.close();
  }
}

/** Starts the jobnet, approves it as soon as it asks, and runs it to its end. */
async function approvedRun(
  sfn: LocalStepFunctions,
  jobnet: JobnetName,
  input: unknown,
  vt: VirtualTime,
): Promise<LocalExecution> {
  const execution = sfn.startExecution(jobnet, { name: 'bench', input });
  await vt.runUntil(() => approvalToken(sfn) !== undefined || execution.status !== 'RUNNING');
  const token = approvalToken(sfn);
  if (token) sfn.tokens.sendTaskSuccess(token, { approvedBy: 'bench' });
  await vt.run(execution.done);
  return execution;
}

function approvalToken(sfn: LocalStepFunctions): string | undefined {
  return sfn.tokens.waiting().find((t) => t.stateName === APPROVAL_STATE)?.token;
}

/** Everything the run left behind, as the figures read it. */
function runRecords(
  account: SimulatedAccount,
  { sfn, counters }: BenchJobnets,
  execution: LocalExecution,
  seedCalls: number,
): RunRecords {
  return {
    startedAt: execution.startDate,
    stoppedAt: execution.stopDate ?? execution.startDate,
    executionArn: execution.executionArn,
    calls: account.calls.slice(seedCalls),
    invocations: counters.invocations,
    stateEvents: execution.events,
    history: sfn.history(execution),
    dynamoDb: counters.dynamoDb,
    eventBridgeEvents: counters.eventBridgeEvents,
    sqsRequests: counters.sqsRequests,
    // From the task records: right for steps that wait inside their function and for steps
    // that wait for their token alike.
    detections: execution.tasks
      .flatMap((task) => taskDetectionDelay(account, task))
      .map(({ what, operationMs, delayMs, reachedAt }) => {
        const noticeMs = noticeDelayMs(counters.eventNotices, what, reachedAt);
        return { what, operationMs, delayMs, ...(noticeMs === undefined ? {} : { noticeMs }) };
      }),
  };
}
