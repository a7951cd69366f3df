import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { parseConfig } from '../../config/load';
import { AlarmTopic } from '../../infra/observability/alarm-topic';
import { METRIC_DIMENSIONS } from '../../infra/observability/app-metrics';
import {
  Metric,
  METRICS_NAMESPACE,
  METRICS_SERVICE,
  RunOutcome,
} from '../../observability/metric-names';
import {
  exampleConfig,
  flatten,
  logicalId,
  nagViolations,
  synthApp,
  type SynthResult,
} from './synth-app';

const EMAILS = ['ops@example.com', 'oncall@example.org'];

let synth: SynthResult;
let withEmails: SynthResult;
beforeAll(() => {
  synth = synthApp();
  const config = exampleConfig();
  config.alarms = { emails: EMAILS };
  config.systems.push({
    ...config.systems[0],
    name: 'blog',
    dbClusterId: 'blog-db',
    maintenancePage: { ...config.systems[0].maintenancePage, priority: 2 },
  });
  withEmails = synthApp(config);
});

interface AlarmProps {
  AlarmName: string;
  AlarmDescription: string;
  AlarmActions: unknown[];
  Namespace?: string;
  MetricName?: string;
  Dimensions?: { Name: string; Value: unknown }[];
  Statistic?: string;
  Period?: number;
  Threshold: number;
  ComparisonOperator: string;
  EvaluationPeriods: number;
  TreatMissingData: string;
  Metrics?: {
    Id: string;
    Expression?: string;
    ReturnData?: boolean;
    MetricStat?: {
      Metric: { Namespace: string; MetricName: string; Dimensions: { Value: unknown }[] };
      Stat: string;
    };
  }[];
}

function alarms(template: Template): AlarmProps[] {
  return Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
    (alarm) => alarm.Properties as AlarmProps,
  );
}

function alarm(template: Template, name: string): AlarmProps {
  const found = alarms(template).find((a) => a.AlarmName === name);
  if (!found) throw new Error(`no alarm ${name}`);
  return found;
}

/** An alarm's dimensions as an object, references flattened. */
function dimensions(props: AlarmProps): Record<string, string> {
  return Object.fromEntries((props.Dimensions ?? []).map((d) => [d.Name, flatten(d.Value)]));
}

function withoutAlarms() {
  const { alarms: _alarms, ...config } = exampleConfig();
  return config;
}

function topic(template: Template): string {
  return logicalId(template, 'AWS::SNS::Topic', 'AlarmTopic');
}

