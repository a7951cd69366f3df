import { backupJobTransitions } from './backup-job-model';
import { healthyAfterMs, statusCheckTransitions, targetHealthTransitions } from './instance-model';
import { DEFAULT_HEALTH_CHECK } from './seed';
import { invocationTransitions } from './ssm-invocation';
import type { SimState } from './state';
import type { Transition } from './types';

/**
 * Every transition (past and scheduled) of a resource, or undefined for an unknown id.
 * Ids: an instance id (EC2 state) and its aspects `<id>/apache`, `<id>/status-checks`,
 * `<id>/target-health` (in the first group it is registered in); a cluster id or ARN; a listener rule ARN (active/deleted); a backup
 * job id; `<commandId>/<instanceId>` for a Run Command invocation.
 */
export function resourceTransitions(s: SimState, resourceId: string): Transition[] | undefined {
  const inst = s.instances.get(resourceId);
  if (inst !== undefined) return inst.state.transitions();
  const cluster =
    s.clusters.get(resourceId) ?? [...s.clusters.values()].find((c) => c.arn === resourceId);
  if (cluster !== undefined) return cluster.status.transitions();
  const rule = s.ruleHistory.get(resourceId);
  if (rule !== undefined) return rule.lifecycle.transitions();
  const job = s.backupJobs.get(resourceId);
  if (job !== undefined) return backupJobTransitions(s, job);
  return compoundTransitions(s, resourceId);
}

function compoundTransitions(s: SimState, resourceId: string): Transition[] | undefined {
  const slash = resourceId.lastIndexOf('/');
  if (slash < 0) return undefined;
  const head = resourceId.slice(0, slash);
  const tail = resourceId.slice(slash + 1);
  const inst = s.instances.get(head);
  if (inst !== undefined) {
    if (tail === 'apache') return inst.apache.transitions();
    if (tail === 'status-checks') return statusCheckTransitions(inst, s.timings);
    if (tail === 'target-health') {
      // As the first group the instance is registered in sees it.
      const group = [...s.targetGroups.values()].find((g) => g.instanceIds.includes(inst.id));
      return targetHealthTransitions(inst, healthyAfterMs(group ?? DEFAULT_HEALTH_CHECK));
    }
    return undefined;
  }
  const cmd = s.commands.get(head);
  const inv = cmd?.invocations.get(tail);
  const target = s.instances.get(tail);
  if (cmd === undefined || inv === undefined || target === undefined) return undefined;
  return invocationTransitions(target, cmd, inv);
}
