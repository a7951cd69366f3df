import { eventInputTemplate } from '../../config/trigger-deployment';
import { LocalEventBus } from '../../local/local-event-bus';
import { scaledClock } from '../../local/scaled-clock';

const ACCOUNT = { accountId: '123456789012', region: 'us-east-1' };
const START = Date.parse('2026-12-02T13:01:00Z');
const PATTERN = { source: ['shop.deploy'], 'detail-type': ['Deploy Failed'] };

function bus(options: { deliveryDelayMs?: number } = {}) {
  const clock = scaledClock(1000, START);
  return { clock, events: new LocalEventBus({ account: ACCOUNT, clock, ...options }) };
}

describe('the local event bus', () => {
  it('completes the envelope and delivers to each matching rule after put returns', async () => {
    const { events } = bus();
    const got: unknown[] = [];
    events.putRule({ name: 'a', pattern: PATTERN, target: async (input) => got.push(input) });
    events.putRule({ name: 'b', pattern: { source: ['other'] }, target: async () => 'no' });

    const { event, rules } = events.put({ source: 'shop.deploy', 'detail-type': 'Deploy Failed' });
    expect(rules).toEqual(['a']);
    expect(got).toEqual([]);
    await events.idle();

    expect(got).toEqual([event]);
    expect(event).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      account: ACCOUNT.accountId,
      region: ACCOUNT.region,
      time: expect.stringMatching(/^2026-12-02T13:01:\d\dZ$/),
      resources: [],
      detail: {},
      source: 'shop.deploy',
      'detail-type': 'Deploy Failed',
    });
  });

  it('fills in the InputTransformer template with the event whole', async () => {
    const { events } = bus();
    const got: unknown[] = [];
    events.putRule({
      name: 'a',
      pattern: PATTERN,
      inputTemplate: eventInputTemplate('shop', 'deploy-failed'),
      target: async (input) => got.push(input),
    });
    const { event } = events.put({
      source: 'shop.deploy',
      'detail-type': 'Deploy Failed',
      detail: { build: 7, note: 'quote " and $& and <aws.events.event>' },
    });
    await events.idle();

    expect(got).toEqual([{ kind: 'event', system: 'shop', trigger: 'deploy-failed', event }]);
  });

  it('delivers after the delivery delay on the simulated clock, and twice when asked', async () => {
    const { clock, events } = bus({ deliveryDelayMs: 2000 });
    const at: number[] = [];
    events.putRule({ name: 'a', pattern: PATTERN, target: async () => at.push(clock.now()) });
    events.put({ source: 'shop.deploy', 'detail-type': 'Deploy Failed' }, { duplicate: true });
    await events.idle();

    expect(at).toHaveLength(2);
    expect(at.every((t) => t >= START + 2000)).toBe(true);
    expect(events.deliveries.map((d) => d.duplicate).sort()).toEqual([false, true]);
  });

  it('retries a failing target, then keeps the event as a dead letter', async () => {
    const { events } = bus();
    let calls = 0;
    events.putRule({
      name: 'a',
      pattern: PATTERN,
      maximumRetryAttempts: 2,
      target: async () => {
        calls += 1;
        throw Object.assign(new Error('down'), { name: 'ServiceUnavailable' });
      },
    });
    events.put({ source: 'shop.deploy', 'detail-type': 'Deploy Failed' });
    await events.idle();

    expect(calls).toBe(3);
    expect(events.deliveries.map((d) => [d.attempt, d.error])).toEqual([
      [1, 'ServiceUnavailable: down'],
      [2, 'ServiceUnavailable: down'],
      [3, 'ServiceUnavailable: down'],
    ]);
    expect(events.deadLetters.map((d) => d.attempt)).toEqual([3]);
  });

  it('delivers nothing for an event no rule matches, or after the rule is removed', async () => {
    const { events } = bus();
    events.putRule({ name: 'a', pattern: PATTERN, target: async () => 'yes' });
    expect(events.put({ source: 'shop.deploy', 'detail-type': 'Deploy Done' }).rules).toEqual([]);
    expect(events.removeRule('a')).toBe(true);
    expect(events.put({ source: 'shop.deploy', 'detail-type': 'Deploy Failed' }).rules).toEqual([]);
    await events.idle();
    expect(events.deliveries).toEqual([]);
    expect(events.ruleNames()).toEqual([]);
  });
});
