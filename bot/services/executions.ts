import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
  paginateGetExecutionHistory,
  RedriveExecutionCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  type ExecutionStatus,
  type HistoryEvent,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { JobnetErrors } from '../../contract/errors';
import type { JobnetName } from '../../contract/jobnets';
import { parseRunName } from '../run-name';

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
}

/** The approval a run waits for. */
export interface PendingApproval {
  readonly taskToken: string;
  /** When Step Functions scheduled the approval task, epoch milliseconds. */
  readonly requestedAt?: number;
}

const APPROVAL_RESOURCE = 'invoke.waitForTaskToken';

/** The bot's view of the two state machines, over an injected Step Functions client. */
export class Executions {
  constructor(
    private readonly sfn: SFNClient,
    readonly stateMachineArns: Readonly<Record<JobnetName, string>>,
  ) {}

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
        const out = await this.sfn.send(
          new ListExecutionsCommand({
            stateMachineArn: this.stateMachineArns[jobnet],
            statusFilter: filter === 'RUNNING' ? 'RUNNING' : undefined,
            maxResults: filter === 'RUNNING' ? 100 : 20,
          }),
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
      const out = await this.sfn.send(new DescribeExecutionCommand({ executionArn }));
      return {
        status: out.status ?? 'UNKNOWN',
        input: JSON.parse(out.input ?? '{}') as Record<string, unknown>,
        startDate: out.startDate?.getTime() ?? 0,
        stopDate: out.stopDate?.getTime(),
        redriveStatus: out.redriveStatus,
        redriveStatusReason: out.redriveStatusReason,
      };
    } catch (error) {
      if ((error as Error).name === 'ExecutionDoesNotExist') return undefined;
      throw error;
    }
  }

  async start(jobnet: JobnetName, name: string, input: unknown): Promise<string> {
    const out = await this.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: this.stateMachineArns[jobnet],
        name,
        input: JSON.stringify(input),
      }),
    );
    return out.executionArn ?? this.executionArn(jobnet, name);
  }

  /**
   * The approval the run waits for, read from its history: its token never goes to Slack
   * (button values are public to the channel and hold 2,000 characters; a token may hold
   * 2,048). Undefined when no approval is waiting.
   */
  async pendingApproval(executionArn: string): Promise<PendingApproval | undefined> {
    const decided = new Set<number>();
    const pages = paginateGetExecutionHistory(
      { client: this.sfn, pageSize: 200 },
      { executionArn, reverseOrder: true },
    );
    // Returning from inside the loop ends the paginator: no page past the answer is read.
    for await (const page of pages) {
      for (const event of page.events ?? []) {
        if (isApprovalOutcome(event)) decided.add(event.id ?? 0);
        const scheduled = event.taskScheduledEventDetails;
        if (event.type === 'TaskScheduled' && scheduled?.resource === APPROVAL_RESOURCE) {
          // Newest first: an outcome seen before the newest request belongs to it.
          if (decided.size > 0) return undefined;
          const parameters = JSON.parse(scheduled.parameters ?? '{}') as {
            Payload?: { taskToken?: string };
          };
          const taskToken = parameters.Payload?.taskToken;
          return taskToken ? { taskToken, requestedAt: event.timestamp?.getTime() } : undefined;
        }
      }
    }
    return undefined;
  }

  async approve(taskToken: string, output: Record<string, unknown>): Promise<void> {
    await this.sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
  }

  async reject(taskToken: string, cause: string): Promise<void> {
    await this.sfn.send(
      new SendTaskFailureCommand({ taskToken, error: JobnetErrors.approvalRejected, cause }),
    );
  }

  async redrive(executionArn: string): Promise<void> {
    await this.sfn.send(new RedriveExecutionCommand({ executionArn }));
  }
}

function isApprovalOutcome(event: HistoryEvent): boolean {
  const details =
    event.taskSucceededEventDetails ??
    event.taskFailedEventDetails ??
    event.taskTimedOutEventDetails;
  return details?.resource === APPROVAL_RESOURCE;
}
