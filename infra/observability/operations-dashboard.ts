import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { JobnetName } from '../../contract/jobnets';
import { Metric } from '../../observability/metric-names';
import { DASHBOARD_NAME } from '../names';
import { appMetric, appMetricSearch } from './app-metrics';

export interface OperationsDashboardProps {
  readonly stateMachines: Readonly<Record<JobnetName, sfn.IStateMachine>>;
  readonly bot: lambda.IFunction;
  readonly notifier: lambda.IFunction;
  readonly notifierDeadLetters: sqs.IQueue;
  /** The scheduled-run starter and the dead-letter queue of its firings. */
  readonly starter: lambda.IFunction;
  readonly scheduleDeadLetters: sqs.IQueue;
  /** The event-driven waits: the matcher, the poller, the poll queue and their dead letters. */
  readonly waits: {
    readonly matcher: lambda.IFunction;
    readonly poller: lambda.IFunction;
    readonly pollQueue: sqs.IQueue;
    readonly deadLetters: Readonly<Record<'matcher' | 'poller', sqs.IQueue>>;
  };
  /** Shown in one status widget at the top. */
  readonly alarms: readonly cloudwatch.IAlarm[];
}

/** Runs are rare: per hour reads better than a few lone points per 5 minutes. */
const RUN_PERIOD = Duration.hours(1);

/**
 * The app's CloudWatch dashboard: the alarms, then one row each for runs, steps and
 * executions, the event-driven waits, the progress notifier, the bot with its Slack calls, and
 * the scheduled runs. Graphs of the app's own
 * metrics SEARCH by dimension set, so a new system, step or reason shows up without a deploy.
 */
