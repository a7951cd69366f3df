import { backupJobStateAt } from './backup-job-model';
import { byPriority } from './elbv2';
import { healthyAfterMs, statusChecksAt, targetHealthAt } from './instance-model';
import { invocationAt } from './ssm-invocation';
import type { InstanceRecord, SimState } from './state';

/** Plain JSON of every resource's state at one moment, for printing and assertions. */
export interface AccountSnapshot {
  at: string;
  instances: {
    id: string;
    name?: string;
    state: string;
    apache: string;
    statusChecks: string;
    ssmOnline: boolean;
  }[];
  clusters: { id: string; arn: string; status: string; engine: string }[];
  listeners: {
    listenerArn: string;
    loadBalancer: string;
    rules: { ruleArn: string; priority: string; actionType: string }[];
  }[];
  targetGroups: {
    arn: string;
    name: string;
    targets: { id: string; state: string; reason?: string }[];
  }[];
  backupJobs: { id: string; resourceArn: string; state: string }[];
  commands: {
    commandId: string;
    sentAt: string;
    invocations: { instanceId: string; status: string; responseCode: number }[];
  }[];
  schedules: { arn: string; expression: string; timeZone: string; state: string }[];
  faults: string[];
}

/** Builds the snapshot at the account's current time; `faults` comes from SimFaults. */
export function takeSnapshot(s: SimState, faults: string[]): AccountSnapshot {
  const now = s.now();
  return {
    at: new Date(now).toISOString(),
    instances: [...s.instances.values()].map((i) => ({
      id: i.id,
      ...(i.tags.Name === undefined ? {} : { name: i.tags.Name }),
      state: i.state.stateAt(now),
      apache: i.apache.stateAt(now),
      statusChecks: statusChecksAt(i, now, s.timings),
      ssmOnline: i.ssmOnline,
    })),
    clusters: [...s.clusters.values()].map((c) => ({
      id: c.id,
      arn: c.arn,
      status: c.status.stateAt(now),
      engine: c.engine,
    })),
    listeners: [...s.listeners.values()].map((l) => ({
      listenerArn: l.arn,
      loadBalancer: l.loadBalancerName,
      rules: [...l.rules].sort(byPriority).map((r) => ({
        ruleArn: r.arn,
        priority: String(r.priority),
        actionType: String(r.actions[0]?.Type),
      })),
    })),
    targetGroups: [...s.targetGroups.values()].map((g) => ({
      arn: g.arn,
      name: g.name,
      targets: g.instanceIds.map((id) => {
        const health = targetHealthAt(instance(s, id), now, healthyAfterMs(g));
        return { id, state: health.State, ...(health.Reason ? { reason: health.Reason } : {}) };
      }),
    })),
    backupJobs: [...s.backupJobs.values()].map((j) => ({
      id: j.id,
      resourceArn: j.resourceArn,
      state: backupJobStateAt(s, j, now),
    })),
    commands: [...s.commands.values()].map((c) => ({
      commandId: c.id,
      sentAt: new Date(c.sentAt).toISOString(),
      invocations: [...c.invocations.values()].map((inv) => {
        const view = invocationAt(instance(s, inv.instanceId), c, inv, now);
        return {
          instanceId: inv.instanceId,
          status: String(view.Status),
          responseCode: view.ResponseCode ?? -1,
        };
      }),
    })),
    schedules: [...s.schedules.values()].map((r) => ({
      arn: r.arn,
      expression: r.expression,
      timeZone: r.timeZone ?? 'UTC',
      state: r.state,
    })),
    faults,
  };
}

/** Seeding and SendCommand only ever refer to existing instances, and none is ever removed. */
function instance(s: SimState, id: string): InstanceRecord {
  return s.instances.get(id) as InstanceRecord;
}
