import {
  calendarStateAt,
  CalendarDocumentError,
  validateCalendar,
} from '../../contract/change-calendar';

/** A Change Calendar document as SSM stores it: CRLF lines, one VCALENDAR. */
function calendar(type: string | undefined, ...body: string[]): string {
  return [
    'BEGIN:VCALENDAR',
    'PRODID:-//AWS//Change Calendar 1.0//EN',
    'VERSION:2.0',
    ...(type === undefined ? [] : [`X-CALENDAR-TYPE:${type}`]),
    ...body,
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

let uids = 0;
function vevent(...props: string[]): string[] {
  uids += 1;
  return ['BEGIN:VEVENT', `UID:event-${uids}`, ...props, 'END:VEVENT'];
}

const at = (iso: string) => new Date(iso);

describe('calendarStateAt', () => {
  const release = calendar(
    'DEFAULT_OPEN',
    ...vevent(
      'SUMMARY:Release freeze',
      'DTSTART;TZID=Asia/Tokyo:20261204T220000',
      'DTEND;TZID=Asia/Tokyo:20261205T060000',
    ),
  );

  it('is CLOSED during an event of a DEFAULT_OPEN calendar, naming it and when it ends', () => {
    // Act
    const state = calendarStateAt(release, at('2026-12-04T14:00:00Z'));

    // Assess
    expect(state).toEqual({
      state: 'CLOSED',
      event: {
        summary: 'Release freeze',
        start: at('2026-12-04T13:00:00Z'),
        end: at('2026-12-04T21:00:00Z'),
      },
      nextTransitionTime: at('2026-12-04T21:00:00Z'),
    });
  });

  it('is OPEN before the event (next transition: its start) and from its end on', () => {
    // Act
    const before = calendarStateAt(release, at('2026-12-04T12:59:59Z'));
    const atEnd = calendarStateAt(release, at('2026-12-04T21:00:00Z'));

    // Assess
    expect(before).toEqual({ state: 'OPEN', nextTransitionTime: at('2026-12-04T13:00:00Z') });
    expect(atEnd).toEqual({ state: 'OPEN' });
  });

  it('is OPEN during an event of a DEFAULT_CLOSED calendar and CLOSED outside', () => {
    // Prepare
    const window = calendar(
      'DEFAULT_CLOSED',
      ...vevent('SUMMARY:Change window', 'DTSTART:20260110T010000Z', 'DTEND:20260110T050000Z'),
    );

    // Act
    const inside = calendarStateAt(window, at('2026-01-10T01:00:00Z'));
    const outside = calendarStateAt(window, at('2026-01-09T00:00:00Z'));

    // Assess
    expect(inside).toMatchObject({
      state: 'OPEN',
      event: { summary: 'Change window' },
      nextTransitionTime: at('2026-01-10T05:00:00Z'),
    });
    expect(outside).toEqual({ state: 'CLOSED', nextTransitionTime: at('2026-01-10T01:00:00Z') });
  });

  it('reads an all-day event in X-WR-TIMEZONE, and in UTC when the calendar names no zone', () => {
    // Prepare
    const holiday = vevent(
      'SUMMARY:Labor Thanksgiving Day',
      'DTSTART;VALUE=DATE:20261123',
      'DTEND;VALUE=DATE:20261124',
    );
    const tokyo = calendar('DEFAULT_OPEN', 'X-WR-TIMEZONE:Asia/Tokyo', ...holiday);
    const utc = calendar('DEFAULT_OPEN', ...holiday);

    // Act
    const tokyoState = calendarStateAt(tokyo, at('2026-11-22T15:00:00Z'));
    const utcState = calendarStateAt(utc, at('2026-11-22T15:00:00Z'));

    // Assess
    expect(tokyoState).toMatchObject({
      state: 'CLOSED',
      event: { start: at('2026-11-22T15:00:00Z'), end: at('2026-11-23T15:00:00Z') },
    });
    expect(utcState).toEqual({ state: 'OPEN', nextTransitionTime: at('2026-11-23T00:00:00Z') });
  });

  it('gives an all-day event without DTEND its one day', () => {
    // Prepare
    const doc = calendar(
      'DEFAULT_OPEN',
      'X-WR-TIMEZONE:Asia/Tokyo',
      ...vevent('SUMMARY:Day off', 'DTSTART;VALUE=DATE:20260301'),
    );

    // Act
    const state = calendarStateAt(doc, at('2026-03-01T12:00:00Z'));

    // Assess
    expect(state.nextTransitionTime).toEqual(at('2026-03-01T15:00:00Z'));
  });

  it('reads a floating time in the calendar zone', () => {
    // Prepare
    const doc = calendar(
      'DEFAULT_OPEN',
      'X-WR-TIMEZONE:Europe/Berlin',
      ...vevent('SUMMARY:Audit', 'DTSTART:20260715T090000', 'DTEND:20260715T100000'),
    );

    // Act
    const state = calendarStateAt(doc, at('2026-07-15T07:30:00Z'));

    // Assess
    expect(state).toMatchObject({
      state: 'CLOSED',
      nextTransitionTime: at('2026-07-15T08:00:00Z'),
    });
  });

  it('expands RRULE occurrences at their wall-clock time across a DST change, minus EXDATEs', () => {
    // Prepare: Saturdays 22:00-23:00 New York; clocks go back on 2026-11-01.
    const doc = calendar(
      'DEFAULT_OPEN',
      ...vevent(
        'SUMMARY:Weekly batch',
        'DTSTART;TZID=America/New_York:20261024T220000',
        'DTEND;TZID=America/New_York:20261024T230000',
        'RRULE:FREQ=WEEKLY;BYDAY=SA',
        'EXDATE;TZID=America/New_York:20261114T220000',
      ),
    );

    // Act
    const summer = calendarStateAt(doc, at('2026-10-25T02:30:00Z'));
    const winter = calendarStateAt(doc, at('2026-11-08T03:30:00Z'));
    const hourBefore = calendarStateAt(doc, at('2026-11-08T02:30:00Z'));
    const skipped = calendarStateAt(doc, at('2026-11-15T03:30:00Z'));

    // Assess
    expect(summer).toMatchObject({
      state: 'CLOSED',
      nextTransitionTime: at('2026-10-25T03:00:00Z'),
    });
    expect(winter).toMatchObject({
      state: 'CLOSED',
      event: { start: at('2026-11-08T03:00:00Z'), end: at('2026-11-08T04:00:00Z') },
    });
    expect(hourBefore).toEqual({ state: 'OPEN', nextTransitionTime: at('2026-11-08T03:00:00Z') });
    expect(skipped).toEqual({ state: 'OPEN', nextTransitionTime: at('2026-11-22T03:00:00Z') });
  });

  it('takes a moved occurrence (RECURRENCE-ID) instead of the one its rule gives', () => {
    // Prepare
    const master = [
      'BEGIN:VEVENT',
      'UID:nightly',
      'SUMMARY:Nightly batch',
      'DTSTART:20260601T010000Z',
      'DTEND:20260601T020000Z',
      'RRULE:FREQ=DAILY;COUNT=5',
      'END:VEVENT',
    ];
    const moved = [
      'BEGIN:VEVENT',
      'UID:nightly',
      'RECURRENCE-ID:20260603T010000Z',
      'SUMMARY:Nightly batch (late)',
      'DTSTART:20260603T040000Z',
      'DTEND:20260603T050000Z',
      'END:VEVENT',
    ];
    const doc = calendar('DEFAULT_OPEN', ...master, ...moved);

    // Act
    const ruleTime = calendarStateAt(doc, at('2026-06-03T01:30:00Z'));
    const movedTime = calendarStateAt(doc, at('2026-06-03T04:30:00Z'));

    // Assess
    expect(ruleTime).toEqual({ state: 'OPEN', nextTransitionTime: at('2026-06-03T04:00:00Z') });
    expect(movedTime).toMatchObject({
      state: 'CLOSED',
      event: { summary: 'Nightly batch (late)' },
    });
  });

  it('follows overlapping and back-to-back events to the end of the stretch', () => {
    // Prepare
    const doc = calendar(
      'DEFAULT_OPEN',
      ...vevent('SUMMARY:A', 'DTSTART:20260801T000000Z', 'DTEND:20260801T060000Z'),
      ...vevent('SUMMARY:B', 'DTSTART:20260801T050000Z', 'DTEND:20260801T080000Z'),
      ...vevent('SUMMARY:C', 'DTSTART:20260801T080000Z', 'DTEND:20260801T090000Z'),
      ...vevent('SUMMARY:D', 'DTSTART:20260801T100000Z', 'DTEND:20260801T110000Z'),
    );

    // Act
    const state = calendarStateAt(doc, at('2026-08-01T01:00:00Z'));

    // Assess
    expect(state).toMatchObject({
      state: 'CLOSED',
      event: { summary: 'A' },
      nextTransitionTime: at('2026-08-01T09:00:00Z'),
    });
  });

  it('uses a VTIMEZONE the document defines for its TZID', () => {
    // Prepare: a made-up zone name, defined in the document as UTC+09:00.
    const doc = calendar(
      'DEFAULT_OPEN',
      'BEGIN:VTIMEZONE',
      'TZID:Office Time',
      'BEGIN:STANDARD',
      'DTSTART:19700101T000000',
      'TZOFFSETFROM:+0900',
      'TZOFFSETTO:+0900',
      'END:STANDARD',
      'END:VTIMEZONE',
      ...vevent(
        'SUMMARY:Inventory',
        'DTSTART;TZID=Office Time:20260401T090000',
        'DTEND;TZID=Office Time:20260401T120000',
      ),
    );

    // Act
    const state = calendarStateAt(doc, at('2026-04-01T00:00:00Z'));

    // Assess
    expect(state).toMatchObject({
      state: 'CLOSED',
      nextTransitionTime: at('2026-04-01T03:00:00Z'),
    });
  });

  it('reports no next transition for a calendar without events (the SSM console adds a VTODO)', () => {
    // Prepare
    const empty = calendar(
      'DEFAULT_OPEN',
      'BEGIN:VTODO',
      'DTSTAMP:20200320T004207Z',
      'UID:3b5af39a',
      'SUMMARY:Add events to this calendar.',
      'END:VTODO',
    );

    // Act / Assess
    expect(calendarStateAt(empty, at('2026-01-01T00:00:00Z'))).toEqual({ state: 'OPEN' });
  });

  it('throws CalendarDocumentError, with the problems, for a document it cannot read', () => {
    // Act
    let err: unknown;
    try {
      calendarStateAt(calendar(undefined), at('2026-01-01T00:00:00Z'));
    } catch (e) {
      err = e;
    }

    // Assess
    expect(err).toBeInstanceOf(CalendarDocumentError);
    expect((err as CalendarDocumentError).problems).toEqual([
      'no X-CALENDAR-TYPE (DEFAULT_OPEN or DEFAULT_CLOSED)',
    ]);
  });
});

describe('validateCalendar', () => {
  it('finds nothing wrong with a good calendar', () => {
    // Prepare
    const doc = calendar(
      'DEFAULT_OPEN',
      'X-WR-TIMEZONE:Asia/Tokyo',
      ...vevent('SUMMARY:x', 'DTSTART;VALUE=DATE:20260101', 'DTEND;VALUE=DATE:20260102'),
    );

    // Act / Assess
    expect(validateCalendar(doc)).toEqual([]);
  });

  it('says what is wrong', () => {
    // Prepare
    const cases: [string, string[]][] = [
      ['not a calendar at all', ['not iCalendar: ']],
      [
        'BEGIN:VEVENT\r\nSUMMARY:x\r\nEND:VEVENT\r\n',
        ['not iCalendar: the top component is vevent'],
      ],
      [calendar(undefined), ['no X-CALENDAR-TYPE (DEFAULT_OPEN or DEFAULT_CLOSED)']],
      [calendar('SOMETIMES'), ['X-CALENDAR-TYPE is SOMETIMES, not DEFAULT_OPEN or DEFAULT_CLOSED']],
      [calendar('DEFAULT_OPEN', 'X-WR-TIMEZONE:Mars/Olympus'), ['X-WR-TIMEZONE Mars/Olympus']],
      [calendar('DEFAULT_OPEN', ...vevent('SUMMARY:Party')), ['event 1 (Party) has no DTSTART']],
      [
        calendar('DEFAULT_OPEN', ...vevent('SUMMARY:x', 'DTSTART;TZID=Nowhere:20260101T000000')),
        ['event 1 (x): DTSTART has unknown TZID Nowhere'],
      ],
      [
        calendar(
          'DEFAULT_OPEN',
          ...vevent('SUMMARY:x', 'DTSTART:20260102T000000Z', 'DTEND:20260101T000000Z'),
        ),
        ['event 1 (x) ends before it starts'],
      ],
    ];

    // Act
    const found = cases.map(([doc]) => validateCalendar(doc));

    // Assess
    found.forEach((problems, i) => {
      const expected = cases[i][1];
      expect(problems).toHaveLength(expected.length);
      problems.forEach((p, j) => expect(p.startsWith(expected[j])).toBe(true));
    });
  });
});
