import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { calendarStateAt, validateCalendar } from '../../contract/change-calendar';

const ICS = readFileSync(join(__dirname, '../../config/calendars/jp-holidays.ics'), 'utf8');

/** An instant given as Tokyo wall-clock time (Japan has no daylight saving). */
const tokyo = (local: string) => new Date(`${local}+09:00`);

// Japan's national holidays, as the Cabinet Office lists them (substitute and citizens' holidays
// included; the equinox days are those announced for each year).
const HOLIDAYS = [
  '2026-01-01',
  '2026-01-12',
  '2026-02-11',
  '2026-02-23',
  '2026-03-20',
  '2026-04-29',
  '2026-05-03',
  '2026-05-04',
  '2026-05-05',
  '2026-05-06',
  '2026-07-20',
  '2026-08-11',
  '2026-09-21',
  '2026-09-22',
  '2026-09-23',
  '2026-10-12',
  '2026-11-03',
  '2026-11-23',
  '2027-01-01',
  '2027-01-11',
  '2027-02-11',
  '2027-02-23',
  '2027-03-21',
  '2027-03-22',
  '2027-04-29',
  '2027-05-03',
  '2027-05-04',
  '2027-05-05',
  '2027-07-19',
  '2027-08-11',
  '2027-09-20',
  '2027-09-23',
  '2027-10-11',
  '2027-11-03',
  '2027-11-23',
];

describe('config/calendars/jp-holidays.ics', () => {
  it('is a DEFAULT_OPEN Change Calendar with each holiday and the year-end closure', () => {
    // Act
    const problems = validateCalendar(ICS);

    // Assess
    expect(problems).toEqual([]);
    expect(ICS).toContain('\r\nX-CALENDAR-TYPE:DEFAULT_OPEN\r\n');
    expect(ICS).toContain('\r\nX-WR-TIMEZONE:Asia/Tokyo\r\n');
    expect(ICS.match(/^BEGIN:VEVENT\r$/gm)).toHaveLength(HOLIDAYS.length + 1);
  });

  it.each(HOLIDAYS)('is CLOSED all of %s in Tokyo', (day) => {
    // Act
    const start = calendarStateAt(ICS, tokyo(`${day}T00:00:00`));
    const night = calendarStateAt(ICS, tokyo(`${day}T23:59:59`));

    // Assess
    expect(start.state).toBe('CLOSED');
    expect(night.state).toBe('CLOSED');
  });

  it('names the holiday and reopens at midnight Tokyo time after it', () => {
    // Act
    const state = calendarStateAt(ICS, tokyo('2026-11-23T22:00:00'));

    // Assess
    expect(state).toEqual({
      state: 'CLOSED',
      event: {
        summary: 'Labor Thanksgiving Day',
        start: tokyo('2026-11-23T00:00:00'),
        end: tokyo('2026-11-24T00:00:00'),
      },
      nextTransitionTime: tokyo('2026-11-24T00:00:00'),
    });
  });

  it('reopens after a run of holidays only when the last one ends', () => {
    // Act
    const goldenWeek = calendarStateAt(ICS, tokyo('2026-05-03T10:00:00'));
    const silverWeek = calendarStateAt(ICS, tokyo('2026-09-21T10:00:00'));

    // Assess
    expect(goldenWeek.nextTransitionTime).toEqual(tokyo('2026-05-07T00:00:00'));
    expect(silverWeek.nextTransitionTime).toEqual(tokyo('2026-09-24T00:00:00'));
  });

  it('is CLOSED from 29 December 2026 to 3 January 2027 as one closure', () => {
    // Act
    const newYear = calendarStateAt(ICS, tokyo('2027-01-01T12:00:00'));
    const before = calendarStateAt(ICS, tokyo('2026-12-28T23:59:59'));
    const after = calendarStateAt(ICS, tokyo('2027-01-04T00:00:00'));

    // Assess
    expect(newYear).toMatchObject({
      state: 'CLOSED',
      event: { summary: 'Year-end closure (Dec 29 - Jan 3)' },
      nextTransitionTime: tokyo('2027-01-04T00:00:00'),
    });
    expect(before).toEqual({ state: 'OPEN', nextTransitionTime: tokyo('2026-12-29T00:00:00') });
    expect(after).toEqual({ state: 'OPEN', nextTransitionTime: tokyo('2027-01-11T00:00:00') });
  });

  it.each([
    ['a working day', '2026-11-24T09:00:00'],
    ['a Sunday that is no holiday', '2026-11-22T22:00:00'],
    ['the day before a holiday, late', '2026-11-02T23:59:59'],
    ['a day between holidays two days apart', '2027-09-21T12:00:00'],
  ])('is OPEN on %s', (_what, local) => {
    expect(calendarStateAt(ICS, tokyo(local)).state).toBe('OPEN');
  });
});
