import type { HistoryEvent } from '@aws-sdk/client-sfn';

/** The largest state input/output or task parameters/result in a history, in UTF-8 bytes. */
export function largestPayloadBytes(history: readonly HistoryEvent[]): number {
  return history.flatMap(payloadsOf).reduce((max, p) => Math.max(max, utf8Bytes(p)), 0);
}

/**
 * What the state machine writes to its log group for a history at level ALL with execution
 * data, in UTF-8 bytes: one line per history event. An estimate of the ingested bytes, which
 * CloudWatch Logs prices.
 */
export function logBytes(history: readonly HistoryEvent[], executionArn: string): number {
  return history.reduce((sum, event) => sum + utf8Bytes(logLine(event, executionArn)), 0);
}

/** The state and task payloads an event carries, as the JSON text Step Functions keeps. */
export function payloadsOf(event: HistoryEvent): string[] {
  return [
    event.executionStartedEventDetails?.input,
    event.executionSucceededEventDetails?.output,
    event.stateEnteredEventDetails?.input,
    event.stateExitedEventDetails?.output,
    event.taskScheduledEventDetails?.parameters,
    event.taskSubmittedEventDetails?.output,
    event.taskSucceededEventDetails?.output,
  ].filter((p): p is string => typeof p === 'string');
}

/**
 * The line Step Functions writes to the state machine's log group for one history event at level
 * ALL with execution data: the event's id, type and details, its previous event, time and the
 * execution's ARN.
 */
export function logLine(event: HistoryEvent, executionArn: string): string {
  const detailsKey = Object.keys(event).find((k) => k.endsWith('EventDetails'));
  const details = detailsKey ? (event as unknown as Record<string, unknown>)[detailsKey] : {};
  return JSON.stringify({
    id: String(event.id),
    type: event.type,
    details,
    previous_event_id: String(event.previousEventId ?? 0),
    event_timestamp: String(event.timestamp?.getTime() ?? 0),
    execution_arn: executionArn,
    redrive_count: '0',
  });
}

export const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');
