import { awsEventsSince, nextAwsEventAt, type AwsEvent } from './account-events';
import { backupActions } from './backup';
import { ec2Actions } from './ec2';
import { elbv2Actions } from './elbv2';
import { SimApiError } from './errors';
import type { EventCursor } from './event-stream';
import { FaultInjector, takeApiFault, type SimFaults } from './faults';
import { resourceTransitions } from './history';
import { InputReader } from './input';
import { createLogGroup, logsActions, seedLogEvents } from './logs';
import { rdsActions } from './rds';
import { clusterEventsSince, nextClusterEventAt, type RdsEventBridgeEvent } from './rds-events';
import {
  seedCluster,
  seedInstance,
  seedLoadBalancer,
  seedTargetGroup,
  type ClusterSeed,
  type InstanceSeed,
  type TargetGroupSeed,
} from './seed';
import { completeSchedule, schedulerActions } from './scheduler';
import { SimState, type ActionHandler, type ScheduleRecord } from './state';
import { takeSnapshot, type AccountSnapshot } from './snapshot';
import { ssmActions } from './ssm';
import { seedCalendar } from './ssm-calendar';
import { firstEntry } from './timeline';
import {
  DEFAULT_SIM_TIMINGS,
  type ApiCall,
  type SimClock,
  type SimService,
  type SimTimings,
  type Transition,
} from './types';

const ACTIONS: Record<SimService, Record<string, ActionHandler>> = {
  ec2: ec2Actions,
  ssm: ssmActions,
  rds: rdsActions,
  elbv2: elbv2Actions,
  backup: backupActions,
  scheduler: schedulerActions,
  logs: logsActions,
};

/** Options for a simulated account; everything has a default. */
export interface SimulatedAccountOptions {
  clock?: SimClock;
  timings?: Partial<SimTimings>;
  region?: string;
  accountId?: string;
  /** Change Calendar documents to start with, as the configuration's calendars deploy them. */
  calendars?: { name: string; content: string }[];
}

/**
 * A stateful, time-driven fake of the AWS APIs the jobnets use. It never sets a timer:
 * operations schedule transitions and every read computes the state at clock.now().
 */
export class SimulatedAccount {
  readonly region: string;
  readonly accountId: string;
  readonly timings: SimTimings;
  readonly calls: ApiCall[] = [];
  readonly faults: SimFaults;
  private readonly state: SimState;

  constructor(opts: SimulatedAccountOptions = {}) {
    this.region = opts.region ?? 'us-east-1';
    this.accountId = opts.accountId ?? '123456789012';
    this.timings = { ...DEFAULT_SIM_TIMINGS, ...opts.timings };
    this.state = new SimState(
      opts.clock ?? { now: () => Date.now() },
      this.timings,
      this.region,
      this.accountId,
    );
    this.faults = new FaultInjector(this.state);
    for (const c of opts.calendars ?? []) this.addCalendar(c.name, c.content);
  }

  /**
   * Adds a Change Calendar document (iCalendar text with X-CALENDAR-TYPE) that GetCalendarState
   * and GetDocument answer from. Throws, as CreateDocument would refuse, for a name SSM does
   * not allow, a name already taken, or content that is not a Change Calendar.
   */
  addCalendar(name: string, content: string): void {
    seedCalendar(this.state, name, content);
  }

  /**
   * Adds a CloudWatch Logs log group, as the stack deploys the audit log group; the retention,
   * when given, hides older events from reads as the service's expiry would.
   */
  addLogGroup(name: string, retentionInDays?: number): void {
    const group = createLogGroup(this.state, name);
    if (retentionInDays !== undefined) group.retentionInDays = retentionInDays;
  }

  /**
   * Adds events to a log stream as if written when they happened (see seedLogEvents): a year of
   * audit records, which PutLogEvents would refuse as too old.
   */
  addLogEvents(
    groupName: string,
    streamName: string,
    events: readonly { timestamp: number; message: string }[],
  ): void {
    seedLogEvents(this.state, groupName, streamName, events);
  }

  /** Adds an instance (running, Apache running, SSM online unless told otherwise); returns its id. */
  addInstance(o: InstanceSeed = {}): string {
    return this.seeded(seedInstance(this.state, o));
  }

  /**
   * Adds an Aurora cluster (available unless told otherwise); returns its ARN. A stopped one is
   * started by AWS 7 days after `stoppedAt` (default now), as any stopped cluster is.
   */
  addDbCluster(o: ClusterSeed): string {
    return this.seeded(seedCluster(this.state, o));
  }

  /**
   * The RDS cluster events (stopped, started, started by AWS after 7 days stopped) that have
   * happened since `cursor` (all of them without one), as EventBridge puts them on the default
   * bus, with when each happened and the cursor to pass next time. Not an API call: it is what
   * the local mode delivers to EventBridge rules' targets.
   */
  eventsSince(cursor?: EventCursor): {
    events: { at: number; event: RdsEventBridgeEvent }[];
    cursor: EventCursor;
  } {
    return clusterEventsSince(this.state, cursor);
  }

