import { WAIT_EVENT_PATTERNS } from '../../contract/wait-events';
import { POLLER_TIMEOUT, SWEEP_INPUT } from '../../infra/constructs/wait-poller';
import { waitRuleName } from '../../infra/names';
import {
  actionsOf,
  exampleConfig,
  flatten,
  logicalId,
  nagViolations,
  policyStatements,
  resourcesOf,
  synthApp,
  type SynthResult,
} from './synth-app';

const MACHINES = ['start', 'stop'].map(
  (j) =>
    `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:stateMachine:webapp-chatops-${j}`,
);
const CLUSTER = (id: string) =>
  `arn:<AWS::Partition>:rds:<AWS::Region>:<AWS::AccountId>:cluster:${id}`;

let synth: SynthResult;
let matcher: string;
let poller: string;
let pollQueue: string;
let matcherDlq: string;
let pollerDlq: string;
let table: string;
beforeAll(() => {
  const config = exampleConfig();
  config.systems.push({
    ...config.systems[0],
    name: 'blog',
    instances: { ids: ['i-0123456789abcdef0'] },
    dbClusterId: 'blog-db',
    maintenancePage: { ...config.systems[0].maintenancePage, priority: 2 },
    schedules: [],
  });
  synth = synthApp(config);
  const id = (type: string, prefix: string) => logicalId(synth.main, type, prefix);
  matcher = id('AWS::Lambda::Function', 'WaitsMatcherHandler');
  poller = id('AWS::Lambda::Function', 'WaitsPollerHandler');
  pollQueue = id('AWS::SQS::Queue', 'WaitsPollerPollQueue');
  matcherDlq = id('AWS::SQS::Queue', 'WaitsMatcherDeadLetters');
  pollerDlq = id('AWS::SQS::Queue', 'WaitsPollerDeadLetters');
  table = id('AWS::DynamoDB::Table', 'RunStateTable');
});

const resources = () => synth.main.toJSON().Resources;
const props = (id: string) => resources()[id].Properties;
const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });

interface RuleProps {
  Name: string;
  EventPattern?: unknown;
  ScheduleExpression?: string;
  EventBusName?: string;
  State: string;
  Targets: {
    Arn: unknown;
    Input?: string;
    RetryPolicy: unknown;
    DeadLetterConfig: { Arn: unknown };
  }[];
}
const rules = () =>
  Object.entries(synth.main.findResources('AWS::Events::Rule')).map(
    ([id, r]) => [id, r.Properties as RuleProps] as const,
  );

/** A role's grants as "action resource" lines, without its logs and X-Ray. */
function grants(functionId: string): string[] {
  const role = props(functionId).Role['Fn::GetAtt'][0];
  return policyStatements(synth.main)
    .filter((s) => s.role === role)
    .flatMap(({ statement }) =>
      actionsOf(statement)
        .filter((a) => !a.startsWith('logs:') && !a.startsWith('xray:'))
        .flatMap((action) => resourcesOf(statement).map((r) => `${action} ${flatten(r)}`)),
    )
    .sort();
}

