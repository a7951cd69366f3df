import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { JobnetName } from '../../contract/jobnets';
import { Metric, RunOutcome } from '../../observability/metric-names';
import { ALARM_NAME_PREFIX, STATE_MACHINE_NAMES } from '../names';
import { appMetric, Dimension } from './app-metrics';

export interface AlarmsProps {
  /** Where every alarm sends its notification. */
  readonly topic: sns.ITopic;
  /** The configured systems' names: the `System` values of RunEnded. */
  readonly systems: readonly string[];
  /** The jobnets by name: their names are the `Jobnet` values of RunEnded. */
  readonly stateMachines: Readonly<Record<JobnetName, sfn.IStateMachine>>;
  readonly bot: lambda.IFunction;
  readonly notifierDeadLetters: sqs.IQueue;
  /** Firings of the schedules that did not start their run. */
  readonly scheduleDeadLetters: sqs.IQueue;
  /** What the wait matcher and the poller could not handle, after their retries. */
  readonly waitDeadLetters: Readonly<Record<'matcher' | 'poller', sqs.IQueue>>;
  /**
   * Every function of the app in groups, by a kebab-case group name; one throttling alarm per
   * group, since an alarm's metric math may read at most 10 metrics.
   */
  readonly functionGroups: Readonly<Record<string, readonly lambda.IFunction[]>>;
}

/** CloudWatch's limit on the metrics one metric-math alarm reads. */
export const MAX_METRICS_PER_ALARM = 10;

const PERIOD = Duration.minutes(5);

/** What the app's failed-run alarms tell people to do: the thread has the whole story. */
const FIX_AND_RETRY =
  "Open the run's thread in the Slack channel and read the failure reply: the step, its error and the command output. Fix the cause, then click Retry from failed step in the thread (or start a new run).";

/**
 * The app's alarms, each notifying the alarm topic: a jobnet run failed or timed out, progress
 * updates piled up in the notifier's dead-letter queue, a scheduled firing did not start its
 * run, the wait matcher or the poller gave up on an event, a poll or a sweep, the bot failed
 * requests, and AWS
 * throttled the functions or the state machines. Each goes off on one occurrence in 5 minutes;
 * no data means nothing happened, which is fine. Decisions (a rejected or expired approval) are
 * outcomes of their own, not failures, and raise nothing.
 */
export class Alarms extends Construct {
  readonly all: cloudwatch.Alarm[] = [];
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.action = new SnsAction(props.topic);

    const jobnets = Object.keys(props.stateMachines) as JobnetName[];
    for (const system of props.systems) {
      for (const jobnet of jobnets) {
        this.runEnded(system, jobnet, RunOutcome.failed, 'failed');
        this.runEnded(system, jobnet, RunOutcome.timedOut, 'timed out');
      }
    }
    for (const jobnet of jobnets) {
      const name = STATE_MACHINE_NAMES[jobnet];
      this.watch(`${jobnet}-execution-timed-out`, {
        metric: props.stateMachines[jobnet].metricTimedOut({ period: PERIOD, statistic: 'Sum' }),
        description: `An execution of the state machine ${name} timed out (AWS/States ExecutionsTimedOut). Step Functions stopped it wherever it was, so a system may be half stopped or half started. Find the execution in the Step Functions console or in the log group /aws/vendedlogs/states/${name}, see which step it stopped at and check that resource, then click Retry from failed step in the run's Slack thread.`,
      });
    }

    this.watch('notifier-dead-letters', {
      metric: props.notifierDeadLetters.metricApproximateNumberOfMessagesVisible({
        period: PERIOD,
        statistic: 'Maximum',
      }),
      description:
        "Progress updates the notifier could not deliver to Slack are in its dead-letter queue (SQS ApproximateNumberOfMessagesVisible of the NotifierDeadLetterQueueUrl queue), so a run's Slack thread may be behind. Read the notifier's log group for why (Slack unreachable, a revoked token, the bot not in the channel) and fix it. A run's next event re-renders its whole checklist; only a run whose last event was lost needs it re-sent: receive the message, invoke the notifier with its event (README, Operating it), then delete the message. The alarm clears when the queue is empty.",
    });

    this.watch('schedule-dead-letters', {
      metric: props.scheduleDeadLetters.metricApproximateNumberOfMessagesVisible({
        period: PERIOD,
        statistic: 'Maximum',
      }),
      description:
        "A schedule fired but its run did not start: the firing is in the schedule dead-letter queue (SQS ApproximateNumberOfMessagesVisible of the ScheduleDeadLetterQueueUrl queue). Either EventBridge Scheduler could not invoke the starter within 15 minutes, or the starter failed three times. Receive the message: it names the system and the schedule (or one-off) and the scheduled time. Read the starter's log group for why, fix it, start the run by hand with /webapp if it is still wanted, then delete the message. The alarm clears when the queue is empty.",
    });

