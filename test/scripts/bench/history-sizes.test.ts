import type { HistoryEvent } from '@aws-sdk/client-sfn';
import {
  largestPayloadBytes,
  logBytes,
  logLine,
  payloadsOf,
} from '../../../scripts/bench/history-sizes';

const T0 = Date.parse('2026-11-29T22:00:00Z');
const ARN = 'arn:aws:states:us-east-1:123456789012:execution:webapp-chatops-stop:bench';

const entered = (input: string): HistoryEvent => ({
  id: 2,
  previousEventId: 1,
  type: 'TaskStateEntered',
  timestamp: new Date(T0),
  stateEnteredEventDetails: { name: 'Stop', input },
});
const scheduled = (parameters: string): HistoryEvent => ({
  id: 3,
  previousEventId: 2,
  type: 'TaskScheduled',
  timestamp: new Date(T0),
  taskScheduledEventDetails: {
    resource: 'invoke',
    resourceType: 'lambda',
    region: 'x',
    parameters,
  },
});

describe('largestPayloadBytes', () => {
  it('measures every state input/output and task parameters/result in UTF-8 bytes', () => {
    // "é" is 2 bytes in UTF-8: a character count would say 9.
    const wide = JSON.stringify({ a: 'éééé' });
    const history = [entered('{"a":1}'), scheduled(wide)];

    expect(largestPayloadBytes(history)).toBe(Buffer.from(wide).length);
    expect(largestPayloadBytes(history)).toBe(wide.length + 4);
  });

  it('reads the payload members of every kind of event that carries one', () => {
    const event: HistoryEvent = {
      id: 1,
      previousEventId: 0,
      type: 'TaskSucceeded',
      timestamp: new Date(T0),
      executionStartedEventDetails: { input: 'a' },
      executionSucceededEventDetails: { output: 'b' },
      stateExitedEventDetails: { name: 'S', output: 'c' },
      taskSubmittedEventDetails: { resource: 'r', resourceType: 't', output: 'd' },
      taskSucceededEventDetails: { resource: 'r', resourceType: 't', output: 'e' },
    };

    expect(payloadsOf(event).sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(largestPayloadBytes([])).toBe(0);
  });
});

describe('logBytes', () => {
  it('writes one line per event, as the state machine logs it, with the details and the ARN', () => {
    // Act
    const line = JSON.parse(logLine(entered('{"a":1}'), ARN)) as Record<string, unknown>;

    // Assess
    expect(line).toEqual({
      id: '2',
      type: 'TaskStateEntered',
      details: { name: 'Stop', input: '{"a":1}' },
      previous_event_id: '1',
      event_timestamp: String(T0),
      execution_arn: ARN,
      redrive_count: '0',
    });
  });

  it('adds up the lines of the whole history', () => {
    const history = [entered('{}'), scheduled('{"b":2}')];
    const lines = history.map((e) => Buffer.byteLength(logLine(e, ARN)));

    expect(logBytes(history, ARN)).toBe(lines[0] + lines[1]);
    expect(logBytes([], ARN)).toBe(0);
  });
});
