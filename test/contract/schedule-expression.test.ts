import { describeSchedule, parseScheduleExpression } from '../../contract/schedule-expression';
import { nextOccurrences, neverFires } from '../../contract/schedule-occurrences';

/** The next `count` occurrences as ISO strings, in UTC. */
function next(expression: string, timeZone: string, after: string, count = 3, startDate?: string) {
  return nextOccurrences(
    expression,
    timeZone,
    new Date(after),
    count,
    startDate ? { startDate: new Date(startDate) } : {},
  ).map((date) => date.toISOString().replace(':00.000Z', 'Z'));
}

// 2026-11-27 is a Friday; 2027-01-01 a Friday too.
const FRIDAY_NOON = '2026-11-27T12:00:00Z';

describe('cron expressions: the examples of the EventBridge documentation (UTC)', () => {
  it.each([
    // Run at 10:00 am every day
    [
      'cron(0 10 * * ? *)',
      FRIDAY_NOON,
      ['2026-11-28T10:00Z', '2026-11-29T10:00Z', '2026-11-30T10:00Z'],
    ],
    // Run at 12:15 pm every day: strictly after `after`, so today's is next
    [
      'cron(15 12 * * ? *)',
      FRIDAY_NOON,
      ['2026-11-27T12:15Z', '2026-11-28T12:15Z', '2026-11-29T12:15Z'],
    ],
    // Run at 6:00 pm every Monday through Friday
    [
      'cron(0 18 ? * MON-FRI *)',
      FRIDAY_NOON,
      ['2026-11-27T18:00Z', '2026-11-30T18:00Z', '2026-12-01T18:00Z'],
    ],
    // Run at 8:00 am every first day of the month
    [
      'cron(0 8 1 * ? *)',
      FRIDAY_NOON,
      ['2026-12-01T08:00Z', '2027-01-01T08:00Z', '2027-02-01T08:00Z'],
    ],
    // Run every 15 minutes (12:00 itself is not after 12:00)
    [
      'cron(0/15 * * * ? *)',
      FRIDAY_NOON,
      ['2026-11-27T12:15Z', '2026-11-27T12:30Z', '2026-11-27T12:45Z'],
    ],
    // Run every 10 minutes Monday through Friday: the weekend is skipped
    [
      'cron(0/10 * ? * MON-FRI *)',
      '2026-11-27T23:45:00Z',
      ['2026-11-27T23:50Z', '2026-11-30T00:00Z', '2026-11-30T00:10Z'],
    ],
    // Run every 5 minutes Monday through Friday between 8:00 am and 5:55 pm
    [
      'cron(0/5 8-17 ? * MON-FRI *)',
      '2026-11-27T17:50:00Z',
      ['2026-11-27T17:55Z', '2026-11-30T08:00Z', '2026-11-30T08:05Z'],
    ],
    // Run at 9:00 am on the first Monday of each month
    [
      'cron(0 9 ? * 2#1 *)',
      FRIDAY_NOON,
      ['2026-12-07T09:00Z', '2027-01-04T09:00Z', '2027-02-01T09:00Z'],
    ],
  ])('%s', (expression, after, expected) => {
    expect(next(expression, 'UTC', after)).toEqual(expected);
  });
});

