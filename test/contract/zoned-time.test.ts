import { formatInZone, isTimeZone, parseLocalDateTime } from '../../contract/zoned-time';

describe('isTimeZone', () => {
  it.each(['Asia/Tokyo', 'America/New_York', 'Europe/London', 'UTC', 'Etc/GMT+5'])(
    'accepts %s',
    (zone) => expect(isTimeZone(zone)).toBe(true),
  );

  it.each(['asia/tokyo', 'utc', 'JST', 'Asia/Tokio', '+09:00', ''])('refuses %s', (zone) =>
    expect(isTimeZone(zone)).toBe(false),
  );
});

describe('parseLocalDateTime', () => {
  it('reads a local time in the zone, with a space or a T', () => {
    expect(parseLocalDateTime('2026-12-05 22:00', 'Asia/Tokyo')).toEqual(
      new Date('2026-12-05T13:00:00Z'),
    );
    expect(parseLocalDateTime('2026-12-05T22:00', 'Asia/Tokyo')).toEqual(
      new Date('2026-12-05T13:00:00Z'),
    );
    expect(parseLocalDateTime('2026-07-01 9:30:15', 'UTC')).toEqual(
      new Date('2026-07-01T09:30:15Z'),
    );
  });

  it('says a time the clocks skip does not exist', () => {
    expect(parseLocalDateTime('2026-03-08 02:30', 'America/New_York')).toBe(
      '2026-03-08 02:30 does not exist in America/New_York: the clocks go forward over it',
    );
  });

  it('reads a repeated time as the earlier instant', () => {
    expect(parseLocalDateTime('2026-11-01 01:30', 'America/New_York')).toEqual(
      new Date('2026-11-01T05:30:00Z'),
    );
  });

  it.each([
    [
      'next Saturday',
      'UTC',
      '"next Saturday" is not a date and time: write YYYY-MM-DD HH:mm (e.g. 2026-12-05 22:00)',
    ],
    [
      '2026-12-05',
      'UTC',
      '"2026-12-05" is not a date and time: write YYYY-MM-DD HH:mm (e.g. 2026-12-05 22:00)',
    ],
    [
      '2026-02-30 10:00',
      'UTC',
      '"2026-02-30 10:00" is not a date and time that exists on a calendar',
    ],
    [
      '2026-12-05 24:00',
      'UTC',
      '"2026-12-05 24:00" is not a date and time that exists on a calendar',
    ],
    ['2026-12-05 22:00', 'Mars/Olympus', 'unknown time zone "Mars/Olympus"'],
  ])('names the problem with %s in %s', (text, zone, problem) => {
    expect(parseLocalDateTime(text, zone)).toBe(problem);
  });
});

describe('formatInZone', () => {
  it.each([
    ['2026-12-05T13:00:00Z', 'Asia/Tokyo', 'Sat 5 Dec 2026 22:00 JST'],
    ['2026-07-05T00:00:00Z', 'America/New_York', 'Sat 4 Jul 2026 20:00 EDT'],
    ['2026-12-05T00:00:00Z', 'America/New_York', 'Fri 4 Dec 2026 19:00 EST'],
    ['2026-07-05T13:00:00Z', 'Europe/London', 'Sun 5 Jul 2026 14:00 BST'],
    ['2026-12-05T13:00:00Z', 'Europe/London', 'Sat 5 Dec 2026 13:00 GMT'],
    ['2026-12-05T00:05:00Z', 'UTC', 'Sat 5 Dec 2026 00:05 UTC'],
  ])('%s in %s: %s', (iso, zone, text) => {
    expect(formatInZone(new Date(iso), zone)).toBe(text);
  });
});
