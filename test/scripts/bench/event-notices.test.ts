import { eventNotices, noticeDelayMs } from '../../../scripts/bench/event-notices';

const T0 = Date.parse('2026-12-02T13:00:00Z');
const time = (ms: number) => new Date(ms - (ms % 1000)).toISOString().replace('.000', '');

function stateChange(instanceId: string, state: string, at: number) {
  return {
    source: 'aws.ec2',
    'detail-type': 'EC2 Instance State-change Notification',
    time: time(at),
    detail: { 'instance-id': instanceId, state },
  };
}

function commandStatus(commandId: string, instanceId: string, status: string, at: number) {
  return {
    source: 'aws.ssm',
    'detail-type': 'EC2 Command Invocation Status-change Notification',
    time: time(at),
    detail: { 'command-id': commandId, 'instance-id': instanceId, status },
  };
}

describe('event notices', () => {
  it('names each delivery as the detection measure names the wait, earliest first', () => {
    const notices = eventNotices([
      { event: stateChange('i-1', 'stopped', T0), at: T0 + 900 },
      { event: commandStatus('c-1', 'i-1', 'Success', T0), at: T0 + 400 },
      // A duplicate delivery, earlier than the first put: kept in time order.
      { event: stateChange('i-1', 'stopped', T0), at: T0 + 600 },
    ]);

    expect(notices.get('i-1 stopped')).toEqual([T0 + 600, T0 + 900]);
    expect(notices.get('c-1/i-1 Success')).toEqual([T0 + 400]);
  });

  it('skips events no wait is keyed on', () => {
    const notices = eventNotices([
      { event: stateChange('i-1', 'stopping', T0), at: T0 + 500 },
      { event: commandStatus('c-1', 'i-1', 'InProgress', T0), at: T0 + 500 },
      { event: { source: 'aws.cloudwatch', 'detail-type': 'x', detail: {} }, at: T0 },
    ]);
    expect([...notices.keys()]).toEqual([]);
  });

  it("measures from the resource reaching its state to the event's first arrival then or after", () => {
    const notices = eventNotices([
      // An earlier stop of the same instance does not count for this one.
      { event: stateChange('i-1', 'stopped', T0 - 60_000), at: T0 - 59_000 },
      { event: stateChange('i-1', 'stopped', T0), at: T0 + 1_300 },
    ]);

    expect(noticeDelayMs(notices, 'i-1 stopped', T0)).toBe(1_300);
    // A polled wait (status checks) has no event: none of its delay is delivery.
    expect(noticeDelayMs(notices, 'i-1/status-checks ok', T0)).toBeUndefined();
  });
});