describe('cron wildcards L, W, # and names', () => {
  it.each([
    // L in day-of-month: the last day of each month
    [
      'cron(0 9 L * ? *)',
      FRIDAY_NOON,
      ['2026-11-30T09:00Z', '2026-12-31T09:00Z', '2027-01-31T09:00Z', '2027-02-28T09:00Z'],
    ],
    // 6L in day-of-week: the last Friday of each month (today's 08:15 has gone)
    [
      'cron(15 8 ? * 6L *)',
      FRIDAY_NOON,
      ['2026-12-25T08:15Z', '2027-01-29T08:15Z', '2027-02-26T08:15Z'],
    ],
    // L alone in day-of-week: the last day of the week, Saturday
    [
      'cron(0 6 ? * L *)',
      FRIDAY_NOON,
      ['2026-11-28T06:00Z', '2026-12-05T06:00Z', '2026-12-12T06:00Z'],
    ],
    // 15W: the weekday closest to the 15th (Sat 15 May → Fri 14; Sun 15 Aug → Mon 16)
    [
      'cron(0 8 15W * ? *)',
      '2027-04-16T00:00:00Z',
      ['2027-05-14T08:00Z', '2027-06-15T08:00Z', '2027-07-15T08:00Z', '2027-08-16T08:00Z'],
    ],
    // 1W never leaves the month: Sat 1 May 2027 → Mon 3 May, not Fri 30 April
    ['cron(0 8 1W * ? *)', '2027-04-15T00:00:00Z', ['2027-05-03T08:00Z']],
    // FRI#3 and month names
    ['cron(30 7 ? JAN,JUL FRI#3 *)', FRIDAY_NOON, ['2027-01-15T07:30Z', '2027-07-16T07:30Z']],
    // Day 31 only in the months that have one (the library alone runs 31 April into 1 May)
    [
      'cron(0 0 31 * ? *)',
      '2027-01-01T00:00:00Z',
      ['2027-01-31T00:00Z', '2027-03-31T00:00Z', '2027-05-31T00:00Z'],
    ],
    // A year list
    ['cron(0 12 1 1 ? 2027,2029)', FRIDAY_NOON, ['2027-01-01T12:00Z', '2029-01-01T12:00Z']],
  ])('%s', (expression, after, expected) => {
    expect(next(expression, 'UTC', after, expected.length)).toEqual(expected);
  });

  it('finds the last Sunday of October whatever the zone the process runs in', () => {
    const saved = process.env.TZ;
    process.env.TZ = 'Europe/London'; // its clocks go back on that very Sunday
    try {
      expect(next('cron(0 1 ? * 1L *)', 'UTC', '2026-10-01T00:00:00Z', 2)).toEqual([
        '2026-10-25T01:00Z',
        '2026-11-29T01:00Z',
      ]);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
    expect(process.env.TZ).toBe(saved);
  });
});

describe('cron in a time zone', () => {
  it('reads the fields on the zone’s clock: weekdays 22:00 in Tokyo are 13:00 UTC', () => {
    // Friday 4 December 21:00 JST
    expect(next('cron(0 22 ? * MON-FRI *)', 'Asia/Tokyo', '2026-12-04T12:00:00Z')).toEqual([
      '2026-12-04T13:00Z',
      '2026-12-07T13:00Z',
      '2026-12-08T13:00Z',
    ]);
    // Monday 07:00 JST is Sunday 22:00 UTC
    expect(next('cron(0 7 ? * MON-FRI *)', 'Asia/Tokyo', '2026-12-04T12:00:00Z', 2)).toEqual([
      '2026-12-06T22:00Z',
      '2026-12-07T22:00Z',
    ]);
    // The first Sunday of the month, 01:00 JST
    expect(next('cron(0 1 ? * SUN#1 *)', 'Asia/Tokyo', '2026-12-01T00:00:00Z', 2)).toEqual([
      '2026-12-05T16:00Z',
      '2027-01-02T16:00Z',
    ]);
  });

  describe('a DST week in America/New_York', () => {
    it('skips 02:30 on the day the clocks go forward (8 March 2026)', () => {
      expect(next('cron(30 2 * * ? *)', 'America/New_York', '2026-03-05T12:00:00Z', 4)).toEqual([
        '2026-03-06T07:30Z', // EST, UTC-5
        '2026-03-07T07:30Z',
        '2026-03-09T06:30Z', // EDT, UTC-4: 8 March has no 02:30
        '2026-03-10T06:30Z',
      ]);
    });

    it('fires 01:30 once on the day the clocks go back (1 November 2026), at the first', () => {
      expect(next('cron(30 1 * * ? *)', 'America/New_York', '2026-10-30T12:00:00Z', 3)).toEqual([
        '2026-10-31T05:30Z', // EDT
        '2026-11-01T05:30Z', // the first 01:30, still EDT
        '2026-11-02T06:30Z', // EST
      ]);
      // From inside the repeated hour, the second 01:30 does not fire either.
      expect(next('cron(30 1 * * ? *)', 'America/New_York', '2026-11-01T06:10:00Z', 1)).toEqual([
        '2026-11-02T06:30Z',
      ]);
      // Every half hour in the 1 o'clock hour: 01:00 and 01:30 once each.
      expect(next('cron(0/30 1 * * ? *)', 'America/New_York', '2026-11-01T00:00:00Z', 3)).toEqual([
        '2026-11-01T05:00Z',
        '2026-11-01T05:30Z',
        '2026-11-02T06:00Z',
      ]);
    });

    it('keeps weekday 22:00 on the local clock across the change', () => {
      expect(
        next('cron(0 22 ? * MON-FRI *)', 'America/New_York', '2026-10-30T12:00:00Z', 2),
      ).toEqual(['2026-10-31T02:00Z', '2026-11-03T03:00Z']);
    });
  });

  it('skips and repeats in Europe/London too (29 March and 25 October 2026)', () => {
    expect(next('cron(30 1 * * ? *)', 'Europe/London', '2026-03-27T12:00:00Z', 2)).toEqual([
      '2026-03-28T01:30Z', // GMT
      '2026-03-30T00:30Z', // BST: 29 March has no 01:30
    ]);
    expect(next('cron(30 1 * * ? *)', 'Europe/London', '2026-10-23T12:00:00Z', 3)).toEqual([
      '2026-10-24T00:30Z', // BST
      '2026-10-25T00:30Z', // the first 01:30 only
      '2026-10-26T01:30Z', // GMT
    ]);
  });

  it('fires nothing before the start date', () => {
    expect(next('cron(0 10 * * ? *)', 'UTC', FRIDAY_NOON, 2, '2026-12-01T10:00:00Z')).toEqual([
      '2026-12-01T10:00Z',
      '2026-12-02T10:00Z',
    ]);
  });
});

describe('rate expressions', () => {
  it('count from the start date in fixed steps', () => {
    expect(next('rate(2 hours)', 'UTC', '2026-12-01T05:00:00Z', 3, '2026-12-01T00:10:00Z')).toEqual(
      ['2026-12-01T06:10Z', '2026-12-01T08:10Z', '2026-12-01T10:10Z'],
    );
  });

  it('fire first at a start date still ahead', () => {
    expect(next('rate(5 minutes)', 'UTC', FRIDAY_NOON, 2, '2026-11-28T00:00:00Z')).toEqual([
      '2026-11-28T00:00Z',
      '2026-11-28T00:05Z',
    ]);
  });

  it('count a day as 24 hours, across a change of the clocks', () => {
    // 07:00 EST, then 08:00 EDT on the local clock
    expect(
      next('rate(1 day)', 'America/New_York', '2026-03-07T00:00:00Z', 2, '2026-03-07T12:00:00Z'),
    ).toEqual(['2026-03-07T12:00Z', '2026-03-08T12:00Z']);
  });

  it('count from 2026-01-01 00:00 in the zone without a start date', () => {
    // 00:00 JST is 15:00 UTC the day before; 00:00 UTC is six steps on, so not after it.
    expect(next('rate(90 minutes)', 'Asia/Tokyo', '2026-01-01T00:00:00Z', 2)).toEqual([
      '2026-01-01T01:30Z',
      '2026-01-01T03:00Z',
    ]);
  });
});

describe('one-time expressions', () => {
  it('fire once, at the local time in the zone', () => {
    expect(next('at(2026-12-05T22:00:00)', 'Asia/Tokyo', FRIDAY_NOON)).toEqual([
      '2026-12-05T13:00Z',
    ]);
    expect(next('at(2026-12-05T22:00:00)', 'Asia/Tokyo', '2026-12-05T13:00:00Z')).toEqual([]);
  });

  it('never fire at a local time the clocks skip', () => {
    expect(next('at(2026-03-08T02:30:00)', 'America/New_York', '2026-03-01T00:00:00Z')).toEqual([]);
  });
});

describe('neverFires', () => {
  const from = new Date(FRIDAY_NOON);

  it.each([
    'cron(0 0 30 2 ? *)',
    'cron(0 0 31 4,6,9,11 ? *)',
    'cron(0 0 1 1 ? 2020-2025)',
    'cron(0 0 1 1 ? 2040)', // not in the next five years
    'cron(0 0 ? 2 2#5 2026-2040)', // a fifth Monday in February: 2044
    'at(2026-01-01T00:00:00)',
    'at(2026-03-08T02:30:00)', // in the hour New York skips
  ])('is true for %s', (expression) => {
    expect(neverFires(expression, 'America/New_York', from)).toBe(true);
  });

  it.each([
    'cron(0 0 29 2 ? *)', // 2028
    'cron(0 9 ? * 2#5 *)',
    'cron(0 22 ? * MON-FRI *)',
    'cron(0 0 1 1 ? 2027-2199)',
    'rate(1 day)',
    'at(2026-12-05T22:00:00)',
  ])('is false for %s', (expression) => {
    expect(neverFires(expression, 'America/New_York', from)).toBe(false);
  });
});

describe('parseScheduleExpression', () => {
  it('reads the three kinds', () => {
    expect(parseScheduleExpression('cron(0 22 ? * MON-FRI *)')).toEqual({
      kind: 'cron',
      minutes: '0',
      hours: '22',
      dayOfMonth: '?',
      month: '*',
      dayOfWeek: 'MON-FRI',
      year: '*',
    });
    expect(parseScheduleExpression('rate(1 hour)')).toEqual({
      kind: 'rate',
      value: 1,
      unit: 'hours',
    });
    expect(parseScheduleExpression('rate(5 minutes)')).toEqual({
      kind: 'rate',
      value: 5,
      unit: 'minutes',
    });
    expect(parseScheduleExpression('at(2026-12-05T22:00:00)')).toEqual({
      kind: 'at',
      local: '2026-12-05T22:00:00',
    });
  });

  it.each([
    [
      'cron(0 10 * * ?)',
      'cron needs six fields (minutes hours day-of-month month day-of-week year), not 5',
    ],
    [
      'cron(0 10 * * * *)',
      'cron: one of day-of-month and day-of-week must be ? (EventBridge cannot combine them)',
    ],
    ['cron(0 10 ? * ? *)', 'cron: only one of day-of-month and day-of-week may be ?'],
    [
      'cron(0 10 * ? ? *)',
      'cron month field "?": ? is allowed only in day-of-month or day-of-week',
    ],
    ['cron(60 10 * * ? *)', 'cron minutes field "60": 60 is out of range 0-59'],
    ['cron(0 24 * * ? *)', 'cron hours field "24": 24 is out of range 0-23'],
    ['cron(0 0 1 1 ? 1969)', 'cron year field "1969": 1969 is out of range 1970-2199'],
    ['cron(a 10 * * ? *)', 'cron minutes field "a": "a" is not a value (0-59)'],
    [
      'cron(0 0 ? JANUARY MON *)',
      'cron month field "JANUARY": "JANUARY" is not a value (1-12 or JAN-DEC)',
    ],
    [
      'cron(0 0 ? * MON/2 *)',
      'cron day-of-week field "MON/2": increments (/) are not allowed here',
    ],
    [
      'cron(0 0 ? * 2#6 *)',
      'cron day-of-week field "2#6": #6: a month has a 1st to a 5th, no more',
    ],
    [
      'cron(0/15,45 * * * ? *)',
      'cron minutes field "0/15,45": an increment (/) cannot be part of a list (,)',
    ],
    ['cron(0/60 * * * ? *)', 'cron minutes field "0/60": increment 60 is out of range 1-59'],
    [
      'cron(0 22-2 ? * MON-FRI *)',
      'cron hours field "22-2": range 22-2 runs backwards; write it as two ranges',
    ],
    ['cron(0 0 LW * ? *)', 'cron day-of-month field "LW": "LW" is not a value (1-31)'],
    ['cron(0 0 32W * ? *)', 'cron day-of-month field "32W": 32 is out of range 1-31'],
    ['rate(1 hours)', 'rate(1 hours): write rate(1 hour)'],
    ['rate(5 hour)', 'rate(5 hour): write rate(5 hours)'],
    ['rate(0 minutes)', 'rate(0 minutes): the value must be 1 or more'],
    [
      'rate(5 weeks)',
      'rate(5 weeks) is not rate(value unit) with a unit of minutes, hours or days',
    ],
    [
      'rate(1.5 hours)',
      'rate(1.5 hours) is not rate(value unit) with a unit of minutes, hours or days',
    ],
    [
      'at(2026-02-30T00:00:00)',
      'at(2026-02-30T00:00:00) is not at(yyyy-mm-ddThh:mm:ss) on a real date',
    ],
    ['at(2026-12-05 22:00)', 'at(2026-12-05 22:00) is not at(yyyy-mm-ddThh:mm:ss) on a real date'],
    [
      '0 22 * * 1-5',
      '"0 22 * * 1-5" is not a schedule expression: write cron(minutes hours day-of-month month day-of-week year) or rate(value unit)',
    ],
  ])('names the problem with %s', (expression, problem) => {
    expect(parseScheduleExpression(expression)).toBe(problem);
  });
});

describe('describeSchedule', () => {
  it.each([
    ['cron(0 22 ? * MON-FRI *)', 'Asia/Tokyo', 'Mon–Fri 22:00 Asia/Tokyo'],
    ['cron(0 7 ? * MON *)', 'Asia/Tokyo', 'Mon 07:00 Asia/Tokyo'],
    ['cron(0 9 ? * 2,4,6 *)', 'UTC', 'Mon, Wed, Fri 09:00 UTC'],
    ['cron(30 1 * * ? *)', 'UTC', 'daily 01:30 UTC'],
    ['cron(0 1 ? * SUN#1 *)', 'Asia/Tokyo', '1st Sun of the month 01:00 Asia/Tokyo'],
    ['rate(2 hours)', 'UTC', 'every 2 hours'],
    ['rate(1 day)', 'UTC', 'every day'],
    ['at(2026-12-05T22:00:00)', 'Asia/Tokyo', 'once, 2026-12-05 22:00 Asia/Tokyo'],
    ['cron(0/5 8-17 ? * MON-FRI *)', 'UTC', 'cron(0/5 8-17 ? * MON-FRI *) UTC'],
    ['cron(0 9 L * ? *)', 'Europe/London', 'cron(0 9 L * ? *) Europe/London'],
  ])('%s in %s: %s', (expression, zone, words) => {
    expect(describeSchedule(expression, zone)).toBe(words);
  });
});