export class OperationsDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    const jobnets = Object.keys(props.stateMachines) as JobnetName[];
    const graph = (title: string, left: cloudwatch.IMetric[], width: number) =>
      new cloudwatch.GraphWidget({ title, left, width, height: 6 });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: DASHBOARD_NAME,
      defaultInterval: Duration.days(7),
    });
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({
        title: 'Alarms',
        alarms: [...props.alarms],
        width: 24,
        height: 4,
      }),
    );

    this.dashboard.addWidgets(
      graph(
        'Runs started, per hour',
        [appMetricSearch(Metric.runStarted, { statistic: 'Sum', period: RUN_PERIOD })],
        8,
      ),
      graph(
        'Runs ended by outcome, per hour (Rejected and Expired are decisions)',
        [appMetricSearch(Metric.runEnded, { statistic: 'Sum', period: RUN_PERIOD })],
        8,
      ),
      graph(
        'Approval wait (seconds from request to decision)',
        [
          appMetricSearch(Metric.approvalWait, {
            statistic: 'p50',
            label: "${PROP('Dim.Jobnet')} p50",
          }),
          appMetricSearch(Metric.approvalWait, {
            statistic: 'Maximum',
            label: "${PROP('Dim.Jobnet')} max",
          }),
        ],
        8,
      ),
    );

    this.dashboard.addWidgets(
      graph(
        'Step duration, average (seconds)',
        [appMetricSearch(Metric.stepDuration, { statistic: 'Average' })],
        8,
      ),
      graph(
        'Step duration, maximum (seconds)',
        [appMetricSearch(Metric.stepDuration, { statistic: 'Maximum' })],
        8,
      ),
      graph(
        'Executions failed, timed out, aborted (AWS/States; failed counts rejections too)',
        jobnets.flatMap((jobnet) => {
          const machine = props.stateMachines[jobnet];
          return [
            machine.metricFailed({ statistic: 'Sum', label: `${jobnet} failed` }),
            machine.metricTimedOut({ statistic: 'Sum', label: `${jobnet} timed out` }),
            machine.metricAborted({ statistic: 'Sum', label: `${jobnet} aborted` }),
          ];
        }),
        8,
      ),
    );

    const { waits } = props;
    this.dashboard.addWidgets(
      graph(
        'Wait matcher and poller: invocations and errors',
        [
          waits.matcher.metricInvocations({ statistic: 'Sum', label: 'matcher invocations' }),
          waits.matcher.metricErrors({ statistic: 'Sum', label: 'matcher errors' }),
          waits.poller.metricInvocations({ statistic: 'Sum', label: 'poller invocations' }),
          waits.poller.metricErrors({ statistic: 'Sum', label: 'poller errors' }),
        ],
        8,
      ),
      graph(
        'Poll queue (delayed polls of running waits)',
        [
          waits.pollQueue.metricApproximateNumberOfMessagesVisible({
            statistic: 'Maximum',
            label: 'visible',
          }),
          waits.pollQueue.metricApproximateNumberOfMessagesNotVisible({
            statistic: 'Maximum',
            label: 'in flight',
          }),
        ],
        8,
      ),
      graph(
        'Wait dead-letter queues (events, polls and sweeps given up)',
        [
          waits.deadLetters.matcher.metricApproximateNumberOfMessagesVisible({
            statistic: 'Maximum',
            label: 'matcher',
          }),
          waits.deadLetters.poller.metricApproximateNumberOfMessagesVisible({
            statistic: 'Maximum',
            label: 'poller',
          }),
        ],
        8,
      ),
    );

    const lag = (statistic: string, label: string) =>
      appMetric(Metric.notifierLag, {}, { statistic, label });
    this.dashboard.addWidgets(
      graph(
        'Notifier lag (seconds from the AWS state change to the Slack edit)',
        [lag('p50', 'p50'), lag('p99', 'p99'), lag('Maximum', 'max')],
        8,
      ),
      graph(
        'Notifier errors (failed invocations, retried)',
        [props.notifier.metricErrors({ statistic: 'Sum', label: 'errors' })],
        8,
      ),
      graph(
        'Notifier dead-letter queue (undelivered progress updates)',
        [
          props.notifierDeadLetters.metricApproximateNumberOfMessagesVisible({
            statistic: 'Maximum',
            label: 'messages',
          }),
        ],
        8,
      ),
    );

    this.dashboard.addWidgets(
      graph('Bot errors', [props.bot.metricErrors({ statistic: 'Sum', label: 'errors' })], 6),
      graph(
        'Bot duration (ms)',
        [
          props.bot.metricDuration({ statistic: 'p50', label: 'p50' }),
          props.bot.metricDuration({ statistic: 'p99', label: 'p99' }),
        ],
        6,
      ),
      graph(
        'Bot refusals by reason',
        [appMetricSearch(Metric.botRefusals, { statistic: 'Sum' })],
        6,
      ),
      graph(
        'Slack 429s and retries, by function',
        [
          appMetricSearch(Metric.slackRateLimited, {
            statistic: 'Sum',
            label: "429 ${PROP('Dim.Function')}",
          }),
          appMetricSearch(Metric.slackRetries, {
            statistic: 'Sum',
            label: "retry ${PROP('Dim.Function')}",
          }),
        ],
        6,
      ),
    );

    this.dashboard.addWidgets(
      graph(
        'Scheduled firings by outcome (started, skipped and why, duplicate)',
        [appMetricSearch(Metric.scheduledFirings, { statistic: 'Sum', period: RUN_PERIOD })],
        6,
      ),
      graph(
        'Audit records lost (written to the function log instead)',
        [appMetric(Metric.auditRecordsLost, {}, { statistic: 'Sum', label: 'records' })],
        6,
      ),
      graph(
        'Starter errors (failed invocations, retried)',
        [props.starter.metricErrors({ statistic: 'Sum', label: 'errors' })],
        6,
      ),
      graph(
        'Schedule dead-letter queue (firings that started no run)',
        [
          props.scheduleDeadLetters.metricApproximateNumberOfMessagesVisible({
            statistic: 'Maximum',
            label: 'messages',
          }),
        ],
        6,
      ),
    );
  }
}
