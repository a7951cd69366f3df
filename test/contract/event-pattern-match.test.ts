import { eventPatternProblems, type EventPattern } from '../../contract/event-pattern';
import { matchesEventPattern } from '../../contract/event-pattern-match';

/** The EventBridge documentation's example event (an EC2 instance state change). */
const EC2_EVENT = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: [
    'arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0',
    'arn:aws:ec2:us-west-1:123456789012:volume/vol-1',
  ],
  detail: {
    'instance-id': 'i-1234567890abcdef0',
    state: 'terminated',
    'c-count': 5,
    'd-count': 7,
    'x-limit': 301.8,
    sourceIPAddress: '10.0.0.255',
    FilePath: '/usr/lib/libc.so',
    responseElements: null,
    eventVersion: '',
    tags: [{ key: 'Env', value: 'prod' }],
  },
};

/** A pattern the validator accepts, matched against an event. */
function matches(pattern: EventPattern, event: unknown = EC2_EVENT): boolean {
  expect(eventPatternProblems(pattern)).toEqual([]);
  return matchesEventPattern(pattern, event);
}

const detail = (fields: Record<string, unknown>): EventPattern => ({ detail: fields });

describe('matchesEventPattern', () => {
  it('matches every field it names, exact values, any of a field’s values', () => {
    expect(
      matches({
        source: ['aws.ec2'],
        'detail-type': ['EC2 Instance State-change Notification'],
        detail: { state: ['stopped', 'terminated'] },
      }),
    ).toBe(true);
    expect(matches({ source: ['aws.ec2'], detail: { state: ['stopped'] } })).toBe(false);
    expect(matches({ source: ['AWS.EC2'] })).toBe(false);
    expect(matches(detail({ 'c-count': ['5'] }))).toBe(false);
    expect(matches(detail({ 'c-count': [5] }))).toBe(true);
  });

  it('matches an array in the event when any element matches', () => {
    expect(matches({ resources: ['arn:aws:ec2:us-west-1:123456789012:volume/vol-1'] })).toBe(true);
    expect(matches({ resources: ['arn:other'] })).toBe(false);
    expect(matches(detail({ tags: { key: ['Env'], value: ['prod'] } }))).toBe(true);
    expect(matches(detail({ tags: { key: ['Owner'] } }))).toBe(false);
  });

  it('does not match a field the event does not carry', () => {
    expect(matches(detail({ missing: ['x'] }))).toBe(false);
    expect(matches(detail({ missing: { deeper: ['x'] } }))).toBe(false);
    expect(matches(detail({ missing: [{ 'anything-but': 'x' }] }))).toBe(false);
  });

  it('null and the empty string match only themselves', () => {
    expect(matches(detail({ responseElements: [null], eventVersion: [''] }))).toBe(true);
    expect(matches(detail({ state: [null] }))).toBe(false);
    expect(matches(detail({ missing: [null] }))).toBe(false);
  });

  it('prefix and suffix, also ignoring case', () => {
    expect(matches({ time: [{ prefix: '2017-12-22' }] })).toBe(true);
    expect(matches({ time: [{ prefix: '2017-10-02' }] })).toBe(false);
    expect(matches(detail({ state: [{ prefix: { 'equals-ignore-case': 'TERM' } }] }))).toBe(true);
    expect(matches(detail({ FilePath: [{ suffix: '.so' }] }))).toBe(true);
    expect(matches(detail({ FilePath: [{ suffix: { 'equals-ignore-case': '.SO' } }] }))).toBe(true);
    expect(matches(detail({ 'c-count': [{ prefix: '5' }] }))).toBe(false);
  });

  it('anything-but: values, numbers, prefix, suffix, ignoring case, wildcard', () => {
    expect(matches(detail({ state: [{ 'anything-but': 'initializing' }] }))).toBe(true);
    expect(matches(detail({ state: [{ 'anything-but': ['stopped', 'terminated'] }] }))).toBe(false);
    expect(matches(detail({ 'c-count': [{ 'anything-but': [5, 6] }] }))).toBe(false);
    expect(matches(detail({ 'c-count': [{ 'anything-but': 123 }] }))).toBe(true);
    expect(matches(detail({ state: [{ 'anything-but': { prefix: 'term' } }] }))).toBe(false);
    expect(matches(detail({ state: [{ 'anything-but': { prefix: 'init' } }] }))).toBe(true);
    expect(matches(detail({ FilePath: [{ 'anything-but': { suffix: '.txt' } }] }))).toBe(true);
    expect(
      matches(
        detail({
          state: [{ 'anything-but': { 'equals-ignore-case': ['Stopped', 'TERMINATED'] } }],
        }),
      ),
    ).toBe(false);
    expect(matches(detail({ FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] }))).toBe(
      false,
    );
  });

  it('numeric comparisons and ranges (the documentation’s example)', () => {
    expect(
      matches(
        detail({
          'c-count': [{ numeric: ['>', 0, '<=', 5] }],
          'd-count': [{ numeric: ['<', 10] }],
          'x-limit': [{ numeric: ['=', 3.018e2] }],
        }),
      ),
    ).toBe(true);
    expect(matches(detail({ 'c-count': [{ numeric: ['>', 5] }] }))).toBe(false);
    expect(matches(detail({ 'c-count': [{ numeric: ['>=', 5, '<', 6] }] }))).toBe(true);
    expect(matches(detail({ state: [{ numeric: ['>', 0] }] }))).toBe(false);
  });

  it('exists: true for a present leaf, false for an absent field', () => {
    expect(matches(detail({ state: [{ exists: true }] }))).toBe(true);
    expect(matches(detail({ responseElements: [{ exists: true }] }))).toBe(true);
    expect(matches(detail({ missing: [{ exists: true }] }))).toBe(false);
    expect(matches(detail({ missing: [{ exists: false }] }))).toBe(true);
    expect(matches(detail({ state: [{ exists: false }] }))).toBe(false);
    expect(matches(detail({ absent: { deeper: [{ exists: false }] } }))).toBe(true);
  });

  it('equals-ignore-case, wildcard and cidr', () => {
    expect(
      matches({
        'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }],
      }),
    ).toBe(true);
    expect(
      matches(
        { detail: { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] } },
        { detail: { EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/myEventBus' } },
      ),
    ).toBe(true);
    expect(matches(detail({ FilePath: [{ wildcard: '/usr/*.so' }] }))).toBe(true);
    expect(matches(detail({ FilePath: [{ wildcard: '/usr/lib' }] }))).toBe(false);
    expect(matches({ detail: { a: [{ wildcard: 'x\\*y' }] } }, { detail: { a: 'x*y' } })).toBe(
      true,
    );
    expect(matches({ detail: { a: [{ wildcard: 'x\\*y' }] } }, { detail: { a: 'xzy' } })).toBe(
      false,
    );
    expect(matches(detail({ sourceIPAddress: [{ cidr: '10.0.0.0/24' }] }))).toBe(true);
    expect(matches(detail({ sourceIPAddress: [{ cidr: '10.0.1.0/24' }] }))).toBe(false);
    expect(
      matches({ detail: { ip: [{ cidr: '2001:db8::/32' }] } }, { detail: { ip: '2001:db8:1::5' } }),
    ).toBe(true);
    expect(
      matches({ detail: { ip: [{ cidr: '2001:db8::/32' }] } }, { detail: { ip: '10.0.0.1' } }),
    ).toBe(false);
  });

  it('$or: any of its patterns, at the top or nested', () => {
    const either = detail({
      $or: [{ 'c-count': [{ numeric: ['>', 10] }] }, { 'd-count': [{ numeric: ['<', 10] }] }],
    });
    expect(matches(either)).toBe(true);
    expect(
      matches(detail({ $or: [{ 'c-count': [{ numeric: ['>', 10] }] }, { state: ['stopped'] }] })),
    ).toBe(false);
    expect(
      matches({ source: ['aws.ec2'], $or: [{ 'detail-type': ['x'] }, { region: ['us-west-1'] }] }),
    ).toBe(true);
  });

  it('matches a CloudWatch alarm going into ALARM, shaped as AWS documents it', () => {
    const pattern = {
      source: ['aws.cloudwatch'],
      'detail-type': ['CloudWatch Alarm State Change'],
      detail: { alarmName: ['shop-5xx'], state: { value: ['ALARM'] } },
    };
    const event = {
      source: 'aws.cloudwatch',
      'detail-type': 'CloudWatch Alarm State Change',
      detail: {
        alarmName: 'shop-5xx',
        state: { value: 'ALARM', reason: 'Threshold Crossed' },
        previousState: { value: 'OK' },
      },
    };
    expect(matches(pattern, event)).toBe(true);
    expect(
      matches(pattern, { ...event, detail: { ...event.detail, state: { value: 'OK' } } }),
    ).toBe(false);
  });
});