  /** When the next RDS cluster event will happen, if one is planned. */
  nextEventAt(): number | undefined {
    return nextClusterEventAt(this.state);
  }

  /**
   * Every event the account has raised since `cursor` (all of them without one), as EventBridge
   * puts them on the default bus, each with the instant it happened, and the cursor to pass next
   * time: EC2 instance state changes, Run Command invocation status changes, RDS cluster events,
   * AWS Backup job state changes. A change cancelled before it happened raises nothing. Not an
   * API call: it is what a local delivery puts on the local event bus.
   */
  awsEventsSince(cursor?: EventCursor): {
    events: { at: number; event: AwsEvent }[];
    cursor: EventCursor;
  } {
    return awsEventsSince(this.state, cursor);
  }

  /** When the account's next event will happen, if one is planned. */
  nextAwsEventAt(): number | undefined {
    return nextAwsEventAt(this.state);
  }

  /**
   * Calls `listener` after anything that may have planned or cancelled transitions (every API
   * call, every resource added, a fault set or cleared), so a reader of the events can wake at
   * nextAwsEventAt() instead of polling. The returned function unsubscribes.
   */
  onTransitionsScheduled(listener: () => void): () => void {
    this.state.transitionListeners.add(listener);
    return () => this.state.transitionListeners.delete(listener);
  }

  /**
   * Adds an ALB with one listener whose default rule forwards to `targetGroupArn` (or to a
   * new empty `<name>-default` target group).
   */
  addLoadBalancer(o: { name: string; targetGroupArn?: string }): {
    loadBalancerArn: string;
    listenerArn: string;
  } {
    return seedLoadBalancer(this.state, o);
  }

  /**
   * Adds a target group with the instances registered (port 80, checks every 15 s, healthy after
   * 4 in a row by default); returns its ARN.
   */
  addTargetGroup(o: TargetGroupSeed): string {
    return seedTargetGroup(this.state, o);
  }

  /**
   * Runs one API action with the SDK's input and output shapes (PascalCase, no $metadata).
   * Every call is recorded, failed ones with their error code. Input and output are copied,
   * so neither side can change the other's objects later.
   */
  async call(
    service: SimService,
    action: string,
    input: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    const record: ApiCall = { at: this.state.now(), service, action };
    this.calls.push(record);
    try {
      const table = ACTIONS[service] ?? {};
      // hasOwn, so that "toString" and friends are unknown actions, not prototype methods.
      const handler = Object.hasOwn(table, action) ? table[action] : undefined;
      this.injectedFault(service, action);
      if (handler === undefined) {
        throw new SimApiError(
          service,
          'UnsupportedOperation',
          `sim-aws does not simulate ${service}:${action}`,
        );
      }
      const output = handler(this.state, new InputReader(service, structuredClone(input ?? {})));
      return structuredClone(output) as Record<string, unknown>;
    } catch (err) {
      if (err instanceof SimApiError) record.error = err.code;
      throw err;
    } finally {
      this.state.transitionsChanged();
    }
  }

  /** Throws the first active API fault for this action, using it up. */
  private injectedFault(service: SimService, action: string): void {
    const fault = takeApiFault(this.state, service, action);
    if (!fault) return;
    throw new SimApiError(service, fault.code, `${fault.code} (injected)`, fault.httpStatus);
  }

  /**
   * Every EventBridge Scheduler schedule in the account (all groups), copied: what the service
   * itself reads to fire them. Not an API call, so neither recorded nor subject to faults.
   */
  schedules(): ScheduleRecord[] {
    return structuredClone([...this.state.schedules.values()]);
  }

  /** Calls `listener` after every change to the schedules; the returned function unsubscribes. */
  onSchedulesChanged(listener: () => void): () => void {
    this.state.scheduleListeners.add(listener);
    return () => this.state.scheduleListeners.delete(listener);
  }

  /**
   * Deletes a schedule as the service does after a one-time schedule with ActionAfterCompletion
   * DELETE has fired; `serial` names that very schedule. False when it is already gone.
   */
  completeSchedule(serial: number): boolean {
    return completeSchedule(this.state, serial);
  }

  /** The transitions of a resource that have happened (at <= now); see resourceTransitions for ids. */
  history(resourceId: string): Transition[] {
    const now = this.state.now();
    return this.transitionsOf(resourceId).filter((e) => e.at <= now);
  }

  /** The first time at/after `afterMs` when the resource entered `state`, if it has by now. */
  reachedAt(resourceId: string, state: string, afterMs?: number): number | undefined {
    return firstEntry(this.transitionsOf(resourceId), state, this.state.now(), afterMs);
  }

  /** Every resource's current state as plain JSON. */
  snapshot(): AccountSnapshot {
    return takeSnapshot(this.state, this.faults.describe());
  }

  /** Tells the transition listeners about a resource just added; returns its id or ARN. */
  private seeded(idOrArn: string): string {
    this.state.transitionsChanged();
    return idOrArn;
  }

  private transitionsOf(resourceId: string): Transition[] {
    const transitions = resourceTransitions(this.state, resourceId);
    if (transitions === undefined) throw new Error(`sim-aws: unknown resource ${resourceId}`);
    return transitions;
  }
}
