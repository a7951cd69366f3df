import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import type { IConstruct } from 'constructs';

/** A wildcard ARN a role needs, with why it still reaches only the intended resources. */
export interface ResourcePattern {
  readonly arn: string;
  readonly reason: string;
}

/** What one role may do: statements scoped to resources, and what IAM cannot scope. */
export interface Permissions {
  readonly statements: readonly iam.PolicyStatement[];
  /** Actions that support no resource-level permissions: IAM requires Resource "*" for them. */
  readonly unscopedActions?: readonly string[];
  /** The wildcard patterns `statements` use, each with its justification. */
  readonly patterns?: readonly ResourcePattern[];
}

/** X-Ray's write actions, which CDK grants on "*" to every traced function and state machine. */
export const XRAY_ACTIONS = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'] as const;

/** One set of permissions out of several. */
export function mergePermissions(...parts: readonly Permissions[]): Permissions {
  return {
    statements: parts.flatMap((p) => p.statements),
    unscopedActions: parts.flatMap((p) => p.unscopedActions ?? []),
    patterns: parts.flatMap((p) => p.patterns ?? []),
  };
}

/**
 * Adds the permissions to the role and acknowledges, on `scope`, cdk-nag's wildcard finding for
 * each wildcard with its reason. `implicitUnscoped` names the actions CDK itself grants on "*"
 * to this role (X-Ray, log delivery), so the one "*" acknowledgement lists every action behind it.
 */
export function applyPermissions(
  scope: IConstruct,
  role: iam.IRole,
  permissions: Permissions,
  implicitUnscoped: readonly string[] = [],
): void {
  for (const statement of permissions.statements) role.addToPrincipalPolicy(statement);
  const unscoped = [...new Set(permissions.unscopedActions ?? [])].sort();
  if (unscoped.length > 0) {
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: unscoped, resources: ['*'] }));
  }
  const behindStar = [...new Set([...unscoped, ...implicitUnscoped])].sort();
  if (behindStar.length > 0) {
    acknowledgeWildcard(
      scope,
      '*',
      `Resource "*" only for actions that support no resource-level permissions: ${behindStar.join(', ')}.`,
    );
  }
  const seen = new Set<string>();
  for (const pattern of permissions.patterns ?? []) {
    if (seen.has(pattern.arn)) continue;
    seen.add(pattern.arn);
    acknowledgeWildcard(scope, pattern.arn, pattern.reason);
  }
}

/**
 * Acknowledges cdk-nag's AwsSolutions-IAM5 finding for one wildcard resource. The finding id
 * carries the resource as cdk-nag flattens it (`arn:<AWS::Partition>:…`), so it is computed the
 * same way rather than written by hand.
 */
export function acknowledgeWildcard(scope: IConstruct, arn: string, reason: string): void {
  const resource = flattenCfnReference(Stack.of(scope).resolve(arn));
  Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[Resource::${resource}]`, reason });
}

/** Acknowledges cdk-nag's AwsSolutions-IAM4 finding for one AWS managed policy on a role. */
export function acknowledgeManagedPolicy(
  scope: IConstruct,
  policy: iam.IManagedPolicy,
  reason: string,
): void {
  const arn = flattenCfnReference(Stack.of(scope).resolve(policy.managedPolicyArn));
  Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM4[Policy::${arn}]`, reason });
}