describe('the alarms', () => {
  it('each notify the alarm topic once, with a description, and treat no data as fine', () => {
    for (const template of [synth.main, withEmails.main]) {
      const all = alarms(template);
      expect(all.length).toBeGreaterThan(0);
      for (const props of all) {
        expect(props.AlarmName).toMatch(/^webapp-chatops-/);
        expect(props.AlarmActions).toEqual([{ Ref: topic(template) }]);
        expect(props.TreatMissingData).toBe('notBreaching');
        expect(props.AlarmDescription.length).toBeGreaterThan(80);
        expect(props.AlarmDescription.length).toBeLessThanOrEqual(1024);
        expect(props).toMatchObject({
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          EvaluationPeriods: 1,
        });
      }
    }
  });

  it.each([
    ['failed', 'failed', RunOutcome.failed],
    ['timed out', 'timed-out', RunOutcome.timedOut],
  ])('go off when a run %s, per system and jobnet', (_what, slug, outcome) => {
    for (const system of ['shop', 'blog']) {
      for (const jobnet of ['stop', 'start']) {
        const props = alarm(withEmails.main, `webapp-chatops-run-${slug}-${system}-${jobnet}`);
        expect(props).toMatchObject({
          Namespace: METRICS_NAMESPACE,
          MetricName: Metric.runEnded,
          Statistic: 'Sum',
          Period: 300,
        });
        expect(dimensions(props)).toEqual({
          service: METRICS_SERVICE,
          System: system,
          Jobnet: jobnet,
          Outcome: outcome,
        });
        expect(props.AlarmDescription).toContain('Retry from failed step');
      }
    }
  });

  it('never go off on a decision or a success', () => {
    const watched = alarms(withEmails.main)
      .filter((a) => a.MetricName === Metric.runEnded)
      .map((a) => dimensions(a).Outcome);
    expect(new Set(watched)).toEqual(new Set([RunOutcome.failed, RunOutcome.timedOut]));
  });

  it('go off when Step Functions times out an execution of either jobnet', () => {
    for (const jobnet of ['Stop', 'Start']) {
      const machine = logicalId(synth.main, 'AWS::StepFunctions::StateMachine', `${jobnet}Jobnet`);
      const props = alarm(synth.main, `webapp-chatops-${jobnet.toLowerCase()}-execution-timed-out`);
      expect(props).toMatchObject({
        Namespace: 'AWS/States',
        MetricName: 'ExecutionsTimedOut',
        Statistic: 'Sum',
      });
      expect(props.Dimensions).toEqual([{ Name: 'StateMachineArn', Value: { Ref: machine } }]);
    }
  });

  it("go off when the notifier's dead-letter queue holds a message", () => {
    const dlq = logicalId(synth.main, 'AWS::SQS::Queue', 'ProgressDeadLetters');
    const props = alarm(synth.main, 'webapp-chatops-notifier-dead-letters');
    expect(props).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Statistic: 'Maximum',
    });
    expect(props.Dimensions).toEqual([
      { Name: 'QueueName', Value: { 'Fn::GetAtt': [dlq, 'QueueName'] } },
    ]);
  });

  it('go off when the bot function fails an invocation', () => {
    const bot = logicalId(synth.main, 'AWS::Lambda::Function', 'ChatOpsBotFunction');
    const props = alarm(synth.main, 'webapp-chatops-bot-errors');
    expect(props).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Statistic: 'Sum',
    });
    expect(props.Dimensions).toEqual([{ Name: 'FunctionName', Value: { Ref: bot } }]);
  });

  it('go off when any function of the app is throttled, each function watched once', () => {
    const throttled = alarms(synth.main).filter((a) => a.AlarmName.endsWith('-throttled'));
    const functions = throttled
      .flatMap((a) => a.Metrics ?? [])
      .filter((m) => m.MetricStat?.Metric.MetricName === 'Throttles');
    for (const m of functions) {
      expect(m.MetricStat).toMatchObject({ Metric: { Namespace: 'AWS/Lambda' }, Stat: 'Sum' });
    }
    const watched = functions.map((m) => flatten(m.MetricStat!.Metric.Dimensions[0].Value));
    const all = Object.keys(synth.main.findResources('AWS::Lambda::Function')).map(
      (id) => `<${id}>`,
    );
    expect(watched.sort()).toEqual(all.sort());
    for (const a of throttled) {
      expect(a.Metrics?.find((m) => m.ReturnData !== false)?.Expression).toBe(
        'SUM(FILL(METRICS(), 0))',
      );
    }
  });

  it('go off when Step Functions throttles either jobnet', () => {
    const props = alarm(synth.main, 'webapp-chatops-jobnets-throttled');
    const machines = (props.Metrics ?? [])
      .filter((m) => m.MetricStat)
      .map((m) => {
        expect(m.MetricStat).toMatchObject({
          Metric: { Namespace: 'AWS/States', MetricName: 'ExecutionThrottled' },
          Stat: 'Sum',
        });
        return flatten(m.MetricStat!.Metric.Dimensions[0].Value);
      });
    expect(machines.sort()).toEqual(
      ['Start', 'Stop'].map(
        (j) => `<${logicalId(synth.main, 'AWS::StepFunctions::StateMachine', `${j}Jobnet`)}>`,
      ),
    );
  });
});

