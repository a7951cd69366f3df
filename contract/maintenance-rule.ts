import type { Action, Rule, RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';

/** The maintenance page as the listener rule carries it. */
export interface MaintenancePage {
  readonly priority: number;
  readonly body: string;
  readonly contentType: string;
}

/**
 * The tag the jobnet puts on the rule it creates: IAM lets the jobnet delete only rules that
 * carry it, so no other rule of the listener can be removed by it.
 */
export const MAINTENANCE_RULE_TAG = { Key: 'webapp-chatops', Value: 'maintenance-page' } as const;

/** Matches every request: the page must hide the whole site. */
export const MATCH_ALL: RuleCondition[] = [
  { Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } },
];

export function maintenanceActions(page: MaintenancePage): Action[] {
  return [
    {
      Type: 'fixed-response',
      FixedResponseConfig: {
        StatusCode: '503',
        ContentType: page.contentType,
        MessageBody: page.body,
      },
    },
  ];
}

/** True when the rule is a maintenance page: a fixed 503 response. */
export function isMaintenanceRule(rule: Rule): boolean {
  const action = rule.Actions?.[0];
  return action?.Type === 'fixed-response' && action.FixedResponseConfig?.StatusCode === '503';
}

/** The rule at the configured priority, if any: ours when isMaintenanceRule, a conflict if not. */
export function ruleAtPriority(rules: Rule[], priority: number): Rule | undefined {
  return rules.find((rule) => !rule.IsDefault && rule.Priority === String(priority));
}