    this.watch('wait-matcher-dead-letters', {
      metric: deadLetterDepth(props.waitDeadLetters.matcher),
      description:
        "An AWS event that completes a jobnet's wait (an instance stopped or running, a command finished, a cluster stopped or available, a backup completed) could not be handled: it is in the wait matcher's dead-letter queue (SQS ApproximateNumberOfMessagesVisible of the WaitMatcherDeadLetterQueueUrl queue). The sweep looks for such waits every 5 minutes, so the run usually goes on; if it does not, the poller's log says why. Read the matcher's log group for the error, fix it, then delete the message. The alarm clears when the queue is empty.",
    });

    this.watch('wait-poller-dead-letters', {
      metric: deadLetterDepth(props.waitDeadLetters.poller),
      description:
        "A poll of a run's waits (status checks, target health) or a sweep failed three times: it is in the wait poller's dead-letter queue (SQS ApproximateNumberOfMessagesVisible of the WaitPollerDeadLetterQueueUrl queue). The next sweep starts a new poll chain for a run still waiting, so waits end late rather than never, unless the poller keeps failing. Read the poller's log group for the error (AccessDenied, throttling, a deleted target group) and fix it, then delete the message. A run whose wait timed out meanwhile is retried from its Slack thread. The alarm clears when the queue is empty.",
    });

    this.watch('bot-errors', {
      metric: props.bot.metricErrors({ period: PERIOD, statistic: 'Sum' }),
      description:
        'The Slack bot function failed invocations (AWS/Lambda Errors): a /webapp command or a button click got an error or no answer in Slack. Read the bot function log group (WebappChatops-ChatOpsBotLogs…) for the error and the request it belongs to; after a deploy, check the configuration and the Slack secret.',
    });

    for (const [group, functions] of Object.entries(props.functionGroups)) {
      this.watch(`${group}-throttled`, {
        metric: sumOf(
          functions.map((fn) => fn.metricThrottles({ period: PERIOD, statistic: 'Sum' })),
          `Throttles of the ${group} functions`,
        ),
        description: `Lambda throttled invocations of the ${group} functions (AWS/Lambda Throttles, summed): the account's or a function's concurrency limit was reached. A throttled jobnet task is retried by its state machine; a throttled bot request gets a late answer in Slack or none. Check the account's concurrent executions in the Lambda console and what else runs in the account; if it recurs, ask for a higher concurrency quota in Service Quotas.`,
      });
    }
    this.watch('audit-records-lost', {
      metric: appMetric(Metric.auditRecordsLost, {}, { statistic: 'Sum', period: PERIOD }),
      description: `An audit record was not written to the audit log group (${Metric.auditRecordsLost}): the action it describes happened, and the record is in full in the writing function's own log ("Audit record not written"). Check that the audit log group exists and the function may write to it; copy the record into the audit log group if an auditor needs it there.`,
    });
    this.watch('jobnets-throttled', {
      metric: sumOf(
        jobnets.map((jobnet) =>
          props.stateMachines[jobnet].metricThrottled({ period: PERIOD, statistic: 'Sum' }),
        ),
        'ExecutionThrottled of the jobnets',
      ),
      description:
        "Step Functions throttled state transitions of the jobnets (AWS/States ExecutionThrottled, summed): the account's Step Functions quotas were reached, so runs advance late. Check what else uses Step Functions in the account and region; if a run failed meanwhile, click Retry from failed step in its Slack thread.",
    });
  }

  private runEnded(system: string, jobnet: JobnetName, outcome: string, what: string): void {
    const slug = what.replace(' ', '-');
    this.watch(`run-${slug}-${system}-${jobnet}`, {
      metric: appMetric(
        Metric.runEnded,
        { [Dimension.system]: system, [Dimension.jobnet]: jobnet, [Dimension.outcome]: outcome },
        { statistic: 'Sum', period: PERIOD },
      ),
      description: `A ${jobnet} run of ${system} ${what} (${Metric.runEnded} with Outcome=${outcome}). ${FIX_AND_RETRY}`,
    });
  }

  private watch(name: string, props: { metric: cloudwatch.IMetric; description: string }): void {
    const alarm = new cloudwatch.Alarm(this, name, {
      alarmName: `${ALARM_NAME_PREFIX}${name}`,
      alarmDescription: props.description,
      metric: props.metric,
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    this.all.push(alarm);
  }
}

/** Messages waiting in a dead-letter queue. */
function deadLetterDepth(queue: sqs.IQueue): cloudwatch.IMetric {
  return queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' });
}

/**
 * The sum of several series, a missing point counting as 0 (plain `a + b` has no point where
 * either has none, and would hide a throttle of one function behind the quiet of another).
 */
function sumOf(metrics: cloudwatch.IMetric[], label: string): cloudwatch.MathExpression {
  if (metrics.length > MAX_METRICS_PER_ALARM) {
    throw new Error(
      `${label}: ${metrics.length} metrics, but one alarm may read at most ${MAX_METRICS_PER_ALARM}; split the group`,
    );
  }
  return new cloudwatch.MathExpression({
    expression: 'SUM(FILL(METRICS(), 0))',
    usingMetrics: Object.fromEntries(metrics.map((metric, i) => [`m${i}`, metric])),
    period: PERIOD,
    label,
  });
}
