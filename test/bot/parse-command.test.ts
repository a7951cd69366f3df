import { parseCommand } from '../../bot/commands/parse-command';
import { parseRunName, runName } from '../../bot/run-name';

describe('parseCommand', () => {
  it.each([
    ['stop', { kind: 'stop' }],
    ['  Stop   shop ', { kind: 'stop', system: 'shop' }],
    ['start shop', { kind: 'start', system: 'shop' }],
    ['status', { kind: 'status' }],
    ['', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['reboot shop', { kind: 'unknown', word: 'reboot shop' }],
    ['stop shop now', { kind: 'unknown', word: 'stop shop now' }],
  ])('%j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });
});

describe('run names', () => {
  const at = new Date('2026-11-29T22:01:30Z');

  it('are the same for the same trigger, different for another, and fit Step Functions', () => {
    const name = runName('stop', 'shop-eu', 'trigger-1', at);
    expect(name).toMatch(/^stop-shop-eu-20261129T2201-[0-9a-f]{8}$/);
    expect(runName('stop', 'shop-eu', 'trigger-1', at)).toBe(name);
    expect(runName('stop', 'shop-eu', 'trigger-2', at)).not.toBe(name);
    expect(runName('start', 'a'.repeat(24), 'x', at).length).toBeLessThanOrEqual(64);
  });

  it('give back the jobnet and system, even when the system has dashes', () => {
    expect(parseRunName(runName('start', 'shop-eu', 't', at))).toEqual({
      jobnet: 'start',
      system: 'shop-eu',
    });
    expect(parseRunName('something-else')).toBeUndefined();
  });
});
