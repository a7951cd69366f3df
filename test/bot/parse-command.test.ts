import { HOLD_REASON_MAX, parseCommand } from '../../bot/commands/parse-command';
import { REASON_MAX } from '../../contract/jobnet-input';
import { parseRunName, runName } from '../../bot/run-name';

describe('parseCommand: history', () => {
  it.each([
    'history shop abc',
    'history shop 0',
    'history shop 500',
    'history 51',
    'history shop -1',
  ])('refuses `%s`, saying the count is 1 to 50', (text) => {
    const parsed = parseCommand(text);
    expect(parsed.kind).toBe('malformed');
    expect(parsed.kind === 'malformed' && parsed.problem).toMatch(
      /is not a number of runs from 1 to 50: `\/webapp history \[system\] \[count\]`/,
    );
  });

  it('refuses more words, and escapes what it quotes', () => {
    expect(parseCommand('history shop 5 6')).toMatchObject({
      kind: 'malformed',
      problem: expect.stringMatching(/^Too many words/),
    });
    expect(parseCommand('history shop <!here>')).toMatchObject({
      kind: 'malformed',
      problem: expect.stringContaining('`&lt;!here&gt;`'),
    });
  });
});

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
    ['schedules', { kind: 'schedules' }],
    ['Schedules shop', { kind: 'schedules', system: 'shop' }],
    ['schedules shop please', { kind: 'unknown', word: 'schedules shop please' }],
    ['hold', { kind: 'hold' }],
    ['hold shop', { kind: 'hold', system: 'shop' }],
    [
      'hold Shop  DB migration, ask @ops',
      { kind: 'hold', system: 'shop', reason: 'DB migration, ask @ops' },
    ],
    ['resume shop', { kind: 'resume', system: 'shop' }],
    ['history', { kind: 'history', count: 10 }],
    ['History Shop', { kind: 'history', system: 'shop', count: 10 }],
    ['history shop 50', { kind: 'history', system: 'shop', count: 50 }],
    ['history 1', { kind: 'history', count: 1 }],
    ['resume shop now', { kind: 'unknown', word: 'resume shop now' }],
    [
      'stop shop at 2026-12-05 22:00',
      { kind: 'one-off', jobnet: 'stop', system: 'shop', at: '2026-12-05 22:00' },
    ],
    [
      'start shop at 2026-12-05T22:00 Asia/Tokyo',
      {
        kind: 'one-off',
        jobnet: 'start',
        system: 'shop',
        at: '2026-12-05 22:00',
        timeZone: 'Asia/Tokyo',
      },
    ],
    ['stop at 2026-12-05 7:30:00', { kind: 'one-off', jobnet: 'stop', at: '2026-12-05 7:30:00' }],
    [
      'status shop at 2026-12-05 22:00',
      { kind: 'unknown', word: 'status shop at 2026-12-05 22:00' },
    ],
  ])('%j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it.each([
    'stop shop at',
    'stop shop at tomorrow',
    'stop shop at 2026-12-05',
    'stop shop at 22:00 2026-12-05',
    'stop shop at 05/12/2026 22:00',
  ])('%j needs a date and time', (text) => {
    expect(parseCommand(text)).toEqual({
      kind: 'malformed',
      problem: expect.stringMatching(
        /^`at` needs a date and time: `\/webapp stop shop at 2026-12-05 22:00`/,
      ),
    });
  });

  it('says only a time zone may follow the time', () => {
    expect(parseCommand('stop shop at 2026-12-05 22:00 Asia Tokyo')).toEqual({
      kind: 'malformed',
      problem: expect.stringMatching(/^After the time, only a time zone may follow/),
    });
  });

  it('keeps a long hold reason to its limit', () => {
    const parsed = parseCommand(`hold shop ${'x'.repeat(400)}`);
    expect(parsed).toMatchObject({ kind: 'hold', reason: 'x'.repeat(HOLD_REASON_MAX) });
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

describe('parseCommand: reasons and cancel', () => {
  it.each([
    [
      'stop shop -- Patching CVE-2026-1234',
      { kind: 'stop', system: 'shop', reason: 'Patching CVE-2026-1234' },
    ],
    ['Start -- back after  the DB move ', { kind: 'start', reason: 'back after  the DB move' }],
    [
      'stop shop at 2026-12-05 22:00 Asia/Tokyo -- yearly -- patching',
      {
        kind: 'one-off',
        jobnet: 'stop',
        system: 'shop',
        at: '2026-12-05 22:00',
        timeZone: 'Asia/Tokyo',
        reason: 'yearly -- patching',
      },
    ],
    // `--` glued to a word is part of it; other verbs keep `--` in their words.
    ['stop shop --now', { kind: 'unknown', word: 'stop shop --now' }],
    ['hold shop -- DB move', { kind: 'hold', system: 'shop', reason: '-- DB move' }],
    ['cancel', { kind: 'cancel' }],
    ['Cancel Shop', { kind: 'cancel', system: 'shop' }],
    ['cancel shop now', { kind: 'unknown', word: 'cancel shop now' }],
  ])('%j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it('refuses an empty reason and one over REASON_MAX, whole', () => {
    expect(parseCommand('stop shop --')).toEqual({
      kind: 'malformed',
      problem: expect.stringMatching(/^Nothing follows `--`/),
    });
    expect(parseCommand(`stop shop -- ${'é'.repeat(REASON_MAX)}`)).toEqual({
      kind: 'stop',
      system: 'shop',
      reason: 'é'.repeat(REASON_MAX),
    });
    expect(parseCommand(`stop shop -- ${'x'.repeat(REASON_MAX + 1)}`)).toEqual({
      kind: 'malformed',
      problem: expect.stringMatching(/^Your reason is 301 characters; at most 300/),
    });
  });
});
