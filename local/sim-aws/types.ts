/** The AWS services the simulated account answers for. */
export type SimService = 'ec2' | 'ssm' | 'rds' | 'elbv2' | 'backup' | 'scheduler' | 'logs';

/** Anything that tells the time in epoch milliseconds; tests hand in a settable one. */
export interface SimClock {
  now(): number;
}

/** One API call as the account saw it; `error` is the error code when the call failed. */
export interface ApiCall {
  at: number;
  service: SimService;
  action: string;
  error?: string;
}

/** One state change of a resource: it entered `state` at `at` (epoch ms). */
export interface Transition {
  at: number;
  state: string;
}

/** How long each simulated operation takes, in milliseconds. */
export interface SimTimings {
  /** SendCommand until the agent picks the command up (Pending -> InProgress). */
  commandDeliveryMs: number;
  apacheStopMs: number;
  apacheStartMs: number;
  /** Any other shell line, e.g. `systemctl is-active httpd` or `echo`. */
  otherCommandMs: number;
  ec2StopMs: number;
  ec2StartMs: number;
  /** After `running`, both status checks stay `initializing` this long, then `ok`. */
  statusChecksMs: number;
  /**
   * A backup job on an `available` cluster keeps it `backing-up` this long; the job completes
   * the instant the cluster leaves `backing-up`.
   */
  dbBackingUpMs: number;
  dbStopMs: number;
  dbStartMs: number;
  /** A backup job of an instance (or of a cluster it does not hold) runs this long. */
  backupJobMs: number;
  /** SSM is eventually consistent: GetCommandInvocation fails until this has passed. */
  invocationVisibleAfterMs: number;
}

/** The durations of the reference design (docs/reference-design.md). */
export const DEFAULT_SIM_TIMINGS: Readonly<SimTimings> = Object.freeze({
  commandDeliveryMs: 2_000,
  apacheStopMs: 3_000,
  apacheStartMs: 5_000,
  otherCommandMs: 500,
  ec2StopMs: 45_000,
  ec2StartMs: 30_000,
  statusChecksMs: 120_000,
  dbBackingUpMs: 90_000,
  dbStopMs: 240_000,
  dbStartMs: 420_000,
  backupJobMs: 60_000,
  invocationVisibleAfterMs: 200,
});