describe('the alarm topic', () => {
  it('is encrypted with its own rotating key, which CloudWatch may use', () => {
    const key = logicalId(synth.main, 'AWS::KMS::Key', 'AlarmTopic');
    synth.main.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [key, 'Arn'] },
    });
    const keyProps = synth.main.toJSON().Resources[key].Properties;
    expect(keyProps.EnableKeyRotation).toBe(true);
    expect(keyProps.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      }),
    );
  });

  it("takes publishing over TLS only, and from this account's webapp-chatops alarms", () => {
    const [policy] = Object.values(synth.main.findResources('AWS::SNS::TopicPolicy'));
    const statements = policy.Properties.PolicyDocument.Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 'sns:Publish',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    const allow = statements.find((s: { Effect: string }) => s.Effect === 'Allow');
    expect(allow).toMatchObject({
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: { Ref: topic(synth.main) },
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    });
    expect(flatten(allow.Condition.ArnLike['aws:SourceArn'])).toBe(
      'arn:<AWS::Partition>:cloudwatch:<AWS::Region>:<AWS::AccountId>:alarm:webapp-chatops-*',
    );
  });

  it('subscribes each configured address by email', () => {
    for (const [template, emails] of [
      [synth.main, ['ops@example.com']],
      [withEmails.main, EMAILS],
    ] as const) {
      const subscriptions = Object.values(template.findResources('AWS::SNS::Subscription'));
      expect(subscriptions.map((s) => s.Properties)).toEqual(
        emails.map((address) => ({
          Protocol: 'email',
          Endpoint: address,
          TopicArn: { Ref: topic(template) },
        })),
      );
    }
  });

  it('subscribes no address when the configuration has no alarms section', () => {
    const stack = new Stack(new App(), 'Probe');
    new AlarmTopic(stack, 'AlarmTopic', { emails: parseConfig(withoutAlarms()).alarms.emails });
    Template.fromStack(stack).resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('is given as the AlarmTopicArn output', () => {
    synth.main.hasOutput('AlarmTopicArn', { Value: { Ref: topic(synth.main) } });
  });
});

describe('the dashboard', () => {
  let body: string;
  beforeAll(() => {
    const [dashboard] = Object.values(synth.main.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboard.Properties.DashboardName).toBe('webapp-chatops');
    body = flatten(dashboard.Properties.DashboardBody);
  });

  it('graphs every metric of the app, by its exact dimension set with service', () => {
    for (const name of Object.values(Metric)) {
      const dims = METRIC_DIMENSIONS[name];
      if (dims.length === 0) {
        expect(body).toContain(
          JSON.stringify([METRICS_NAMESPACE, name, 'service', METRICS_SERVICE]).slice(0, -1),
        );
      } else {
        expect(body).toContain(
          `SEARCH('{${[METRICS_NAMESPACE, ...dims, 'service'].join(',')}} MetricName=\\"${name}\\" service=\\"${METRICS_SERVICE}\\"'`,
        );
      }
    }
  });

  it("graphs the bot's errors and latency, the notifier's errors and its dead-letter queue", () => {
    const bot = logicalId(synth.main, 'AWS::Lambda::Function', 'ChatOpsBotFunction');
    const notifier = logicalId(synth.main, 'AWS::Lambda::Function', 'ProgressNotifierFunction');
    const dlq = logicalId(synth.main, 'AWS::SQS::Queue', 'ProgressDeadLetters');
    for (const metric of ['Errors', 'Duration']) {
      expect(body).toContain(`"AWS/Lambda","${metric}","FunctionName","<${bot}>"`);
    }
    expect(body).toMatch(/"stat":"p50"[^]*"stat":"p99"/);
    expect(body).toContain(`"AWS/Lambda","Errors","FunctionName","<${notifier}>"`);
    expect(body).toContain(
      `"AWS/SQS","ApproximateNumberOfMessagesVisible","QueueName","<${dlq}.QueueName>"`,
    );
  });

  it("graphs the state machines' failed, timed-out and aborted executions", () => {
    for (const jobnet of ['Stop', 'Start']) {
      const machine = logicalId(synth.main, 'AWS::StepFunctions::StateMachine', `${jobnet}Jobnet`);
      for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted']) {
        expect(body).toContain(`"AWS/States","${metric}","StateMachineArn","<${machine}>"`);
      }
    }
  });

  it('shows every alarm', () => {
    for (const id of Object.keys(synth.main.findResources('AWS::CloudWatch::Alarm'))) {
      expect(body).toContain(`<${id}.Arn>`);
    }
  });
});

it('leaves no cdk-nag AwsSolutions finding unacknowledged with alarm emails and two systems', () => {
  expect(nagViolations(withEmails, withEmails.stacks.main)).toEqual([]);
});
