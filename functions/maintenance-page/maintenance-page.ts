import {
  CreateRuleCommand,
  DeleteRuleCommand,
  type ElasticLoadBalancingV2Client,
  type Rule,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Clock } from '../../contract/clock';
import { awsErrorCode, inStep, JobnetError, JobnetErrors } from '../../contract/errors';
import { listenerRules } from '../../contract/listener-rules';
import {
  isMaintenanceRule,
  maintenanceActions,
  MAINTENANCE_RULE_TAG,
  MATCH_ALL,
  ruleAtPriority,
  type MaintenancePage,
} from '../../contract/maintenance-rule';
import { retryTransient } from '../lib/transient';

export interface MaintenancePageEvent extends MaintenancePage {
  readonly step: string;
  readonly action: 'put' | 'remove';
  readonly listenerArn: string;
}

export interface MaintenancePageResult {
  readonly step: string;
  readonly ruleArn?: string;
  /** False when the page already was up (put) or already gone (remove). */
  readonly changed: boolean;
}

export interface MaintenancePageDeps {
  readonly elbv2: ElasticLoadBalancingV2Client;
  readonly clock: Clock;
}

/** Puts up or takes down the maintenance page; both are no-ops when already done. */
export function handleMaintenancePage(
  e: MaintenancePageEvent,
  deps: MaintenancePageDeps,
): Promise<MaintenancePageResult> {
  // Every call is retried on throttling and 5xx: a duplicate create meets PriorityInUse and a
  // duplicate delete RuleNotFound, both handled below, so retrying is safe.
  const elbv2 = retrying(deps.elbv2, deps.clock);
  return inStep(e.step, e.listenerArn, () =>
    e.action === 'put' ? putPage(e, elbv2) : removePage(e, elbv2),
  );
}

async function putPage(
  e: MaintenancePageEvent,
  elbv2: ElasticLoadBalancingV2Client,
): Promise<MaintenancePageResult> {
  const existing = await ownRule(e, elbv2);
  if (existing) return { step: e.step, ruleArn: existing.RuleArn, changed: false };
  try {
    const out = await elbv2.send(
      new CreateRuleCommand({
        ListenerArn: e.listenerArn,
        Priority: e.priority,
        Conditions: MATCH_ALL,
        Actions: maintenanceActions(e),
        Tags: [{ ...MAINTENANCE_RULE_TAG }],
      }),
    );
    return { step: e.step, ruleArn: out.Rules?.[0]?.RuleArn, changed: true };
  } catch (error) {
    // Another run put it up between our look and our create: look once more.
    if (awsErrorCode(error) !== 'PriorityInUse') throw error;
    const raced = await ownRule(e, elbv2);
    if (raced) return { step: e.step, ruleArn: raced.RuleArn, changed: false };
    throw error;
  }
}

async function removePage(
  e: MaintenancePageEvent,
  elbv2: ElasticLoadBalancingV2Client,
): Promise<MaintenancePageResult> {
  const existing = await ownRule(e, elbv2);
  if (!existing) return { step: e.step, changed: false };
  try {
    await elbv2.send(new DeleteRuleCommand({ RuleArn: existing.RuleArn }));
    return { step: e.step, ruleArn: existing.RuleArn, changed: true };
  } catch (error) {
    if (awsErrorCode(error) === 'RuleNotFound') return { step: e.step, changed: false };
    throw error;
  }
}

/** The client with `send` retried on transient errors. */
function retrying(elbv2: ElasticLoadBalancingV2Client, clock: Clock): ElasticLoadBalancingV2Client {
  return {
    send: (command: never) => retryTransient(() => elbv2.send(command), clock),
  } as ElasticLoadBalancingV2Client;
}

/** Our rule at the priority, or undefined; another kind of rule there is a conflict we never touch. */
async function ownRule(
  e: MaintenancePageEvent,
  elbv2: ElasticLoadBalancingV2Client,
): Promise<Rule | undefined> {
  const rules = await listenerRules(elbv2, e.listenerArn);
  const rule = ruleAtPriority(rules, e.priority);
  if (rule && !isMaintenanceRule(rule)) {
    throw new JobnetError(
      JobnetErrors.ruleConflict,
      `${e.step} on ${e.listenerArn}: priority ${e.priority} holds another rule (${rule.RuleArn}), not a maintenance page; choose a free priority`,
    );
  }
  return rule;
}
