import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { MetricUnit as Unit } from '@aws-lambda-powertools/metrics/types';
import {
  Metric,
  type RefusalReasonName,
  type RunOutcomeName,
  type SlackFunctionName,
} from './metric-names';

/**
 * Sends a metric with its own dimensions at once. Powertools gives every metric stored for one
 * flush the same dimensions, so a metric whose dimensions differ from the invocation's goes out
 * on its own.
 */
function emit(
  metrics: Metrics,
  name: string,
  unit: Unit,
  value: number,
  dimensions: Record<string, string>,
): void {
  metrics.singleMetric().addDimensions(dimensions).addMetric(name, unit, value);
}

/** A run was started. */
export function countRunStarted(metrics: Metrics, run: { system: string; jobnet: string }): void {
  emit(metrics, Metric.runStarted, MetricUnit.Count, 1, { System: run.system, Jobnet: run.jobnet });
}

/** A run's attempt ended and its summary was posted. */
export function countRunEnded(
  metrics: Metrics,
  run: { system: string; jobnet: string; outcome: RunOutcomeName },
): void {
  emit(metrics, Metric.runEnded, MetricUnit.Count, 1, {
    System: run.system,
    Jobnet: run.jobnet,
    Outcome: run.outcome,
  });
}

/** How long an approval waited for the click that decided it. */
export function recordApprovalWait(metrics: Metrics, jobnet: string, seconds: number): void {
  emit(metrics, Metric.approvalWait, MetricUnit.Seconds, seconds, { Jobnet: jobnet });
}

/**
 * How long a task step took. Stored with the invocation's one dimension, so the handler wrapper
 * flushes it, also when the step failed.
 */
export function recordStepDuration(metrics: Metrics, step: string, seconds: number): void {
  metrics.addDimension('Step', step).addMetric(Metric.stepDuration, MetricUnit.Seconds, seconds);
}

/**
 * From a state change to the Slack edit that shows it. Stored without dimensions: the values of
 * one invocation go out together when the handler wrapper flushes.
 */
export function recordNotifierLag(metrics: Metrics, seconds: number): void {
  metrics.addMetric(Metric.notifierLag, MetricUnit.Seconds, seconds);
}

/** Slack answered 429. */
export function countSlackRateLimited(metrics: Metrics, fn: SlackFunctionName): void {
  emit(metrics, Metric.slackRateLimited, MetricUnit.Count, 1, { Function: fn });
}

/** A Slack Web API call is being retried. */
export function countSlackRetry(metrics: Metrics, fn: SlackFunctionName): void {
  emit(metrics, Metric.slackRetries, MetricUnit.Count, 1, { Function: fn });
}

/** The bot refused a request or could not serve it. */
export function countBotRefusal(metrics: Metrics, reason: RefusalReasonName): void {
  emit(metrics, Metric.botRefusals, MetricUnit.Count, 1, { Reason: reason });
}

/** A scheduled firing was handled: its run started, or it was skipped (and why), or a repeat. */
export function countScheduledFiring(
  metrics: Metrics,
  firing: { outcome: string; reason?: string },
): void {
  emit(metrics, Metric.scheduledFirings, MetricUnit.Count, 1, {
    Outcome: firing.outcome,
    Reason: firing.reason ?? 'none',
  });
}

/** An audit record the audit log group did not take; the record itself is in the function's log. */
export function countAuditRecordLost(metrics: Metrics): void {
  metrics.addMetric(Metric.auditRecordsLost, MetricUnit.Count, 1);
}
