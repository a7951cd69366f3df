import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseConfig } from '../../config/load';
import type { AppConfigInput } from '../../config/schema';
import { buildStacks, type BuiltStacks } from '../../infra/build-app';

const ROOT = join(__dirname, '..', '..');

/** The feature flags and context of `cdk.json`, so tests synth what `cdk synth` does. */
const CDK_CONTEXT = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')).context as Record<
  string,
  unknown
>;

/** A fresh copy of the example configuration the app ships with. */
export function exampleConfig(): AppConfigInput {
  return JSON.parse(readFileSync(join(ROOT, 'config/example.config.json'), 'utf8'));
}

export interface SynthResult {
  readonly app: App;
  readonly stacks: BuiltStacks;
  readonly main: Template;
  readonly demo?: Template;
}

/**
 * Builds the app for a configuration as `infra/app.ts` does, with inline code in place of the
 * esbuild bundles: a template test needs neither esbuild nor the handler files. `now` fixes the
 * synth time (rate() schedules start after it).
 */
export function synthApp(input: AppConfigInput = exampleConfig(), now?: Date): SynthResult {
  const app = new App({ context: { ...CDK_CONTEXT, 'aws:cdk:bundling-stacks': [] } });
  // Calendar files are named relative to the configuration's folder, as in the example.
  const stacks = buildStacks(app, parseConfig(input, 'configuration', join(ROOT, 'config')), {
    code: lambda.Code.fromInline('exports.handler = async () => ({});'),
    now,
  });
  return {
    app,
    stacks,
    main: Template.fromStack(stacks.main),
    demo: stacks.demo && Template.fromStack(stacks.demo),
  };
}

export interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: Record<string, Record<string, string>>;
}

/** Every statement of every identity policy in a template, with the logical id of its role. */
export function policyStatements(template: Template): { role: string; statement: Statement }[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies).flatMap((policy) => {
    const roles = policy.Properties.Roles as { Ref: string }[];
    return (policy.Properties.PolicyDocument.Statement as Statement[]).map((statement) => ({
      role: roles[0].Ref,
      statement,
    }));
  });
}

/** Statement actions as a list. */
export function actionsOf(statement: Statement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

/** Statement resources as a list. */
export function resourcesOf(statement: Statement): unknown[] {
  return Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
}

/** The logical id of the one resource of a type whose id starts with a construct-path prefix. */
export function logicalId(template: Template, type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1) throw new Error(`${ids.length} ${type} match ${prefix}: ${ids.join(', ')}`);
  return ids[0];
}

/**
 * A CloudFormation string value flattened: `Fn::Join` parts concatenated, references shown as
 * `<LogicalId>` / `<LogicalId.Attr>`, pseudo parameters as `<AWS::Region>`.
 */
export function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, unknown>;
  if (v['Fn::Join']) {
    const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map(flatten).join(separator);
  }
  if (v.Ref) return `<${v.Ref as string}>`;
  if (v['Fn::GetAtt']) return `<${(v['Fn::GetAtt'] as string[]).join('.')}>`;
  throw new Error(`Cannot flatten ${JSON.stringify(value)}`);
}

/** What cdk-nag's AwsSolutions pack reports unacknowledged in a stack, as "rule at path" lines. */
export function nagViolations(synth: SynthResult, stack: Stack): string[] {
  const report = new AwsSolutionsChecks(synth.app).validateScope(stack);
  return report.violations.flatMap((v) =>
    v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`),
  );
}
