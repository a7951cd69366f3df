/**
 * The app's own CloudWatch metrics, in one place: the functions emit them (Powertools Metrics,
 * EMF) and the stack's dashboard and alarms read them, so a renamed metric breaks a test
 * instead of silently emptying a graph.
 */
export const METRICS_NAMESPACE = 'WebappChatops';

/** Powertools' `service` dimension: every function of the app reports under this one. */
export const METRICS_SERVICE = 'webapp-chatops';

/** Metric names. Dimensions are listed beside each; every metric also has `service`. */
export const Metric = {
  /** A run was started (bot, and later schedules and events). Dims: System, Jobnet. Count. */
  runStarted: 'RunStarted',
  /** A run ended, once per attempt. Dims: System, Jobnet, Outcome (see RunOutcome). Count. */
  runEnded: 'RunEnded',
  /** From the approval request to the click that decided it. Dims: Jobnet. Seconds. */
  approvalWait: 'ApprovalWaitSeconds',
  /** One task step, as the task function saw it. Dims: Step. Seconds. */
  stepDuration: 'StepDurationSeconds',
  /** From the state change AWS recorded to the Slack edit that shows it. No extra dims. Seconds. */
  notifierLag: 'NotifierLagSeconds',
  /** Slack answered 429. Dims: Function. Count. */
  slackRateLimited: 'SlackRateLimited',
  /** A Slack Web API call was retried. Dims: Function. Count. */
  slackRetries: 'SlackRetries',
  /** A Slack request the bot refused or could not serve, by reason. Dims: Reason (see RefusalReason). Count. */
  botRefusals: 'BotRefusals',
  /**
   * A schedule or one-off fired and the starter handled it. Dims: Outcome, Reason. Count.
   * Outcome: started, skipped, duplicate, unknown; Reason: why it was skipped, else `none`.
   */
  scheduledFirings: 'ScheduledFirings',
  /** An audit record the audit log group did not take (it is in the function's own log). No extra dims. Count. */
  auditRecordsLost: 'AuditRecordsLost',
} as const;

/** The `Function` dimension of SlackRateLimited and SlackRetries: each function that calls Slack. */
export const SlackFunction = {
  bot: 'bot',
  approvalRequester: 'approval-requester',
  progressNotifier: 'progress-notifier',
  scheduledRunStarter: 'scheduled-run-starter',
  /** `/webapp status`, and a cancel's look at every resource. */
  statusResponder: 'status-responder',
  auroraWatch: 'aurora-watch',
} as const;

export type SlackFunctionName = (typeof SlackFunction)[keyof typeof SlackFunction];

/** Why the bot refused or could not serve a request: the `Reason` of BotRefusals, a fixed set. */
export const RefusalReason = {
  /** Not signed by Slack with the current signing secret, or too old. */
  badSignature: 'bad-signature',
  /** Signed, but malformed, or naming no configured system. */
  badRequest: 'bad-request',
  /** A command from a channel not configured for it. */
  wrongChannel: 'wrong-channel',
  /** The user is not a requester or approver for what they asked. */
  unauthorised: 'unauthorised',
  /** The requester tried to approve their own run. */
  fourEyes: 'four-eyes',
  /** The system requires a reason for every run, and the request gave none. */
  reasonMissing: 'reason-missing',
  /** A run of the system is already running (or this very request started one). */
  runInProgress: 'run-in-progress',
  /** The approval was already decided, or the run no longer waits for it. */
  notWaiting: 'not-waiting',
  /** Retry on a run that cannot be redriven. */
  notRetryable: 'not-retryable',
  /** Step Functions refused to start the run. */
  startFailed: 'start-failed',
  /** AWS or DynamoDB stalled, throttled or failed: nothing was done, the user was told. */
  dependencyFailed: 'dependency-failed',
  /** Slack stalled, throttled or failed a call the request needed. */
  slackUnavailable: 'slack-unavailable',
  /** A button, shortcut or dialog this app does not have. */
  unknownAction: 'unknown-action',
} as const;

export type RefusalReasonName = (typeof RefusalReason)[keyof typeof RefusalReason];

/** How a run ended, as people read it: decisions are not failures. */
export const RunOutcome = {
  succeeded: 'Succeeded',
  failed: 'Failed',
  timedOut: 'TimedOut',
  aborted: 'Aborted',
  rejected: 'Rejected',
  expired: 'Expired',
} as const;

export type RunOutcomeName = (typeof RunOutcome)[keyof typeof RunOutcome];
