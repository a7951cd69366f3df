/**
 * Event-driven waits: the contract between the jobnets' waiting tasks, the function that matches
 * AWS's events to them, the poller and sweep, and the run-state table they share.
 *
 * A waiting step is a `.waitForTaskToken` task. Its function records the task token in the
 * run-state table under a key naming the resource and the state it waits for, acts (or not),
 * and returns; nothing stays running. Whoever first sees the resource get there — an EventBridge
 * event, the batched poll of status checks and target health, the slow sweep, or the function's
 * own look right after recording — completes the task, exactly once (a conditional write).
 */

/** What a wait waits for; also the value of the sparse `pending` index while it waits. */
export const WAIT_KINDS = ['instance', 'command', 'cluster', 'status', 'health'] as const;
export type WaitKind = (typeof WAIT_KINDS)[number];

/** Kinds an EventBridge event completes; `status` and `health` have no events and are polled. */
export const EVENT_WAIT_KINDS: readonly WaitKind[] = ['instance', 'command', 'cluster'];
export const POLLED_WAIT_KINDS: readonly WaitKind[] = ['status', 'health'];

/** The run-state table: one string partition key, a sparse index of waits still pending. */
export const RUN_STATE_TABLE = {
  partitionKey: 'pk',
  pendingIndex: 'pending-index',
  /** The index's partition key: the wait kind, present only while the wait is pending. */
  pendingKey: 'pending',
  /** The index's sort key. */
  pendingSortKey: 'pk',
  /** Time to live, epoch seconds. */
  ttl: 'expiresAt',
} as const;

/** The DynamoDB key schema of the run-state table, for CreateTable (local mode, tests). */
export const RUN_STATE_TABLE_KEY = {
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'pending', AttributeType: 'S' },
  ],
  GlobalSecondaryIndexes: [
    {
      IndexName: 'pending-index',
      KeySchema: [
        { AttributeName: 'pending', KeyType: 'HASH' },
        { AttributeName: 'pk', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    },
  ],
} as const;

/** How long items stay after their last write: long enough for any redrive to read them. */
export const RUN_STATE_TTL_SECONDS = 14 * 86_400;

/** The keys, one per (resource, target state). A redrive re-registers over the same key. */
export const waitKeys = {
  /** An EC2 instance reaching `stopped` or `running`. */
  instance: (instanceId: string, state: 'stopped' | 'running') =>
    `wait#instance#${instanceId}#${state}`,
  /** One Run Command invocation finishing; the command id is unique, so no target state. */
  command: (commandId: string, instanceId: string) => `wait#command#${commandId}#${instanceId}`,
  /** An Aurora cluster reaching `available` or `stopped`. */
  cluster: (clusterId: string, state: 'available' | 'stopped') =>
    `wait#cluster#${clusterId}#${state}`,
  /** Both status checks of a running instance `ok` (polled). */
  status: (instanceId: string) => `wait#status#${instanceId}`,
  /** Every target of a group `healthy` (polled). */
  health: (targetGroupArn: string) => `wait#health#${targetGroupArn}`,
} as const;

/** The run's record: the plan and scripts Prepare wrote, read by the approval and the scripts. */
export const runRecordKey = (executionArn: string) => `run#${executionArn}`;
/** The one poll chain of a run's polled waits (status checks, target health). */
export const pollLeaseKey = (executionArn: string) => `poll#${executionArn}`;

/** What a command's output must show for its step to succeed (see the run-script function). */
export type CommandExpectation = 'success' | 'stopped' | 'running';

/** A wait as the table holds it (attribute names as written). */
export interface WaitItem {
  readonly pk: string;
  readonly kind: WaitKind;
  /** Instance id, command id, cluster id or target group ARN. */
  readonly resource: string;
  /** For a command wait, the instance it runs on. */
  readonly instanceId?: string;
  /** stopped | running | available | ok | healthy | finished. */
  readonly target: string;
  /** Absent on an observation recorded before anyone waited (a command that finished first). */
  readonly token?: string;
  readonly executionArn?: string;
  readonly runId?: string;
  readonly system?: string;
  readonly step?: string;
  /** ms since the epoch. */
  readonly registeredAt?: number;
  /** ms: when Step Functions times the task out (TimeoutSeconds from the input). */
  readonly deadline?: number;
  /** The kind while the wait is pending; removed when it completes. */
  readonly pending?: WaitKind;
  /** ms: no poll before this (status checks, target health). */
  readonly notBefore?: number;
  /** An instance started by the start jobnet: once `running`, wait on for its status checks. */
  readonly then?: 'status';
  /** A command wait: how to judge its result. */
  readonly expect?: CommandExpectation;
  /** The last thing seen of the resource, by whom. */
  readonly observed?: { readonly state: string; readonly at: number; readonly by: ObservedBy };
  /** ms: set once, by whoever completed the task. */
  readonly completedAt?: number;
  readonly outcome?: 'success' | 'failure';
  readonly expiresAt: number;
}

export type ObservedBy = 'event' | 'look' | 'poll' | 'sweep';

/** The message of a run's poll chain (an SQS message, delayed to the next poll). */
export interface PollMessage {
  readonly kind: 'poll';
  readonly executionArn: string;
  /** The chain that sent it: a message of a superseded chain is dropped. */
  readonly chain: string;
}

/**
 * The throttling errors every task retries with backoff and jitter: the AWS error codes as a
 * function reports them (its errorType) and as Step Functions names them for a direct SDK
 * integration (`<Service>.<Code>`).
 */
export const THROTTLING_ERROR_CODES = [
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
] as const;
