import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Metric, METRICS_NAMESPACE, METRICS_SERVICE } from '../../observability/metric-names';

/** A metric name of the app's own metrics. */
export type AppMetricName = (typeof Metric)[keyof typeof Metric];

/**
 * Powertools Metrics writes its `service` default dimension into every dimension set it emits,
 * so each of the app's series carries `service` next to the dimensions its emitter adds.
 */
export const SERVICE_DIMENSION = 'service';

/** The dimension names `observability/metric-names.ts` documents beside its metrics. */
export const Dimension = {
  system: 'System',
  jobnet: 'Jobnet',
  outcome: 'Outcome',
  step: 'Step',
  function: 'Function',
  reason: 'Reason',
} as const;

/**
 * The dimensions each metric carries besides `service`, as the comments in
 * `observability/metric-names.ts` list them (a test holds the two equal). CloudWatch matches a
 * dimension set exactly, so a query that names one too few or too many finds nothing.
 */
export const METRIC_DIMENSIONS: Readonly<Record<AppMetricName, readonly string[]>> = {
  [Metric.runStarted]: [Dimension.system, Dimension.jobnet],
  [Metric.runEnded]: [Dimension.system, Dimension.jobnet, Dimension.outcome],
  [Metric.approvalWait]: [Dimension.jobnet],
  [Metric.stepDuration]: [Dimension.step],
  [Metric.notifierLag]: [],
  [Metric.slackRateLimited]: [Dimension.function],
  [Metric.slackRetries]: [Dimension.function],
  [Metric.botRefusals]: [Dimension.reason],
  [Metric.scheduledFirings]: [Dimension.outcome, Dimension.reason],
  [Metric.auditRecordsLost]: [],
};

export interface AppMetricOptions {
  /** e.g. `Sum`, `Average`, `p99`. */
  readonly statistic: string;
  /** @default 5 minutes */
  readonly period?: Duration;
  readonly label?: string;
}

/**
 * One series of an app metric, every dimension but `service` given a value: what an alarm
 * watches. Throws when the dimensions are not exactly the metric's, which would watch nothing.
 */
export function appMetric(
  name: AppMetricName,
  dimensions: Readonly<Record<string, string>>,
  options: AppMetricOptions,
): cloudwatch.Metric {
  const expected = [...METRIC_DIMENSIONS[name]].sort();
  const given = Object.keys(dimensions).sort();
  if (expected.join() !== given.join()) {
    throw new Error(
      `${name} carries dimensions [${expected.join(', ')}], not [${given.join(', ')}]`,
    );
  }
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { [SERVICE_DIMENSION]: METRICS_SERVICE, ...dimensions },
    statistic: options.statistic,
    period: options.period ?? Duration.minutes(5),
    label: options.label,
  });
}

/**
 * Every series of an app metric, whatever its dimension values (systems, steps, functions): a
 * SEARCH over the metric's exact dimension set, labelled by those values. For graphs only;
 * alarms cannot evaluate a SEARCH.
 */
export function appMetricSearch(
  name: AppMetricName,
  options: AppMetricOptions,
): cloudwatch.MathExpression {
  const period = options.period ?? Duration.minutes(5);
  const schema = [METRICS_NAMESPACE, ...METRIC_DIMENSIONS[name], SERVICE_DIMENSION].join(',');
  const query = `{${schema}} MetricName="${name}" ${SERVICE_DIMENSION}="${METRICS_SERVICE}"`;
  const byValues = METRIC_DIMENSIONS[name].map((dim) => `\${PROP('Dim.${dim}')}`).join(' ');
  return new cloudwatch.MathExpression({
    expression: `SEARCH('${query}', '${options.statistic}', ${period.toSeconds()})`,
    usingMetrics: {},
    period,
    label: options.label ?? byValues,
  });
}
