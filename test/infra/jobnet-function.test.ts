import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { JobnetFunction } from '../../infra/constructs/jobnet-function';

/** The construct as deployed (NodejsFunction from an entry), with bundling skipped for speed. */
function build() {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Test');
  const fn = new JobnetFunction(stack, 'Health', {
    entry: 'functions/target-health/handler.ts',
    description: 'test',
    timeout: Duration.minutes(15),
    logRetention: logs.RetentionDays.ONE_MONTH,
    environment: { EXTRA: '1' },
    permissions: {
      statements: [],
      unscopedActions: ['elasticloadbalancing:DescribeTargetHealth'],
    },
  });
  return { app, stack, fn, template: Template.fromStack(stack) };
}

it('fixes runtime, architecture, tracing, Powertools, source maps and the log group in one place', () => {
  const { template } = build();
  template.hasResourceProperties('AWS::Lambda::Function', {
    Runtime: 'nodejs24.x',
    Architectures: ['arm64'],
    Handler: 'index.handler',
    Timeout: 900,
    MemorySize: 256,
    TracingConfig: { Mode: 'Active' },
    Environment: {
      Variables: {
        POWERTOOLS_SERVICE_NAME: 'webapp-chatops',
        POWERTOOLS_METRICS_NAMESPACE: 'WebappChatops',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        EXTRA: '1',
        NODE_OPTIONS: '--enable-source-maps',
      },
    },
  });
  template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Delete' });
});

it('gives the function its own role, with no AWS managed policy', () => {
  const { template } = build();
  const [role] = Object.values(template.findResources('AWS::IAM::Role'));
  expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  expect(role.Properties.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({
    Service: 'lambda.amazonaws.com',
  });
});

it('acknowledges the "*" finding with a reason naming every action behind it', () => {
  const { app, stack, fn } = build();
  expect(new AwsSolutionsChecks(app).validateScope(stack).violations).toEqual([]);
  const reasons = fn.node
    .findAll()
    .flatMap((c) => c.node.metadata)
    .filter((m) => m.type === 'aws:cdk:acknowledged-rules')
    .flatMap((m) => Object.values(m.data as Record<string, string>));
  expect(reasons).toEqual([
    'Resource "*" only for actions that support no resource-level permissions: elasticloadbalancing:DescribeTargetHealth, xray:PutTelemetryRecords, xray:PutTraceSegments.',
  ]);
});

it('grants nothing but its own logs when given no permissions', () => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Bare');
  const fn = new JobnetFunction(stack, 'Bare', {
    entry: 'functions/target-health/handler.ts',
    description: 'bare',
    timeout: Duration.seconds(10),
    logRetention: logs.RetentionDays.ONE_WEEK,
  });
  expect(fn.role).toBeInstanceOf(iam.Role);
  const [policy] = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'));
  const actions = policy.Properties.PolicyDocument.Statement.flatMap(
    (s: { Action: string | string[] }) => s.Action,
  );
  expect(actions.sort()).toEqual([
    'logs:CreateLogStream',
    'logs:PutLogEvents',
    'xray:PutTelemetryRecords',
    'xray:PutTraceSegments',
  ]);
});
