/**
 * Every error name of the jobnets, in one catalogue: what the task functions raise, what the
 * definitions retry, catch and end with, and what the bot sends when a person rejects. Step
 * Functions matches Retry/Catch on the error name and the Lambda runtime reports `error.name` as
 * the errorType, so these names are part of the contract with the state machines and the Slack
 * side; a test holds every `Jobnet.` name of the definitions to this list.
 */
export const JobnetErrors = {
  invalidInput: 'Jobnet.InvalidInput',
  noInstances: 'Jobnet.NoInstances',
  commandFailed: 'Jobnet.CommandFailed',
  checkFailed: 'Jobnet.CheckFailed',
  waitTimedOut: 'Jobnet.WaitTimedOut',
  unexpectedState: 'Jobnet.UnexpectedState',
  ruleConflict: 'Jobnet.RuleConflict',
  approvalRejected: 'Jobnet.ApprovalRejected',
  approvalExpired: 'Jobnet.ApprovalExpired',
  /** The start jobnet's second approval, before the maintenance page comes down. */
  reopenRejected: 'Jobnet.ReopenRejected',
  reopenExpired: 'Jobnet.ReopenExpired',
  /**
   * A run claimed an approval given in advance (a schedule's policy, a one-off approved in
   * Slack) that no record of this app confirms: refused before anything is touched.
   */
  approvalNotGranted: 'Jobnet.ApprovalNotGranted',
  /**
   * The instance or cluster is in a state its service refuses the change from for now (pending,
   * stopping, backing-up): the definitions ask again a little later.
   */
  resourceBusy: 'Jobnet.ResourceBusy',
  /** An AWS API kept answering throttling or 5xx; the definitions retry the step for minutes. */
  awsUnavailable: 'Jobnet.AwsUnavailable',
  /**
   * A person cancelled a run once it had begun changing things: the error the bot's
   * StopExecution gives the run (it ends ABORTED; no state raises or catches it).
   */
  cancelled: 'Jobnet.Cancelled',
} as const;

export type JobnetErrorName = (typeof JobnetErrors)[keyof typeof JobnetErrors];

/** What a person decided at an approval, or that nobody did in time. */
export interface JobnetDecision {
  /** The state that asked (see contract/jobnet-steps.ts): the plan's approval or the reopen one. */
  readonly step: 'Approval' | 'ApproveReopen';
  readonly outcome: 'rejected' | 'expired';
  /**
   * The error the approval task fails with, which the step's Catch turns into the run's: the
   * bot's SendTaskFailure, or Step Functions' own timeout.
   */
  readonly caught: string;
}

const TASK_TIMEOUT = 'States.Timeout';

/**
 * The errors that end a run on a decision rather than a fault. Step Functions ends such a run
 * as FAILED (a Fail state), so everything that reports on runs classifies the error here and
 * never shows or counts a decision as a failure, nor offers to retry it.
 */
export const JOBNET_DECISIONS: Readonly<Partial<Record<JobnetErrorName, JobnetDecision>>> = {
  [JobnetErrors.approvalRejected]: {
    step: 'Approval',
    outcome: 'rejected',
    caught: JobnetErrors.approvalRejected,
  },
  [JobnetErrors.approvalExpired]: { step: 'Approval', outcome: 'expired', caught: TASK_TIMEOUT },
  [JobnetErrors.reopenRejected]: {
    step: 'ApproveReopen',
    outcome: 'rejected',
    caught: JobnetErrors.approvalRejected,
  },
  [JobnetErrors.reopenExpired]: {
    step: 'ApproveReopen',
    outcome: 'expired',
    caught: TASK_TIMEOUT,
  },
};

/** The decision a run's error records, or undefined for a failure (or no error). */
export function decisionOf(error: string | undefined): JobnetDecision | undefined {
  return error === undefined ? undefined : JOBNET_DECISIONS[error as JobnetErrorName];
}

/**
 * The decision a task failure at a step records, seen before the run ends on it: the approval
 * task fails with the error its Catch turns into the decision. Undefined for a failure.
 */
export function decisionAt(
  step: string,
  taskError: string | undefined,
): JobnetDecision | undefined {
  return Object.values(JOBNET_DECISIONS).find((d) => d.step === step && d.caught === taskError);
}

/** A failure the operator should read: the message names the step, the resource and the cause. */
export class JobnetError extends Error {
  constructor(
    readonly errorName: JobnetErrorName,
    message: string,
  ) {
    super(message);
    this.name = errorName;
  }
}

/** The AWS error code of an SDK v3 error (its `name`), or undefined for anything else. */
export function awsErrorCode(error: unknown): string | undefined {
  return error instanceof Error && '$metadata' in error ? error.name : undefined;
}

/**
 * Runs a step and makes every failure's message begin with the step and the resource
 * ("StopInstance on i-0abc: …"); an AWS error or a bug also keeps its own name in the text.
 * The error name is kept, so Retry and Catch still match on it.
 */
export async function inStep<T>(step: string, resource: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    const where = `${step} on ${resource}: `;
    // Already named, e.g. "StopApache failed on i-0abc: …".
    const head = error.message.split(': ')[0];
    if (!(head.startsWith(step) && head.includes(resource))) {
      error.message =
        error instanceof JobnetError
          ? `${where}${error.message}`
          : `${where}${error.name}: ${error.message}`;
    }
    throw error;
  }
}
