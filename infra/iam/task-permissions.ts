import type { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { SystemConfig } from '../../config/schema';
import { dbClusterArn, listenerRulesArn, runShellScriptDocumentArn } from './arns';
import { instancePermissions } from './instance-scope';
import { mergePermissions, type Permissions } from './permissions';
import { MAINTENANCE_RULE_TAG } from '../../contract/maintenance-rule';

/** The task functions the jobnets invoke, besides the approval request. */
export type TaskFunctionName =
  | 'prepare-run'
  | 'run-script'
  | 'instance-power'
  | 'db-cluster'
  | 'maintenance-page'
  | 'target-health';

/**
 * Exactly the AWS calls each task function's code makes, scoped to the configured systems.
 * Read `functions/<name>/` beside this when either changes: a call missing here fails as
 * AccessDenied on AWS, never in the local tests.
 */
export function taskPermissions(
  stack: Stack,
  systems: readonly SystemConfig[],
): Record<TaskFunctionName, Permissions> {
  const clusters = clusterArns(stack, systems);
  const listeners = unique(systems.map((s) => s.listenerArn));
  const listenerRules = listeners.map(listenerRulesArn);
  const rulePatterns = listenerRules.map((arn) => ({
    arn,
    reason:
      'Rules of the configured listener only: rule ids are assigned by ELB when the maintenance page is created, so no narrower ARN exists.',
  }));
  return {
    'prepare-run': observePermissions(stack, systems),
    'run-script': mergePermissions(
      {
        statements: [
          new iam.PolicyStatement({
            actions: ['ssm:SendCommand'],
            resources: [runShellScriptDocumentArn(stack)],
          }),
        ],
        unscopedActions: ['ec2:DescribeInstances', 'ssm:GetCommandInvocation'],
      },
      instancePermissions(stack, systems, ['ssm:SendCommand'], 'ssm:resourceTag'),
    ),
    'instance-power': mergePermissions(
      { statements: [], unscopedActions: ['ec2:DescribeInstanceStatus'] },
      instancePermissions(
        stack,
        systems,
        ['ec2:StartInstances', 'ec2:StopInstances'],
        'aws:ResourceTag',
      ),
    ),
    'db-cluster': {
      statements: [
        new iam.PolicyStatement({
          actions: ['rds:DescribeDBClusters', 'rds:StartDBCluster', 'rds:StopDBCluster'],
          resources: clusters,
        }),
      ],
    },
    'maintenance-page': {
      statements: [
        new iam.PolicyStatement({
          actions: ['elasticloadbalancing:CreateRule'],
          resources: listeners,
        }),
        // Only the rule the jobnet created: it carries the maintenance tag.
        new iam.PolicyStatement({
          actions: ['elasticloadbalancing:DeleteRule'],
          resources: listenerRules,
          conditions: {
            StringEquals: {
              [`aws:ResourceTag/${MAINTENANCE_RULE_TAG.Key}`]: MAINTENANCE_RULE_TAG.Value,
            },
          },
        }),
        // CreateRule carries Tags (how the page's rule is recognised), which ELB authorises as
        // AddTags on the new rule; the condition allows tagging only as part of CreateRule.
        new iam.PolicyStatement({
          actions: ['elasticloadbalancing:AddTags'],
          resources: listenerRules,
          conditions: { StringEquals: { 'elasticloadbalancing:CreateAction': 'CreateRule' } },
        }),
      ],
      unscopedActions: ['elasticloadbalancing:DescribeRules'],
      patterns: rulePatterns,
    },
    'target-health': {
      statements: [],
      // The group's health check settings: how soon a poll can first see every target healthy.
      unscopedActions: [
        'elasticloadbalancing:DescribeTargetGroups',
        'elasticloadbalancing:DescribeTargetHealth',
      ],
    },
  };
}

/**
 * The read-only look at a system that Prepare takes before a run and the status function takes for
 * `/webapp status`: instances, the DB cluster, the listener's rules, the targets' health.
 */
export function observePermissions(stack: Stack, systems: readonly SystemConfig[]): Permissions {
  return {
    statements: [
      new iam.PolicyStatement({
        actions: ['rds:DescribeDBClusters'],
        resources: clusterArns(stack, systems),
      }),
    ],
    unscopedActions: [
      'ec2:DescribeInstances',
      'elasticloadbalancing:DescribeRules',
      'elasticloadbalancing:DescribeTargetHealth',
    ],
  };
}

function clusterArns(stack: Stack, systems: readonly SystemConfig[]): string[] {
  return unique(systems.map((s) => s.dbClusterId)).map((id) => dbClusterArn(stack, id));
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
