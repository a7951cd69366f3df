import { Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EVENT_RETRY_POLICY, eventRuleDeployments } from '../../config/trigger-deployment';
import type { AppConfig } from '../../config/schema';

export interface EventTriggersProps {
  /** The validated configuration: each system's triggers become rules. */
  readonly config: AppConfig;
  /** The scheduled-run starter, which starts an event's run as it does a schedule's. */
  readonly starter: lambda.Function;
  /** The schedules' dead-letter queue: an event whose retries are spent ends there too. */
  readonly deadLetters: sqs.Queue;
}

const EVENTS = 'events.amazonaws.com';

/**
 * Event-triggered runs: one EventBridge rule per configured trigger on the account's default
 * bus, named `<stack>-<system>-<trigger>`, matching the trigger's pattern and invoking the
 * starter with `{"kind":"event","system","trigger","event":<the event>}` (the rules the local
 * mode runs are built by the same config/trigger-deployment.ts). Like a schedule, a rule tries
 * the starter 3 more times within 15 minutes and then sends the event to the dead-letter queue.
 * The starter may be invoked only by these rules, and the queue takes messages only from them.
 */
export class EventTriggers extends Construct {
  readonly rules: events.CfnRule[] = [];

  constructor(scope: Construct, id: string, props: EventTriggersProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const deployments = eventRuleDeployments(props.config, stack.stackName);
    for (const d of deployments) {
      const ruleId = `${d.system}-${d.trigger}`;
      const rule = new events.CfnRule(this, ruleId, {
        name: d.name,
        description: d.description,
        eventPattern: d.pattern,
        state: 'ENABLED',
        targets: [
          {
            id: 'scheduled-run-starter',
            arn: props.starter.functionArn,
            inputTransformer: { inputTemplate: d.inputTemplate },
            retryPolicy: {
              maximumRetryAttempts: EVENT_RETRY_POLICY.MaximumRetryAttempts,
              maximumEventAgeInSeconds: EVENT_RETRY_POLICY.MaximumEventAgeInSeconds,
            },
            deadLetterConfig: { arn: props.deadLetters.queueArn },
          },
        ],
      });
      this.rules.push(rule);
      new lambda.CfnPermission(this, `${ruleId}-invoke`, {
        action: 'lambda:InvokeFunction',
        functionName: props.starter.functionArn,
        principal: EVENTS,
        sourceArn: rule.attrArn,
        sourceAccount: stack.account,
      });
    }
    if (this.rules.length === 0) return;

    props.deadLetters.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'TriggerRulesDeadLetters',
        principals: [new iam.ServicePrincipal(EVENTS)],
        actions: ['sqs:SendMessage'],
        resources: [props.deadLetters.queueArn],
        conditions: { ArnEquals: { 'aws:SourceArn': this.rules.map((rule) => rule.attrArn) } },
      }),
    );
    // The root message links a custom event's rule in the EventBridge console.
    props.starter.addEnvironment('EVENT_RULE_PREFIX', stack.stackName);
  }
}