describe('the wait matcher', () => {
  it('has one rule per WAIT_EVENT_PATTERNS entry on the default bus, named <stack>-wait-<rule>', () => {
    const byName = new Map(rules().map(([, r]) => [r.Name, r]));
    for (const [rule, pattern] of Object.entries(WAIT_EVENT_PATTERNS)) {
      const found = byName.get(`WebappChatops-wait-${rule}`);
      expect(found?.EventPattern).toEqual(pattern);
      expect(found?.EventBusName).toBeUndefined();
      expect(found?.State).toBe('ENABLED');
    }
    const toMatcher = rules().filter(([, r]) =>
      r.Targets.some((t) => JSON.stringify(t.Arn) === JSON.stringify(arnOf(matcher))),
    );
    expect(toMatcher).toHaveLength(Object.keys(WAIT_EVENT_PATTERNS).length);
  });

  it('is the only target of each, retried for an hour, then dead-lettered', () => {
    for (const rule of Object.keys(WAIT_EVENT_PATTERNS)) {
      const [, found] = rules().find(([, r]) => r.Name === `WebappChatops-wait-${rule}`)!;
      expect(found.Targets).toEqual([
        expect.objectContaining({
          Arn: arnOf(matcher),
          RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: { Arn: arnOf(matcherDlq) },
        }),
      ]);
    }
  });

  it('may be invoked by exactly those rules, and retries a failed event twice within the hour', () => {
    const invokers = Object.values(synth.main.findResources('AWS::Lambda::Permission'))
      .filter((p) => JSON.stringify(p.Properties.FunctionName) === JSON.stringify(arnOf(matcher)))
      .map((p) => [p.Properties.Principal, p.Properties.SourceArn['Fn::GetAtt'][0]]);
    const ruleIds = rules()
      .filter(([, r]) => r.Name?.startsWith('WebappChatops-wait-') && r.EventPattern)
      .map(([id]) => ['events.amazonaws.com', id]);
    expect(invokers.sort()).toEqual(ruleIds.sort());
    synth.main.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: matcher },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 3600,
      DestinationConfig: { OnFailure: { Destination: arnOf(matcherDlq) } },
    });
  });

  it('runs briefly, with the table and the poll queue in its environment', () => {
    expect(props(matcher).Timeout).toBe(30);
    expect(props(matcher).Environment.Variables).toMatchObject({
      RUN_STATE_TABLE_NAME: { Ref: table },
      POLL_QUEUE_URL: { Ref: pollQueue },
    });
  });

  it('least privilege: items by key, task completion, one command look, the poll queue', () => {
    expect(grants(matcher)).toEqual(
      [
        `dynamodb:GetItem <${table}.Arn>`,
        `dynamodb:PutItem <${table}.Arn>`,
        `dynamodb:UpdateItem <${table}.Arn>`,
        ...MACHINES.map((m) => `states:SendTaskFailure ${m}`),
        ...MACHINES.map((m) => `states:SendTaskSuccess ${m}`),
        'ssm:GetCommandInvocation *',
        `sqs:SendMessage <${pollQueue}.Arn>`,
        // Its failed invocations, to its dead-letter queue (Lambda's destination).
        `sqs:GetQueueAttributes <${matcherDlq}.Arn>`,
        `sqs:GetQueueUrl <${matcherDlq}.Arn>`,
        `sqs:SendMessage <${matcherDlq}.Arn>`,
      ].sort(),
    );
  });
});

describe('the poller', () => {
  it('reads the poll queue in batches of 10, reporting failed records alone', () => {
    synth.main.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: arnOf(pollQueue),
      FunctionName: { Ref: poller },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('has an encrypted, TLS-only poll queue that hides a batch for 6 poller timeouts and dead-letters', () => {
    const queue = props(pollQueue);
    expect(queue.SqsManagedSseEnabled).toBe(true);
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * POLLER_TIMEOUT.toSeconds());
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * props(poller).Timeout);
    expect(queue.RedrivePolicy).toEqual({
      deadLetterTargetArn: arnOf(pollerDlq),
      maxReceiveCount: 3,
    });
    synth.main.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: pollQueue }],
      PolicyDocument: {
        Statement: [
          {
            Action: 'sqs:*',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            Resource: arnOf(pollQueue),
          },
        ],
      },
    });
  });

  it('sweeps every 5 minutes with {"kind":"sweep"}, a stale sweep dropped for the next', () => {
    const [, sweep] = rules().find(([, r]) => r.Name === 'WebappChatops-wait-sweep')!;
    expect(sweep.ScheduleExpression).toBe('rate(5 minutes)');
    expect(sweep.Targets).toEqual([
      expect.objectContaining({
        Arn: arnOf(poller),
        Input: JSON.stringify(SWEEP_INPUT),
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 300 },
        DeadLetterConfig: { Arn: arnOf(pollerDlq) },
      }),
    ]);
    expect(JSON.parse(sweep.Targets[0].Input!)).toEqual({ kind: 'sweep' });
    synth.main.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: poller },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 300,
      DestinationConfig: { OnFailure: { Destination: arnOf(pollerDlq) } },
    });
  });

  it('runs within a minute, with the table and the poll queue in its environment', () => {
    expect(props(poller).Timeout).toBe(60);
    expect(props(poller).Environment.Variables).toMatchObject({
      RUN_STATE_TABLE_NAME: { Ref: table },
      POLL_QUEUE_URL: { Ref: pollQueue },
    });
  });

  it('least privilege: the pending index, its lease, the batched looks, the configured clusters', () => {
    expect(grants(poller)).toEqual(
      [
        `dynamodb:DeleteItem <${table}.Arn>`,
        `dynamodb:GetItem <${table}.Arn>`,
        `dynamodb:PutItem <${table}.Arn>`,
        `dynamodb:UpdateItem <${table}.Arn>`,
        `dynamodb:Query <${table}.Arn>/index/pending-index`,
        ...MACHINES.map((m) => `states:SendTaskFailure ${m}`),
        ...MACHINES.map((m) => `states:SendTaskSuccess ${m}`),
        `rds:DescribeDBClusters ${CLUSTER('blog-db')}`,
        `rds:DescribeDBClusters ${CLUSTER('shop-db')}`,
        // No resource-level permissions exist for these.
        'ec2:DescribeInstanceStatus *',
        'ec2:DescribeInstances *',
        'elasticloadbalancing:DescribeTargetGroups *',
        'elasticloadbalancing:DescribeTargetHealth *',
        'ssm:GetCommandInvocation *',
        'ssm:ListCommandInvocations *',
        // Its own queue: read by the event source mapping, written by the chain.
        ...[
          'ChangeMessageVisibility',
          'DeleteMessage',
          'GetQueueAttributes',
          'GetQueueUrl',
          'ReceiveMessage',
          'SendMessage',
        ].map((a) => `sqs:${a} <${pollQueue}.Arn>`),
        `sqs:GetQueueAttributes <${pollerDlq}.Arn>`,
        `sqs:GetQueueUrl <${pollerDlq}.Arn>`,
        `sqs:SendMessage <${pollerDlq}.Arn>`,
      ].sort(),
    );
  });
});

