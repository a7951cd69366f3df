import type {
  CreateRuleOutput,
  DeleteRuleOutput,
  DescribeRulesOutput,
  Rule,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { validateActions, validateConditions } from './elbv2-validation';
import { SimApiError } from './errors';
import { targetGroupActions } from './elbv2-target-groups';
import { newRuleArn } from './seed';
import type { ActionHandler, ListenerRecord, RuleRecord, SimState } from './state';
import { Timeline } from './timeline';

const MAX_RULES_PER_LISTENER = 100;

function findListener(s: SimState, arn: string): ListenerRecord {
  const listener = s.listeners.get(arn);
  if (listener === undefined) {
    throw new SimApiError('elbv2', 'ListenerNotFound', 'One or more listeners not found');
  }
  return listener;
}

function findLiveRule(s: SimState, arn: string): RuleRecord {
  const rule = s.ruleHistory.get(arn);
  if (rule === undefined || rule.lifecycle.stateAt(s.now()) === 'deleted') {
    throw new SimApiError('elbv2', 'RuleNotFound', 'One or more rules not found');
  }
  return rule;
}

function ruleView(rule: RuleRecord): Rule {
  return {
    RuleArn: rule.arn,
    Priority: String(rule.priority),
    Conditions: rule.conditions,
    Actions: rule.actions,
    IsDefault: rule.priority === 'default',
  };
}

/** Rules as ELBv2 lists them: by priority, the default rule last. */
export function byPriority(a: RuleRecord, b: RuleRecord): number {
  const rank = (r: RuleRecord) => (r.priority === 'default' ? Infinity : r.priority);
  return rank(a) - rank(b);
}

const describeRules: ActionHandler = (s, input): DescribeRulesOutput => {
  const listenerArn = input.optString('ListenerArn');
  const ruleArns = input.optStrings('RuleArns');
  if ((listenerArn === undefined) === (ruleArns === undefined)) {
    throw new SimApiError('elbv2', 'ValidationError', 'Specify either ListenerArn or RuleArns');
  }
  const rules =
    listenerArn !== undefined
      ? [...findListener(s, listenerArn).rules].sort(byPriority)
      : (ruleArns ?? []).map((arn) => findLiveRule(s, arn));
  return { Rules: rules.map(ruleView) };
};

const createRule: ActionHandler = (s, input): CreateRuleOutput => {
  const listener = findListener(s, input.string('ListenerArn'));
  const priority = input.optNumber('Priority');
  if (priority === undefined || !Number.isInteger(priority) || priority < 1 || priority > 50_000) {
    throw new SimApiError(
      'elbv2',
      'ValidationError',
      'Priority must be an integer from 1 to 50000',
    );
  }
  const conditions = validateConditions(input.optList('Conditions') ?? []);
  const actions = validateActions(s, input.optList('Actions') ?? []);
  // Tags are checked for shape only; nothing in the jobnet reads them back.
  input.optList('Tags');
  if (listener.rules.some((r) => r.priority === priority)) {
    throw new SimApiError('elbv2', 'PriorityInUse', `Priority '${priority}' is currently in use`);
  }
  if (listener.rules.length - 1 >= MAX_RULES_PER_LISTENER) {
    throw new SimApiError('elbv2', 'TooManyRules', 'The maximum number of rules has been reached');
  }
  const rule: RuleRecord = {
    arn: newRuleArn(s, listener.arn),
    listenerArn: listener.arn,
    priority,
    conditions,
    actions,
    lifecycle: new Timeline<'active' | 'deleted'>('active', s.now()),
  };
  listener.rules.push(rule);
  s.ruleHistory.set(rule.arn, rule);
  return { Rules: [ruleView(rule)] };
};

const deleteRule: ActionHandler = (s, input): DeleteRuleOutput => {
  const rule = findLiveRule(s, input.string('RuleArn'));
  if (rule.priority === 'default') {
    throw new SimApiError(
      'elbv2',
      'OperationNotPermitted',
      `Default rule '${rule.arn}' cannot be deleted`,
    );
  }
  const listener = findListener(s, rule.listenerArn);
  listener.rules = listener.rules.filter((r) => r !== rule);
  rule.lifecycle.schedule(s.now(), 'deleted');
  return {};
};

/** The ELBv2 actions the jobnet uses. */
export const elbv2Actions: Record<string, ActionHandler> = {
  DescribeRules: describeRules,
  CreateRule: createRule,
  DeleteRule: deleteRule,
  ...targetGroupActions,
};
