import { CalendarUnavailable, checkCalendar } from '../../../bot/scheduled-run/calendar-check';
import { createSimulatedClients, SimulatedAccount } from '../../../local/sim-aws';
import { steppingClock } from '../../helpers/stepping-clock';

const HOLIDAYS = [
  'BEGIN:VCALENDAR',
  'PRODID:-//AWS//Change Calendar 1.0//EN',
  'VERSION:2.0',
  'X-CALENDAR-TYPE:DEFAULT_OPEN',
  'X-WR-TIMEZONE:Asia/Tokyo',
  'BEGIN:VEVENT',
  'UID:labor-thanksgiving-2026',
  'SUMMARY:Labor Thanksgiving Day',
  'DTSTART;VALUE=DATE:20261123',
  'DTEND;VALUE=DATE:20261124',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

// 22:00 in Tokyo on the holiday, and on the working day before it.
const ON_HOLIDAY = new Date('2026-11-23T13:00:00Z');
const DAY_BEFORE = new Date('2026-11-22T13:00:00Z');

function setup() {
  const account = new SimulatedAccount({
    clock: { now: () => ON_HOLIDAY.getTime() },
    calendars: [{ name: 'jp-holidays', content: HOLIDAYS }],
  });
  const clock = steppingClock();
  return { account, clock, ssm: createSimulatedClients(account).ssm };
}

const calls = (account: SimulatedAccount) =>
  account.calls.map((c) => `${c.action}${c.error ? ` ${c.error}` : ''}`);

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the check to fail');
    },
    (e: unknown) => e,
  );
}

describe('checkCalendar', () => {
  it('answers OPEN with one GetCalendarState', async () => {
    // Prepare
    const { account, clock, ssm } = setup();

    // Act
    const check = await checkCalendar(ssm, 'jp-holidays', DAY_BEFORE, { clock });

    // Assess
    expect(check).toEqual({ state: 'OPEN' });
    expect(calls(account)).toEqual(['GetCalendarState']);
  });

  it('answers CLOSED with the calendar, the event from the document and when it reopens', async () => {
    // Prepare
    const { account, clock, ssm } = setup();

    // Act
    const check = await checkCalendar(ssm, 'jp-holidays', ON_HOLIDAY, { clock });

    // Assess
    expect(check).toEqual({
      state: 'CLOSED',
      calendar: 'jp-holidays',
      event: {
        summary: 'Labor Thanksgiving Day',
        start: new Date('2026-11-22T15:00:00Z'),
        end: new Date('2026-11-23T15:00:00Z'),
      },
      reopensAt: new Date('2026-11-23T15:00:00Z'),
    });
    expect(calls(account)).toEqual(['GetCalendarState', 'GetDocument']);
  });

  it('tries a throttled SSM again, backing off', async () => {
    // Prepare
    const { account, clock, ssm } = setup();
    account.faults.failCalls({
      service: 'ssm',
      action: 'GetCalendarState',
      code: 'ThrottlingException',
      httpStatus: 400,
      times: 2,
    });

    // Act
    const check = await checkCalendar(ssm, 'jp-holidays', DAY_BEFORE, { clock });

    // Assess
    expect(check).toEqual({ state: 'OPEN' });
    expect(clock.sleeps).toEqual([500, 1000]);
    expect(calls(account)).toEqual([
      'GetCalendarState ThrottlingException',
      'GetCalendarState ThrottlingException',
      'GetCalendarState',
    ]);
  });

  it('gives up after the tries with a transient CalendarUnavailable naming the calendar', async () => {
    // Prepare
    const { account, clock, ssm } = setup();
    account.faults.failCalls({
      service: 'ssm',
      action: 'GetCalendarState',
      code: 'InternalServerError',
      httpStatus: 500,
      times: 5,
    });

    // Act
    const err = await rejection(checkCalendar(ssm, 'jp-holidays', DAY_BEFORE, { clock }));

    // Assess
    expect(err).toBeInstanceOf(CalendarUnavailable);
    expect(err).toMatchObject({ calendar: 'jp-holidays', transient: true });
    expect((err as Error).message).toMatch(
      /^Change Calendar jp-holidays could not be checked: SSM kept failing \(InternalServerError/,
    );
    expect(account.calls).toHaveLength(3);
  });

  it('refuses an unknown calendar at once, naming it', async () => {
    // Prepare
    const { account, clock, ssm } = setup();

    // Act
    const err = await rejection(checkCalendar(ssm, 'jp-holidayz', ON_HOLIDAY, { clock }));

    // Assess
    expect(err).toBeInstanceOf(CalendarUnavailable);
    expect(err).toMatchObject({
      calendar: 'jp-holidayz',
      transient: false,
      message:
        'Change Calendar jp-holidayz does not exist in this account and region (or is not shared with it)',
    });
    expect(calls(account)).toEqual(['GetCalendarState InvalidDocument']);
  });

  it('still answers CLOSED, without the event, when the document cannot be read', async () => {
    // Prepare
    const { account, clock, ssm } = setup();
    account.faults.failCalls({
      service: 'ssm',
      action: 'GetDocument',
      code: 'AccessDeniedException',
      httpStatus: 400,
    });

    // Act
    const check = await checkCalendar(ssm, 'jp-holidays', ON_HOLIDAY, { clock });

    // Assess
    expect(check).toEqual({
      state: 'CLOSED',
      calendar: 'jp-holidays',
      reopensAt: new Date('2026-11-23T15:00:00Z'),
    });
  });
});
