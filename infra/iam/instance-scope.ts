import type { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { SystemConfig } from '../../config/schema';
import { JOBNET_TAG_KEY } from '../../contract/jobnet-tag';
import { instanceArn } from './arns';
import type { Permissions } from './permissions';

/** The condition key prefix that matches an instance's tags for the service being called. */
export type TagConditionKey = 'aws:ResourceTag' | 'ssm:resourceTag';

/**
 * Allows `actions` on exactly the instances the systems select, by tag conditions only, so the
 * policy grows with the number of systems and never with the number of instances (a role's
 * inline policies are capped at 10,240 characters):
 * - systems selected by `ids`: one statement for all of them, on instances whose
 *   {@link JOBNET_TAG_KEY} tag equals one of their names (Prepare refuses a run whose listed
 *   instances lack that tag, so the ids and the tag agree before anything is touched);
 * - each tag selector: instances whose tags match every pair of it (one condition block, so
 *   the pairs AND together; separate statements, so selectors OR).
 */
export function instancePermissions(
  stack: Stack,
  systems: readonly SystemConfig[],
  actions: readonly string[],
  tagKey: TagConditionKey,
): Permissions {
  const anyInstance = instanceArn(stack, '*');
  const idSystems = [
    ...new Set(systems.filter((s) => s.instances.ids !== undefined).map((s) => s.name)),
  ].sort();
  const selectors = uniqueTagSelectors(systems);
  const conditions = [
    ...(idSystems.length > 0 ? [{ [`${tagKey}/${JOBNET_TAG_KEY}`]: idSystems }] : []),
    ...selectors.map((tags) =>
      Object.fromEntries(Object.entries(tags).map(([key, value]) => [`${tagKey}/${key}`, value])),
    ),
  ];
  const statements = conditions.map(
    (matchAll) =>
      new iam.PolicyStatement({
        actions: [...actions],
        resources: [anyInstance],
        conditions: { StringEquals: matchAll },
      }),
  );
  const patterns =
    statements.length > 0
      ? [
          {
            arn: anyInstance,
            reason: `Instances selected by tags: every statement on this ARN is conditioned on ${tagKey}/<Key> equal to a configured tag selector, or ${tagKey}/${JOBNET_TAG_KEY} equal to the name of a system selected by instance ids.`,
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
