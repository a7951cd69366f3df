import { systemClock } from '../../contract/clock';
import type { JobnetInput } from '../../contract/jobnet-input';
import { seedExampleSystem, type ExampleSystemOptions } from '../../local/example-system';
import { startLocalDynamoDB } from '../../local/local-dynamodb';
import { createLocalJobnets, type LocalJobnetsOptions } from '../../local/local-functions';
import type { LocalExecution } from '../../local/sfn/local-step-functions';
import type { InvocationListener } from '../../local/sfn/task-bindings';
import { SimulatedAccount, type SimTimings } from '../../local/sim-aws';
import { VirtualTime } from '../../local/virtual-time';
import type { JobnetName } from '../../contract/jobnets';
import type { Plan } from '../../contract/plan';

export interface HarnessOptions extends ExampleSystemOptions {
  readonly timings?: Partial<SimTimings>;
  readonly approvalTimeoutSeconds?: number;
  /** Added to every execution input the harness builds (e.g. the Slack thread). */
  readonly inputExtras?: Record<string, unknown>;
  /** How the account's events reach the wait matcher (delay, loss, repeats, order). */
  readonly delivery?: LocalJobnetsOptions['delivery'];
  /** Errors the approval function throws on its first invocations, in order (then it records). */
  readonly approvalErrors?: readonly Error[];
}

const READ_ONLY = /^(Describe|Get|List)/;

/**
 * One simulated account with the example web system, the real definitions on the local
 * interpreter, the real task functions, and virtual time. The approval function is a recorder:
 * the Slack side is not part of the jobnet, the callback is.
 */
export async function createJobnetHarness(options: HarnessOptions = {}) {
  // Started before virtual time: its tables become active on real timers.
  const dynamo = await startLocalDynamoDB();
  await new Promise((resolve) => setTimeout(resolve, 5));
  const vt = new VirtualTime();
  const account = new SimulatedAccount({ timings: options.timings });
  const system = await seedExampleSystem(account, options);
  const approvalRequests: {
    taskToken: string;
    executionArn: string;
    run: Record<string, unknown>;
  }[] = [];
  const approvalErrors = [...(options.approvalErrors ?? [])];
  const requestApproval = async (event: never) => {
    const error = approvalErrors.shift();
    if (error) throw error;
    approvalRequests.push(event);
    return { posted: true };
  };
  const invocations: Parameters<InvocationListener>[0][] = [];
  const sfn = createLocalJobnets({
    account,
    clock: systemClock,
    requestApproval,
    approvalTimeoutSeconds: options.approvalTimeoutSeconds ?? 3600,
    ddb: dynamo.client(vt.trackIo),
    onInvoke: (record) => invocations.push(record),
    delivery: options.delivery,
  });

  let disposed: Promise<void> | undefined;
  const waitingTask = (execution: LocalExecution) =>
    sfn.tokens.waiting().find((t) => t.executionArn === execution.executionArn);

  return {
    vt,
    account,
    system,
    sfn,
    approvalRequests,
    start(jobnet: JobnetName, runId = 'run-1', input?: unknown, name = runId): LocalExecution {
      return sfn.startExecution(jobnet, {
        name,
        input: input ?? {
          ...system.input(runId),
          approvalTimeoutSeconds: options.approvalTimeoutSeconds ?? 3600,
          ...options.inputExtras,
        },
      });
    },
    /** Runs until the execution waits for approval, then decides as a person clicking would. */
    async decide(execution: LocalExecution, decision: 'approve' | 'reject'): Promise<void> {
      await vt.runUntil(
        () => waitingTask(execution) !== undefined || execution.status !== 'RUNNING',
      );
      const task = waitingTask(execution);
      if (!task) throw new Error(`No approval waiting; execution is ${execution.status}`);
      if (decision === 'approve') {
        sfn.tokens.sendTaskSuccess(task.token, { approvedBy: 'U_APPROVER' });
      } else {
        sfn.tokens.sendTaskFailure(task.token, 'Jobnet.ApprovalRejected', 'Rejected by U_APPROVER');
      }
    },
    async finish(execution: LocalExecution): Promise<LocalExecution> {
      await vt.run(execution.done);
      return execution;
    },
    /** Runs a jobnet start to finish with approval. */
    async approvedRun(jobnet: JobnetName, runId = 'run-1', input?: JobnetInput, name = runId) {
      const execution = this.start(jobnet, runId, input, name);
      await this.decide(execution, 'approve');
      return this.finish(execution);
    },
    /** API calls that change something (anything but Describe/Get/List), as "service:Action". */
    mutatingCalls(): string[] {
      return account.calls
        .filter((c) => !READ_ONLY.test(c.action))
        .map((c) => `${c.service}:${c.action}`);
    },
    /** Every function invocation so far: the task functions, the wait matcher and poller. */
    invocations() {
      return invocations;
    },
    /** The plan Prepare kept in the run's record (the approval shows it). */
    async plan(execution: LocalExecution): Promise<Plan | undefined> {
      return (await sfn.waits.deps.store.getRunRecord(execution.executionArn))?.plan;
    },
    /** The execution's history as GetExecutionHistory would return it. */
    history(execution: LocalExecution) {
      return sfn.history(execution);
    },
    /** Idempotent: a suite's afterEach may dispose the same harness twice. */
    dispose(): Promise<void> {
      disposed ??= (async () => {
        // A test may end with a run still going, or a failed run's other branch finishing.
        sfn.shutdown();
        vt.uninstall();
        // Work under way (a poll, the matcher) finishes before its database goes away.
        await vt.drainIo();
        await dynamo.close();
      })();
      return disposed;
    },
  };
}

export type JobnetHarness = Awaited<ReturnType<typeof createJobnetHarness>>;
