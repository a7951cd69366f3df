import type { Action, RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';
import { IdSource } from './ids';
import type { InputReader } from './input';
import type { ClusterEventRecord } from './rds-events';
import type { Timeline } from './timeline';
import type { SimClock, SimTimings } from './types';

/** EC2 instance states the jobnet can meet (the account never terminates instances). */
export type InstanceState = 'pending' | 'running' | 'stopping' | 'stopped';
export type ApacheState = 'running' | 'stopped';
/** Aurora cluster statuses the simulation produces or accepts from seeding. */
export type ClusterStatus =
  'available' | 'stopping' | 'stopped' | 'starting' | 'backing-up' | 'maintenance' | 'backtracking';
export type BackupJobState = 'CREATED' | 'RUNNING' | 'COMPLETED';

/** A failCommands fault: shell lines matching `match` (all lines without it) give this result. */
export interface CommandFault {
  exitCode: number;
  stdout?: string;
  stderr?: string;
  match?: RegExp;
}

export interface InstanceRecord {
  id: string;
  tags: Record<string, string>;
  ssmOnline: boolean;
  launchedAt: number;
  state: Timeline<InstanceState>;
  apache: Timeline<ApacheState>;
  /** pinUnhealthy as a timeline, so target-health history shows when the fault began. */
  pinned: Timeline<'pinned' | 'unpinned'>;
  /** stickInstance armed: the next stop/start will not complete. */
  stickNext: boolean;
  /** Set while a stop/start is stuck: the state it would have reached. */
  stuckTowards?: InstanceState;
  /** EC2's StateTransitionReason, e.g. "User initiated (2024-05-01 10:00:00 GMT)". */
  transitionReason: string;
  commandFaults: CommandFault[];
}

export interface ClusterRecord {
  id: string;
  arn: string;
  engine: string;
  createdAt: number;
  status: Timeline<ClusterStatus>;
  /** The RDS events it raised and will raise (time order); cancelled with the status changes. */
  events: ClusterEventRecord[];
  /** End of a backingUp fault, so clear() can end it early and describe() can name it. */
  faultBackingUpUntil?: number;
}

export interface RuleRecord {
  arn: string;
  listenerArn: string;
  priority: number | 'default';
  conditions: RuleCondition[];
  actions: Action[];
  lifecycle: Timeline<'active' | 'deleted'>;
}

export interface ListenerRecord {
  arn: string;
  loadBalancerArn: string;
  loadBalancerName: string;
  /** Live rules in creation order; deleted rules stay only in SimState.ruleHistory. */
  rules: RuleRecord[];
}

export interface TargetGroupRecord {
  arn: string;
  name: string;
  port: number;
  instanceIds: string[];
  /** How often the group checks each target; with the threshold, when a started target is healthy. */
  healthCheckIntervalSeconds: number;
  /** Passing checks in a row before a target is healthy. */
  healthyThresholdCount: number;
}

export interface BackupJobRecord {
  id: string;
  vaultName: string;
  resourceArn: string;
  resourceType: 'EC2' | 'Aurora';
  iamRoleArn: string;
  recoveryPointArn: string;
  createdAt: number;
  deleteAfterDays?: number;
  /** The request minus its token, to tell a retry from a conflicting reuse of the token. */
  requestKey: string;
  idempotencyToken?: string;
  /**
   * When the job completes: at a fixed instant, or (a snapshot of an Aurora cluster) at the
   * instant the cluster leaves `backing-up`, wherever a later hold or a cleared fault moves it.
   */
  ends: { readonly at: number } | { readonly whenClusterLeavesBackingUp: string };
}

/** One line the instance ran, with when it ended and what it wrote. */
export interface ShellStep {
  line: string;
  endAt: number;
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** The planned run of a command on one instance; interruption by a stop is applied on read. */
export interface InvocationRecord {
  instanceId: string;
  deliverAt: number;
  endAt: number;
  exitCode: number;
  timedOut: boolean;
  steps: ShellStep[];
}

export interface CommandRecord {
  id: string;
  sentAt: number;
  documentName: string;
  comment: string;
  instanceIds: string[];
  invocations: Map<string, InvocationRecord>;
}

/** A Change Calendar document (SSM document type ChangeCalendar, format TEXT). */
export interface CalendarRecord {
  name: string;
  /** The iCalendar text, as stored. */
  content: string;
  createdAt: number;
}

/** An EventBridge Scheduler schedule group. */
export interface ScheduleGroupRecord {
  name: string;
  arn: string;
  createdAt: number;
  modifiedAt: number;
}

/** An EventBridge Scheduler schedule's target, as sent (the SDK's member names). */
export interface ScheduleTargetRecord {
  Arn: string;
  RoleArn: string;
  Input?: string;
  RetryPolicy?: { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number };
  DeadLetterConfig?: { Arn?: string };
}

/** An EventBridge Scheduler schedule, as CreateSchedule or UpdateSchedule left it. */
export interface ScheduleRecord {
  /** Unique to one CreateSchedule: a schedule deleted and created again under its name differs. */
  serial: number;
  arn: string;
  name: string;
  groupName: string;
  expression: string;
  /** As sent; the schedule is read in UTC without one. */
  timeZone?: string;
  startDate?: number;
  endDate?: number;
  description?: string;
  state: 'ENABLED' | 'DISABLED';
  flexibleTimeWindow: { Mode: 'OFF' | 'FLEXIBLE'; MaximumWindowInMinutes?: number };
  actionAfterCompletion: 'NONE' | 'DELETE';
  kmsKeyArn?: string;
  target: ScheduleTargetRecord;
  createdAt: number;
  modifiedAt: number;
}

/**
 * The next `times` calls of an action (of every action of the service, without one) answer
 * this error and do nothing; with `until`, only calls before that instant.
 */
export interface ApiFault {
  readonly service: string;
  readonly action?: string;
  readonly code: string;
  readonly httpStatus: number;
  times: number;
  readonly until?: number;
}

/** One log event as CloudWatch Logs stores it; `seq` orders events with equal timestamps. */
export interface StoredLogEvent {
  readonly seq: number;
  readonly timestamp: number;
  readonly ingestionTime: number;
  readonly message: string;
  readonly stream: string;
  /** The message parsed as JSON on first use by a JSON filter pattern (null: not an object). */
  parsed?: Record<string, unknown> | null;
}

/** A CloudWatch Logs log group: its streams, and every event of them in time order. */
export interface LogGroupRecord {
  readonly name: string;
  readonly arn: string;
  readonly createdAt: number;
  retentionInDays?: number;
  readonly streams: Map<string, { readonly name: string; readonly createdAt: number }>;
  /** Ordered by (timestamp, seq): FilterLogEvents finds a time range by binary search. */
  events: StoredLogEvent[];
}

/** Everything the account holds; the service modules read and change it. */
export class SimState {
  readonly ids = new IdSource();
  readonly instances = new Map<string, InstanceRecord>();
  readonly clusters = new Map<string, ClusterRecord>();
  readonly listeners = new Map<string, ListenerRecord>();
  /** Every rule ever created, deleted ones included, by ARN. */
  readonly ruleHistory = new Map<string, RuleRecord>();
  readonly targetGroups = new Map<string, TargetGroupRecord>();
  readonly backupJobs = new Map<string, BackupJobRecord>();
  readonly commands = new Map<string, CommandRecord>();
  /** Change Calendars by document name. */
  readonly calendars = new Map<string, CalendarRecord>();
  /** Errors the API answers instead of acting, as a throttled or failing service would. */
  readonly apiFaults: ApiFault[] = [];
  readonly scheduleGroups = new Map<string, ScheduleGroupRecord>();
  /** EventBridge Scheduler schedules by `group/name`, in creation order. */
  readonly schedules = new Map<string, ScheduleRecord>();
  /** Told after every change to a schedule, so a runner can plan its firings again. */
  readonly scheduleListeners = new Set<() => void>();
  /** CloudWatch Logs log groups by name. */
  readonly logGroups = new Map<string, LogGroupRecord>();
  /** Told after anything that may have planned or cancelled transitions, so events can be awaited. */
  readonly transitionListeners = new Set<() => void>();

  constructor(
    readonly clock: SimClock,
    readonly timings: SimTimings,
    readonly region: string,
    readonly accountId: string,
  ) {}

  /** The current time of the account's clock. */
  now(): number {
    return this.clock.now();
  }

  /** Tells the transition listeners that the planned transitions may have changed. */
  transitionsChanged(): void {
    for (const listener of [...this.transitionListeners]) listener();
  }
}

/** One simulated API action: reads its input, changes the state, returns the SDK's output. */
export type ActionHandler = (s: SimState, input: InputReader) => object;
