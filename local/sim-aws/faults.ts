import { holdBackingUp } from './rds';
import { cancelClusterAfter } from './rds-events';
import type { ApiFault, ClusterRecord, CommandFault, InstanceRecord, SimState } from './state';
import type { SimService } from './types';

/** Each service's own answer to a caller it throttles: the error code and HTTP status. */
export const THROTTLING: Record<SimService, { code: string; httpStatus: number }> = {
  ec2: { code: 'RequestLimitExceeded', httpStatus: 503 },
  ssm: { code: 'ThrottlingException', httpStatus: 400 },
  rds: { code: 'Throttling', httpStatus: 400 },
  elbv2: { code: 'Throttling', httpStatus: 400 },
  backup: { code: 'ThrottlingException', httpStatus: 400 },
  scheduler: { code: 'ThrottlingException', httpStatus: 429 },
  logs: { code: 'ThrottlingException', httpStatus: 400 },
};

function isActive(f: ApiFault, now: number): boolean {
  return f.times > 0 && (f.until === undefined || now < f.until);
}

/**
 * The API fault this call meets, used up by one (the first active one that names the action,
 * or the service without an action), or undefined.
 */
export function takeApiFault(
  s: SimState,
  service: SimService,
  action: string,
): ApiFault | undefined {
  const now = s.now();
  const fault = s.apiFaults.find(
    (f) =>
      f.service === service && (f.action === undefined || f.action === action) && isActive(f, now),
  );
  if (fault !== undefined) fault.times -= 1;
  return fault;
}

/** Fault injection for tests and the local mode; every fault lasts until cleared. */
export interface SimFaults {
  /** Shell lines matching `match` (every line without it) on the instance give this result. */
  failCommands(
    instanceId: string,
    result: { exitCode: number; stdout?: string; stderr?: string; match?: RegExp },
  ): void;
  /** The instance's next stop/start never completes: it stays `stopping` / `pending`. */
  stickInstance(instanceId: string): void;
  /** The instance's target stays `unhealthy` while the instance runs. */
  pinUnhealthy(instanceId: string): void;
  /** The cluster is `backing-up` from now for forMs, then `available`. */
  backingUp(clusterId: string, forMs: number): void;
  /**
   * The next `times` calls of `service:action` answer `code` with `httpStatus` and change
   * nothing — throttling (RequestLimitExceeded, 503) or a service fault (InternalFailure, 500).
   */
  failCalls(fault: Omit<ApiFault, 'times' | 'until'> & { times?: number }): void;
  /**
   * Throttles the service as it throttles a caller: its calls (or one action's) answer the
   * service's own throttling error — for the next `calls` calls, or for `forMs` from now (at
   * most `calls` of them when both are given); one call when neither is.
   */
  throttle(service: SimService, o?: { calls?: number; forMs?: number; action?: string }): void;
  /** Clears one resource's faults, or all; a stuck transition completes now. */
  clear(instanceOrClusterId?: string): void;
  /** The active faults in words, for logs and the local mode's status output. */
  describe(): string[];
}

/** SimFaults over the account's state. Unknown ids throw: a typo must not pass silently. */
export class FaultInjector implements SimFaults {
  constructor(private readonly s: SimState) {}

  failCommands(instanceId: string, result: CommandFault): void {
    this.instance(instanceId).commandFaults.push({ ...result });
  }

  stickInstance(instanceId: string): void {
    this.instance(instanceId).stickNext = true;
  }

  failCalls(fault: Omit<ApiFault, 'times' | 'until'> & { times?: number }): void {
    this.s.apiFaults.push({ ...fault, times: fault.times ?? 1 });
  }

  throttle(service: SimService, o: { calls?: number; forMs?: number; action?: string } = {}): void {
    const { code, httpStatus } = THROTTLING[service];
    const window = o.forMs === undefined ? {} : { until: this.s.now() + o.forMs };
    const times = o.calls ?? (o.forMs === undefined ? 1 : Infinity);
    this.s.apiFaults.push({ service, action: o.action, code, httpStatus, times, ...window });
  }

  pinUnhealthy(instanceId: string): void {
    this.instance(instanceId).pinned.schedule(this.s.now(), 'pinned');
  }

  backingUp(clusterId: string, forMs: number): void {
    const cluster = this.cluster(clusterId);
    const now = this.s.now();
    holdBackingUp(cluster, now, now + forMs);
    cluster.faultBackingUpUntil = now + forMs;
    this.s.transitionsChanged();
  }

  clear(instanceOrClusterId?: string): void {
    if (instanceOrClusterId === undefined) {
      this.s.apiFaults.length = 0;
      this.s.instances.forEach((inst) => this.clearInstance(inst));
      this.s.clusters.forEach((c) => this.clearCluster(c));
    } else if (this.s.clusters.has(instanceOrClusterId)) {
      this.clearCluster(this.cluster(instanceOrClusterId));
    } else {
      this.clearInstance(this.instance(instanceOrClusterId));
    }
    this.s.transitionsChanged();
  }

  describe(): string[] {
    const now = this.s.now();
    const lines: string[] = [];
    for (const f of this.s.apiFaults.filter((fault) => isActive(fault, now))) {
      const calls = f.times === Infinity ? 'every call' : `next ${f.times} call(s)`;
      const until = f.until === undefined ? '' : ` until ${new Date(f.until).toISOString()}`;
      lines.push(`${f.service}:${f.action ?? '*'}: ${calls} answer ${f.code}${until}`);
    }
    for (const inst of this.s.instances.values()) {
      for (const f of inst.commandFaults) {
        const which = f.match === undefined ? 'commands' : `command lines matching ${f.match}`;
        lines.push(`${inst.id}: ${which} exit ${f.exitCode}`);
      }
      if (inst.stickNext) lines.push(`${inst.id}: next stop/start will not complete`);
      if (inst.stuckTowards !== undefined) {
        lines.push(
          `${inst.id}: stuck ${inst.state.stateAt(now)}, never reaches ${inst.stuckTowards}`,
        );
      }
      if (inst.pinned.stateAt(now) === 'pinned') lines.push(`${inst.id}: target pinned unhealthy`);
    }
    for (const c of this.s.clusters.values()) {
      if (c.faultBackingUpUntil !== undefined && c.faultBackingUpUntil > now) {
        lines.push(`${c.id}: backing-up until ${new Date(c.faultBackingUpUntil).toISOString()}`);
      }
    }
    return lines;
  }

  private clearInstance(inst: InstanceRecord): void {
    const now = this.s.now();
    inst.commandFaults = [];
    inst.stickNext = false;
    if (inst.stuckTowards !== undefined) {
      inst.state.schedule(now, inst.stuckTowards);
      inst.stuckTowards = undefined;
    }
    if (inst.pinned.stateAt(now) === 'pinned') inst.pinned.schedule(now, 'unpinned');
  }

  private clearCluster(c: ClusterRecord): void {
    const now = this.s.now();
    if (c.faultBackingUpUntil !== undefined && c.faultBackingUpUntil > now) {
      cancelClusterAfter(c, now);
      c.status.schedule(now, 'available');
    }
    c.faultBackingUpUntil = undefined;
  }

  private instance(id: string): InstanceRecord {
    const inst = this.s.instances.get(id);
    if (inst === undefined) throw new Error(`sim-aws: no instance ${id}`);
    return inst;
  }

  private cluster(id: string): ClusterRecord {
    const c = this.s.clusters.get(id);
    if (c === undefined) throw new Error(`sim-aws: no cluster ${id}`);
    return c;
  }
}
