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
  return inStep(e.step, e.listenerArn, () =>
    e.action === 'put' ? putPage(e, deps) : removePage(e, deps),
  );
}

// Every call is retried on throttling and 5xx: a repeated create meets PriorityInUse and a
// repeated delete RuleNotFound, both handled below, so retrying is safe.

async function putPage(
  e: MaintenancePageEvent,
  { elbv2, clock }: MaintenancePageDeps,
): Promise<MaintenancePageResult> {
  const existing = await ownRule(e, elbv2, clock);
  if (existing) return { step: e.step, ruleArn: existing.RuleArn, changed: false };
  try {
    const create = new CreateRuleCommand({
      ListenerArn: e.listenerArn,
      Priority: e.priority,
      Conditions: MATCH_ALL,
      Actions: maintenanceActions(e),
      Tags: [{ ...MAINTENANCE_RULE_TAG }],
    });
    const out = await retryTransient(() => elbv2.send(create), clock);
    return { step: e.step, ruleArn: out.Rules?.[0]?.RuleArn, changed: true };
  } catch (error) {
    // Another run put it up between our look and our create: look once more.
    if (awsErrorCode(error) !== 'PriorityInUse') throw error;
    const raced = await ownRule(e, elbv2, clock);
    if (raced) return { step: e.step, ruleArn: raced.RuleArn, changed: false };
    throw error;
  }
}

async function removePage(
  e: MaintenancePageEvent,
  { elbv2, clock }: MaintenancePageDeps,
): Promise<MaintenancePageResult> {
  const existing = await ownRule(e, elbv2, clock);
  if (!existing) return { step: e.step, changed: false };
  try {
    const remove = new DeleteRuleCommand({ RuleArn: existing.RuleArn });
    await retryTransient(() => elbv2.send(remove), clock);
    return { step: e.step, ruleArn: existing.RuleArn, changed: true };
  } catch (error) {
    if (awsErrorCode(error) === 'RuleNotFound') return { step: e.step, changed: false };
    throw error;
  }
}

/** Our rule at the priority, or undefined; another kind of rule there is a conflict we never touch. */
async function ownRule(
  e: MaintenancePageEvent,
  elbv2: ElasticLoadBalancingV2Client,
  clock: Clock,
): Promise<Rule | undefined> {
  const rules = await retryTransient(() => listenerRules(elbv2, e.listenerArn), clock);
  const rule = ruleAtPriority(rules, e.priority);
  if (rule && !isMaintenanceRule(rule)) {
    throw new JobnetError(
      JobnetErrors.ruleConflict,
      `${e.step} on ${e.listenerArn}: priority ${e.priority} holds another rule (${rule.RuleArn}), not a maintenance page; choose a free priority`,
    );
  }
  return rule;
}
