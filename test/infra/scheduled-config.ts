import type { AppConfigInput } from '../../config/schema';
import { exampleConfig } from './synth-app';

/** A Change Calendar as the console writes one: open by default, holidays as events. */
export const HOLIDAYS_ICS = [
  'BEGIN:VCALENDAR',
  'PRODID:-//AWS//Change Calendar 1.0//EN',
  'VERSION:2.0',
  'X-CALENDAR-TYPE:DEFAULT_OPEN',
  'X-WR-CALDESC:Shop holidays',
  'BEGIN:VEVENT',
  'DTSTAMP:20261201T000000Z',
  'UID:shop-holiday-1',
  'SUMMARY:Year-end holiday',
  'DTSTART;TZID=Asia/Tokyo:20261231T000000',
  'DTEND;TZID=Asia/Tokyo:20270104T000000',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

/**
 * The example configuration with schedules of each kind (its own file does not depend on the
 * example gaining some): the system reads times in Asia/Tokyo and names a deployed calendar;
 * one schedule has its own zone, a flexible window and an external calendar; one is a rate().
 */
export function scheduledConfig(): AppConfigInput {
  const config = exampleConfig();
  config.systems[0] = {
    ...config.systems[0],
    timeZone: 'Asia/Tokyo',
    calendar: 'shop-holidays',
    schedules: [
      {
        name: 'nightly-stop',
        jobnet: 'stop',
        expression: 'cron(0 22 ? * MON-FRI *)',
        approval: 'unless-held',
        holdWindowMinutes: 15,
        description: 'Mon-Fri 22:00',
      },
      {
        name: 'morning-start',
        jobnet: 'start',
        expression: 'cron(0 7 ? * MON-FRI *)',
        timeZone: 'Europe/Berlin',
        approval: 'required',
        flexibleWindowMinutes: 10,
        calendar: 'ops-freeze',
      },
      {
        name: 'every-6h',
        jobnet: 'start',
        expression: 'rate(6 hours)',
        approval: 'preapproved',
      },
    ],
  };
  config.calendars = [{ name: 'shop-holidays', content: HOLIDAYS_ICS }];
  return config;
}

/** The synth time the scheduled tests fix: rate() StartDates follow from it. */
export const SYNTH_TIME = new Date('2026-12-02T10:20:00Z');

/** The example configuration with no schedules and no calendars: nothing scheduled to deploy. */
export function unscheduledConfig(): AppConfigInput {
  const config = exampleConfig();
  config.systems = config.systems.map(
    ({ schedules: _schedules, calendar: _calendar, ...system }) => system,
  );
  config.calendars = [];
  return config;
}
