import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import {
  appMetric,
  appMetricSearch,
  METRIC_DIMENSIONS,
} from '../../infra/observability/app-metrics';
import { Alarms, MAX_METRICS_PER_ALARM } from '../../infra/observability/alarms';
import { Metric } from '../../observability/metric-names';

const METRIC_NAMES_FILE = join(__dirname, '..', '..', 'observability', 'metric-names.ts');

/**
 * The dimensions each metric's doc comment in `observability/metric-names.ts` lists:
 * "Dims: System, Jobnet, Outcome (see RunOutcome)." or "No extra dims.".
 */
function documentedDimensions(): Record<string, string[]> {
  const source = readFileSync(METRIC_NAMES_FILE, 'utf8');
  // Only the Metric object: other catalogues in the file have doc comments of their own.
  const block = /export const Metric = \{([^]*?)\n\} as const;/.exec(source)?.[1];
  if (!block) throw new Error('no `export const Metric = { … } as const;` in metric-names.ts');
  const documented: Record<string, string[]> = {};
  for (const [, comment, name] of block.matchAll(
    /\/\*\*((?:(?!\*\/)[^])*)\*\/\s*\w+:\s*'(\w+)'/g,
  )) {
    if (/No extra dims/.test(comment)) {
      documented[name] = [];
      continue;
    }
    const listed = /Dims: ([^.]+)\./.exec(comment);
    if (!listed) throw new Error(`${name}: its comment lists no dimensions`);
    documented[name] = listed[1].split(',').map((dim) => dim.trim().split(/\s/)[0]);
  }
  return documented;
}

it('names, for every metric, the dimensions metric-names.ts documents beside it', () => {
  const documented = documentedDimensions();
  expect(Object.keys(documented).sort()).toEqual(Object.values(Metric).sort());
  expect(METRIC_DIMENSIONS).toEqual(documented);
});

it('refuses an alarm series without exactly the dimensions the metric carries', () => {
  expect(() =>
    appMetric(Metric.runEnded, { System: 'shop', Jobnet: 'stop' }, { statistic: 'Sum' }),
  ).toThrow('RunEnded carries dimensions [Jobnet, Outcome, System], not [Jobnet, System]');
  expect(() => appMetric(Metric.notifierLag, {}, { statistic: 'p99' })).not.toThrow();
});

it('searches the exact dimension set, with service, labelled by the dimension values', () => {
  const search = appMetricSearch(Metric.runEnded, { statistic: 'Sum' });
  expect(search.expression).toBe(
    `SEARCH('{WebappChatops,System,Jobnet,Outcome,service} MetricName="RunEnded" service="webapp-chatops"', 'Sum', 300)`,
  );
  expect(search.label).toBe("${PROP('Dim.System')} ${PROP('Dim.Jobnet')} ${PROP('Dim.Outcome')}");
});

it('refuses a throttling group larger than one alarm may read', () => {
  const stack = new Stack(new App(), 'Probe', {
    env: { account: '123456789012', region: 'us-east-1' },
  });
  const fn = (i: number) => lambda.Function.fromFunctionName(stack, `Fn${i}`, `fn-${i}`);
  const machine = (name: string) => sfn.StateMachine.fromStateMachineName(stack, name, name);
  const props = {
    topic: sns.Topic.fromTopicArn(stack, 'Topic', 'arn:aws:sns:us-east-1:123456789012:alarms'),
    systems: ['shop'],
    stateMachines: { stop: machine('stop'), start: machine('start') },
    bot: fn(0),
    notifierDeadLetters: sqs.Queue.fromQueueArn(
      stack,
      'Dlq',
      'arn:aws:sqs:us-east-1:123456789012:dlq',
    ),
    scheduleDeadLetters: sqs.Queue.fromQueueArn(
      stack,
      'ScheduleDlq',
      'arn:aws:sqs:us-east-1:123456789012:schedule-dlq',
    ),
    waitDeadLetters: {
      matcher: sqs.Queue.fromQueueArn(stack, 'MatcherDlq', 'arn:aws:sqs:us-east-1:123456789012:m'),
      poller: sqs.Queue.fromQueueArn(stack, 'PollerDlq', 'arn:aws:sqs:us-east-1:123456789012:p'),
    },
  };
  const functions = Array.from({ length: MAX_METRICS_PER_ALARM + 1 }, (_, i) => fn(i + 1));
  expect(
    () => new Alarms(stack, 'TooMany', { ...props, functionGroups: { all: functions } }),
  ).toThrow(/11 metrics, but one alarm may read at most 10/);
  expect(
    () =>
      new Alarms(stack, 'Split', {
        ...props,
        functionGroups: { some: functions.slice(0, 10), rest: functions.slice(10) },
      }),
  ).not.toThrow();
});
