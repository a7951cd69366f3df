import type { JobnetDecision } from '../contract/errors';

/**
 * What the Slack side shows about a run, independent of where it came from (the execution
 * history on AWS, the interpreter's events locally). Block Kit builders render it.
 * An approval step ends `rejected` or `expired`: a decision, never `failed`; a step under way
 * when the run was stopped (a cancel) ends `stopped`.
 */
export type StepState =
  'pending' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'rejected' | 'expired' | 'stopped';
export type RunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ProgressItem {
  /** The resource, e.g. an instance id. */
  readonly id: string;
  readonly state: StepState;
  /** The sub-step the item is at or failed in, e.g. "StopInstance". */
  readonly detail?: string;
}

export interface ProgressStep {
  /** The state name in the definition, e.g. "StopWebInstances". */
  readonly name: string;
  /** What a person reads, e.g. "Stop Apache and the web instances". */
  readonly label: string;
  readonly state: StepState;
  /** Per-instance progress inside a Map step. */
  readonly items?: readonly ProgressItem[];
  /** Who rejected it, for a rejected approval whose cause names them (a Slack user id). */
  readonly decidedBy?: string;
  /** The rejection was a person cancelling the run before it changed anything. */
  readonly cancelled?: boolean;
}

export interface RunFailure {
  /** The state that failed, e.g. "StopApache". */
  readonly step: string;
  /** The instance or cluster, when the failure names one. */
  readonly resource?: string;
  readonly error: string;
  /** The cause as the function wrote it (first line: what failed where). */
  readonly cause: string;
}

/** A run ended by a decision at an approval: not a failure, nothing to retry. */
export interface RunDecision extends Pick<JobnetDecision, 'step' | 'outcome'> {
  /** Who rejected, when the cause names them (a Slack user id); nobody for an expiry. */
  readonly by?: string;
  /** The rejection was a cancel (`/webapp cancel`, Cancel) before anything was changed. */
  readonly cancelled?: boolean;
}

export interface RunProgress {
  readonly jobnet: 'stop' | 'start';
  readonly system: string;
  readonly executionArn: string;
  readonly status: RunStatus;
  readonly startedAt: number;
  readonly stoppedAt?: number;
  readonly steps: readonly ProgressStep[];
  /** Why a FAILED run failed; absent when a decision ended it. */
  readonly failure?: RunFailure;
  /** The decision that ended the run (it ended FAILED, but nothing failed). */
  readonly decision?: RunDecision;
  /** A person stopped the run once it had begun changing things (it ended ABORTED). */
  readonly cancelled?: { readonly by?: string };
  /** AWS Backup job ids the run started (stop jobnet). */
  readonly backupJobIds: readonly string[];
}
