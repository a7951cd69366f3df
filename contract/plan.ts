import type { JobnetRun, RunScope } from './jobnet-input';
import type { JobnetName } from './jobnets';

/** What Prepare saw before anything is touched; the approval message shows it. */
export interface Observed {
  readonly instances: { id: string; name?: string; state: string }[];
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

/** Prepare's output, the state every later step reads: the validated input, the instances, the plan. */
export type PreparedRun = JobnetRun & { jobnet: JobnetName; instanceIds: string[]; plan: Plan };
