import type { JobnetRun, RunScope } from './jobnet-input';
import type { JobnetName } from './jobnets';

/** What Prepare saw before anything is touched; the approval message shows it. */
export interface Observed {
  readonly instances: {
    id: string;
    name?: string;
    state: string;
    /** For a system listed by instance ids: the instance's jobnet tag value ('' when absent). */
    jobnetTag?: string;
  }[];
  readonly db: { id: string; status: string };
  readonly maintenancePage: 'up' | 'down';
  readonly targets: { id: string; state: string }[];
}

export interface Plan extends Observed {
  readonly jobnet: JobnetName;
  /** `database`: the run changes only the DB cluster (the Aurora watch's re-stop). */
  readonly scope?: Extract<RunScope, 'database'>;
  /** One line per change the run will make, in order; "already …" where nothing will change. */
  readonly changes: string[];
}

/**
 * Prepare's output, the state every later step reads: the validated input, the instances, and
 * the Step Functions timeouts of the waits that need a margin over the input's. It carries ids,
 * not the plan: at 500 instances the plan would crowd the state's payload limit, so it lives in
 * the run's record (see {@link RunRecord}).
 */
export type PreparedRun = JobnetRun & {
  jobnet: JobnetName;
  instanceIds: string[];
  /** A command's wait: Run Command's delivery (60 s) and execution timeouts, and a margin. */
  commandWaitSeconds: number;
  /** The target health wait: the poll fails it at the input's timeout naming the unhealthy targets; this is the backstop. */
  healthWaitSeconds: number;
};

/** What Prepare keeps outside the state, in the run-state table: the approval and the scripts read it. */
export interface RunRecord {
  readonly plan: Plan;
  readonly scripts: JobnetRun['scripts'];
}

/** Margins over the input's timeouts, in seconds (see PreparedRun). */
export const COMMAND_WAIT_MARGIN_SECONDS = 120;
export const HEALTH_WAIT_MARGIN_SECONDS = 120;
