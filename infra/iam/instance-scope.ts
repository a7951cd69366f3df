import type { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { SystemConfig } from '../../config/schema';
import { instanceArn } from './arns';
import type { Permissions } from './permissions';

/** The condition key prefix that matches an instance's tags for the service being called. */
export type TagConditionKey = 'aws:ResourceTag' | 'ssm:resourceTag';

/**
 * Allows `actions` on exactly the instances the systems select: the listed instance ARNs for
 * systems selected by `ids`; for each tag selector, any instance whose tags match every pair of
 * it (one condition block, so the pairs AND together; separate statements, so selectors OR).
 */
export function instancePermissions(
  stack: Stack,
  systems: readonly SystemConfig[],
  actions: readonly string[],
  tagKey: TagConditionKey,
): Permissions {
  const ids = [...new Set(systems.flatMap((s) => s.instances.ids ?? []))].sort();
  const selectors = uniqueTagSelectors(systems);
  const statements: iam.PolicyStatement[] = [];
  if (ids.length > 0) {
    statements.push(
      new iam.PolicyStatement({
        actions: [...actions],
        resources: ids.map((id) => instanceArn(stack, id)),
      }),
    );
  }
  for (const tags of selectors) {
    const matchAll = Object.fromEntries(
      Object.entries(tags).map(([key, value]) => [`${tagKey}/${key}`, value]),
    );
    statements.push(
      new iam.PolicyStatement({
        actions: [...actions],
        resources: [instanceArn(stack, '*')],
        conditions: { StringEquals: matchAll },
      }),
    );
  }
  const patterns =
    selectors.length > 0
      ? [
          {
            arn: instanceArn(stack, '*'),
            reason: `Instances selected by tags: every statement on this ARN is conditioned on ${tagKey}/<Key> equal to a configured tag selector.`,
          },
        ]
      : [];
  return { statements, patterns };
}

function uniqueTagSelectors(systems: readonly SystemConfig[]): Record<string, string>[] {
  const byKey = new Map<string, Record<string, string>>();
  for (const system of systems) {
    const tags = system.instances.tags;
    if (!tags) continue;
    const sorted = Object.fromEntries(Object.entries(tags).sort(([a], [b]) => a.localeCompare(b)));
    byKey.set(JSON.stringify(sorted), sorted);
  }
  return [...byKey.values()];
}
