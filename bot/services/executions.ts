import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  paginateGetExecutionHistory,
  RedriveExecutionCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  type ExecutionStatus,
  type HistoryEvent,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { JobnetErrors } from '../../contract/errors';
import type { JobnetName } from '../../contract/jobnets';
import { parseRunName } from '../run-name';
import { ApprovalScan } from './approval-history';
import { RequestBudget } from './request-budget';

export interface RunSummary {
  readonly executionArn: string;
  readonly name: string;
  readonly jobnet: JobnetName;
  readonly status: ExecutionStatus | string;
  readonly startDate: number;
}

export interface RunDetails {
  readonly status: ExecutionStatus | string;
  readonly input: Record<string, unknown>;
  readonly startDate: number;
  readonly stopDate?: number;
  readonly redriveStatus?: string;
  readonly redriveStatusReason?: string;
  /** How often it was redriven: a redrive is a new attempt. */
  readonly redriveCount: number;
  /** Why it ended, when it ended failed (a decision's cause names who decided). */
  readonly error?: string;
  readonly cause?: string;
}

/** An execution name as Step Functions allows it: no ARN separators, at most 80 characters. */
const EXECUTION_NAME = /^[A-Za-z0-9_-]{1,80}$/;

/**
 * The bot's view of the two state machines, over an injected Step Functions client. Every call
 * runs within the current Slack request's budget.
 */
export class Executions {
  constructor(
    private readonly sfn: SFNClient,
    readonly stateMachineArns: Readonly<Record<JobnetName, string>>,
    private readonly budget: RequestBudget = new RequestBudget(),
  ) {}

  /** One call within the request's budget, aborted when time runs out. */
  private within<T>(send: (options: { abortSignal?: AbortSignal }) => Promise<T>): Promise<T> {
    return this.budget.call('Step Functions', (abortSignal) => send({ abortSignal }));
  }

  /** True for an execution of this app's own state machines: checked before any call. */
  owns(executionArn: string): boolean {
    const jobnet = this.jobnetOf(executionArn);
    return (
      jobnet !== undefined &&
      EXECUTION_NAME.test(executionArn.slice(this.executionArn(jobnet, '').length))
    );
  }

  executionArn(jobnet: JobnetName, name: string): string {
    return `${this.stateMachineArns[jobnet].replace(':stateMachine:', ':execution:')}:${name}`;
  }

  /** The jobnet an execution belongs to, by its state machine. */
  jobnetOf(executionArn: string): JobnetName | undefined {
    const jobnets = Object.keys(this.stateMachineArns) as JobnetName[];
    return jobnets.find((jobnet) => executionArn.startsWith(this.executionArn(jobnet, '')));
  }

  /** Runs of a system, newest first: running ones, or the latest of any status. */
  async runsOf(system: string, filter: 'RUNNING' | 'ANY', limit = 5): Promise<RunSummary[]> {
    const lists = await Promise.all(
      (Object.keys(this.stateMachineArns) as JobnetName[]).map(async (jobnet) => {
        const out = await this.within((o) =>
          this.sfn.send(
            new ListExecutionsCommand({
              stateMachineArn: this.stateMachineArns[jobnet],
              statusFilter: filter === 'RUNNING' ? 'RUNNING' : undefined,
              maxResults: filter === 'RUNNING' ? 100 : 20,
            }),
            o,
          ),
        );
        return (out.executions ?? []).map((e) => ({
          executionArn: e.executionArn ?? '',
          name: e.name ?? '',
          jobnet,
          status: e.status ?? 'UNKNOWN',
          startDate: e.startDate?.getTime() ?? 0,
        }));
      }),
    );
    return lists
      .flat()
      .filter((run) => parseRunName(run.name)?.system === system)
      .sort((a, b) => b.startDate - a.startDate)
      .slice(0, filter === 'RUNNING' ? undefined : limit);
  }

  async describe(executionArn: string): Promise<RunDetails | undefined> {
    try {
      const out = await this.within((o) =>
        this.sfn.send(new DescribeExecutionCommand({ executionArn }), o),
      );
      return {
        status: out.status ?? 'UNKNOWN',
        input: JSON.parse(out.input ?? '{}') as Record<string, unknown>,
        startDate: out.startDate?.getTime() ?? 0,
        stopDate: out.stopDate?.getTime(),
        redriveStatus: out.redriveStatus,
        redriveStatusReason: out.redriveStatusReason,
        redriveCount: out.redriveCount ?? 0,
        ...(out.error !== undefined ? { error: out.error } : {}),
        ...(out.cause !== undefined ? { cause: out.cause } : {}),
      };
    } catch (error) {
      if ((error as Error).name === 'ExecutionDoesNotExist') return undefined;
      throw error;
    }
  }

  async start(jobnet: JobnetName, name: string, input: unknown): Promise<string> {
    const out = await this.within((o) =>
      this.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArns[jobnet],
          name,
          input: JSON.stringify(input),
        }),
        o,
      ),
    );
    return out.executionArn ?? this.executionArn(jobnet, name);
  }

  /**
   * The run's approval tasks, read from its history newest first until `enough` says the scan
   * knows what the caller needs (a click reads a page or two, never the whole history). The
   * tokens stay here: button values are public to the channel, and a token may hold 2,048
   * characters where a value holds 2,000.
   */
  approvals(
    executionArn: string,
    enough: (scan: ApprovalScan) => boolean = () => false,
  ): Promise<ApprovalScan> {
    return this.budget.call('Step Functions', async () => {
      const scan = new ApprovalScan();
      const pages = paginateGetExecutionHistory(
        { client: this.sfn, pageSize: 200 },
        { executionArn, reverseOrder: true },
      );
      // Returning from inside the loop ends the paginator: no page past the answer is read.
      for await (const page of pages) {
        for (const event of page.events ?? []) scan.add(event);
        if (enough(scan)) return scan;
      }
      return scan;
    });
  }

  async approve(taskToken: string, output: Record<string, unknown>): Promise<void> {
    await this.within((o) =>
      this.sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }), o),
    );
  }

  async reject(taskToken: string, cause: string): Promise<void> {
    await this.within((o) =>
      this.sfn.send(
        new SendTaskFailureCommand({ taskToken, error: JobnetErrors.approvalRejected, cause }),
        o,
      ),
    );
  }

  /**
   * The run's first events, oldest first (at most `count`), and whether that is its whole
   * history: where a run stands before its approval is within its first few events, however
   * long the run has been going since.
   */
  async firstEvents(
    executionArn: string,
    count = 100,
  ): Promise<{ events: HistoryEvent[]; complete: boolean }> {
    const out = await this.within((o) =>
      this.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: count }), o),
    );
    return { events: out.events ?? [], complete: !out.nextToken };
  }

  /** The run's newest event: how it ended, and (a cancel's cause) who stopped it. */
  async lastEvent(executionArn: string): Promise<HistoryEvent | undefined> {
    const out = await this.within((o) =>
      this.sfn.send(
        new GetExecutionHistoryCommand({ executionArn, maxResults: 1, reverseOrder: true }),
        o,
      ),
    );
    return out.events?.[0];
  }

  /** StopExecution: the run ends ABORTED with this error and cause. */
  async stop(executionArn: string, error: string, cause: string): Promise<void> {
    await this.within((o) =>
      this.sfn.send(new StopExecutionCommand({ executionArn, error, cause }), o),
    );
  }

  async redrive(executionArn: string): Promise<void> {
    await this.within((o) => this.sfn.send(new RedriveExecutionCommand({ executionArn }), o));
  }
}
