import { App, Stack } from 'aws-cdk-lib';
import { parseConfig } from '../../config/load';
import { eventInputTemplate, eventRuleDeployments } from '../../config/trigger-deployment';
import { triggerPattern } from '../../config/triggers-schema';
import { flatten, logicalId, nagViolations, synthApp, type SynthResult } from './synth-app';
import { exampleConfig } from './synth-app';
import type { AppConfigInput } from '../../config/schema';

/** The example with a second trigger given as a JSON string (a custom event), unless-held. */
function triggeredConfig(): AppConfigInput {
  const config = exampleConfig();
  config.systems[0] = {
    ...config.systems[0],
    triggers: [
      ...(config.systems[0].triggers ?? []),
      {
        name: 'deploy-failed',
        jobnet: 'stop',
        pattern: '{"source":["shop.deploy"],"detail-type":["Deploy Failed"]}',
        approval: 'unless-held',
      },
    ],
  };
  return config;
}

/** The example without triggers. */
function untriggeredConfig(): AppConfigInput {
  const config = exampleConfig();
  config.systems = config.systems.map(({ triggers: _triggers, ...system }) => system);
  return config;
}

let synth: SynthResult;
let plain: SynthResult;
beforeAll(() => {
  synth = synthApp(triggeredConfig());
  plain = synthApp(untriggeredConfig());
});

const rulesOf = (s: SynthResult) =>
  Object.entries(s.main.findResources('AWS::Events::Rule')) as [string, { Properties: Rule }][];
interface Rule {
  Name: string;
  EventPattern: unknown;
  State: string;
  EventBusName?: string;
  Targets: {
    Arn: unknown;
    InputTransformer: { InputTemplate: string; InputPathsMap?: unknown };
    RetryPolicy: unknown;
    DeadLetterConfig: { Arn: unknown };
  }[];
}
const starter = (s: SynthResult) =>
  logicalId(s.main, 'AWS::Lambda::Function', 'ScheduledStarterFunction');
const dlq = (s: SynthResult) => logicalId(s.main, 'AWS::SQS::Queue', 'ScheduledDeadLetters');

describe('event triggers in the stack', () => {
  it('one rule per trigger on the default bus, named <stack>-<system>-<trigger>, its pattern the configured one', () => {
    const config = parseConfig(triggeredConfig());
    const rules = rulesOf(synth)
      .map(([, r]) => r.Properties)
      .filter((r) => r.Name?.startsWith('WebappChatops-shop-'));
    expect(rules.map((r) => r.Name)).toEqual([
      'WebappChatops-shop-alarm-5xx',
      'WebappChatops-shop-deploy-failed',
    ]);
    expect(rules.map((r) => r.EventPattern)).toEqual(
      config.systems[0].triggers.map(triggerPattern),
    );
    expect(rules.map((r) => [r.State, r.EventBusName])).toEqual([
      ['ENABLED', undefined],
      ['ENABLED', undefined],
    ]);
  });

  it('targets the starter with the event whole, retried as schedules are, then dead-lettered', () => {
    const [alarm] = rulesOf(synth).filter(
      ([, r]) => r.Properties.Name === 'WebappChatops-shop-alarm-5xx',
    );
    const [target, ...others] = alarm[1].Properties.Targets;
    expect(others).toEqual([]);
    expect(flatten(target.Arn)).toBe(`<${starter(synth)}.Arn>`);
    expect(target.InputTransformer).toEqual({
      InputTemplate:
        '{"kind":"event","system":"shop","trigger":"alarm-5xx","event":<aws.events.event.json>}',
    });
    expect(target.InputTransformer.InputTemplate).toBe(eventInputTemplate('shop', 'alarm-5xx'));
    expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 900 });
    expect(flatten(target.DeadLetterConfig.Arn)).toBe(`<${dlq(synth)}.Arn>`);
  });

  it('lets only these rules invoke the starter, and send to the dead-letter queue', () => {
    const ruleIds = rulesOf(synth)
      .filter(([, r]) => r.Properties.Name?.startsWith('WebappChatops-shop-'))
      .map(([id]) => id);
    const permissions = Object.values(synth.main.findResources('AWS::Lambda::Permission'))
      .map((p) => p.Properties)
      .filter(
        (p) =>
          p.Principal === 'events.amazonaws.com' &&
          flatten(p.FunctionName) === `<${starter(synth)}.Arn>`,
      );
    expect(permissions.map((p) => [flatten(p.FunctionName), flatten(p.SourceArn)])).toEqual(
      ruleIds.map((id) => [`<${starter(synth)}.Arn>`, `<${id}.Arn>`]),
    );
    expect(permissions.every((p) => p.Action === 'lambda:InvokeFunction')).toBe(true);

    const policy = Object.values(synth.main.findResources('AWS::SQS::QueuePolicy')).find(
      (p) => (p.Properties.Queues as { Ref: string }[])[0].Ref === dlq(synth),
    );
    const statement = (
      policy?.Properties.PolicyDocument.Statement as Record<string, unknown>[]
    ).find((s) => s.Sid === 'TriggerRulesDeadLetters');
    expect(statement).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sqs:SendMessage',
    });
    expect(flatten(statement?.Resource)).toBe(`<${dlq(synth)}.Arn>`);
    const sources = (statement?.Condition as { ArnEquals: { 'aws:SourceArn': unknown[] } })
      .ArnEquals['aws:SourceArn'];
    expect(sources.map(flatten)).toEqual(ruleIds.map((id) => `<${id}.Arn>`));
  });

  it('tells the starter the rules’ prefix, so a custom event’s root message links its rule', () => {
    const fn = synth.main.findResources('AWS::Lambda::Function')[starter(synth)];
    expect(fn.Properties.Environment.Variables.EVENT_RULE_PREFIX).toBe('WebappChatops');
  });

  it('deploys no rule, permission or queue grant without triggers', () => {
    expect(
      rulesOf(plain).filter(([, r]) => r.Properties.Name?.startsWith('WebappChatops-shop-')),
    ).toEqual([]);
    const permissions = Object.values(plain.main.findResources('AWS::Lambda::Permission')).filter(
      (p) =>
        p.Properties.Principal === 'events.amazonaws.com' &&
        flatten(p.Properties.FunctionName).includes(starter(plain)),
    );
    expect(permissions).toEqual([]);
    const fn = plain.main.findResources('AWS::Lambda::Function')[starter(plain)];
    expect(fn.Properties.Environment.Variables.EVENT_RULE_PREFIX).toBeUndefined();
  });

  it('passes cdk-nag with no unacknowledged finding', () => {
    expect(nagViolations(synth, synth.stacks.main)).toEqual([]);
  });

  it('refuses a rule name longer than EventBridge allows, naming the trigger', () => {
    const config = parseConfig(triggeredConfig());
    expect(() => eventRuleDeployments(config, 'A'.repeat(50))).toThrow(
      /systems shop, trigger alarm-5xx: the rule name A+-shop-alarm-5xx is longer than EventBridge's 64 characters/,
    );
    const stack = new Stack(new App(), 'X');
    expect(eventRuleDeployments(config, stack.stackName).map((d) => d.name)).toEqual([
      'X-shop-alarm-5xx',
      'X-shop-deploy-failed',
    ]);
  });
});