describe('the waiting task functions', () => {
  const task = (name: string) => logicalId(synth.main, 'AWS::Lambda::Function', `Tasks${name}`);

  it('start poll chains (instance status, target health) and name the queue; the others do not', () => {
    for (const name of ['instancepower', 'targethealth']) {
      expect(grants(task(name))).toContain(`sqs:SendMessage <${pollQueue}.Arn>`);
      expect(props(task(name)).Environment.Variables.POLL_QUEUE_URL).toEqual({ Ref: pollQueue });
    }
    for (const name of ['preparerun', 'runscript', 'dbcluster', 'maintenancepage']) {
      expect(grants(task(name)).filter((g) => g.startsWith('sqs:'))).toEqual([]);
      expect(props(task(name)).Environment.Variables.POLL_QUEUE_URL).toBeUndefined();
    }
  });

  it('complete the waits they see done themselves; Prepare and the maintenance page do not', () => {
    for (const name of ['runscript', 'instancepower', 'dbcluster', 'targethealth']) {
      expect(grants(task(name)).filter((g) => g.startsWith('states:'))).toEqual(
        [
          ...MACHINES.map((m) => `states:SendTaskFailure ${m}`),
          ...MACHINES.map((m) => `states:SendTaskSuccess ${m}`),
        ].sort(),
      );
    }
    for (const name of ['preparerun', 'maintenancepage']) {
      expect(grants(task(name)).filter((g) => g.startsWith('states:'))).toEqual([]);
    }
  });

  it('read the target group’s health check settings to time the first poll', () => {
    expect(grants(task('targethealth'))).toContain('elasticloadbalancing:DescribeTargetGroups *');
  });
});

describe('the waits’ alarms and outputs', () => {
  it.each([
    ['matcher', () => matcherDlq, 'WaitMatcherDeadLetterQueueUrl'],
    ['poller', () => pollerDlq, 'WaitPollerDeadLetterQueueUrl'],
  ])('go off when the %s dead-letters something, and name its queue', (who, dlq, output) => {
    const [alarm] = Object.values(synth.main.findResources('AWS::CloudWatch::Alarm')).filter(
      (a) => a.Properties.AlarmName === `webapp-chatops-wait-${who}-dead-letters`,
    );
    expect(alarm.Properties).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Statistic: 'Maximum',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlq(), 'QueueName'] } }],
    });
    expect(alarm.Properties.AlarmDescription).toContain(output);
    synth.main.hasOutput(output, { Value: { Ref: dlq() } });
  });

  it('show on the dashboard', () => {
    const [dashboard] = Object.values(synth.main.findResources('AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    expect(body).toContain('Wait matcher and poller');
    expect(body).toContain('Poll queue');
  });
});

it('names rules within the 64 characters EventBridge allows, or refuses', () => {
  expect(waitRuleName('WebappChatops', 'command-status')).toBe('WebappChatops-wait-command-status');
  expect(() => waitRuleName('x'.repeat(50), 'command-status')).toThrow(/longer than 64/);
});

it('leaves no cdk-nag AwsSolutions finding unacknowledged (ids and tags)', () => {
  expect(nagViolations(synth, synth.stacks.main)).toEqual([]);
});
