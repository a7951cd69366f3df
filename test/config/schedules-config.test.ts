import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jobnetInputSchema } from '../../contract/jobnet-input';
import { buildExecutionInput } from '../../config/execution-input';
import { ConfigError, loadConfigFile, parseConfig } from '../../config/load';
import example from '../../config/example.config.json';

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const EXAMPLE_FILE = join(__dirname, '../../config/example.config.json');
const ICS = 'BEGIN:VCALENDAR\r\nX-CALENDAR-TYPE:DEFAULT_OPEN\r\nEND:VCALENDAR\r\n';

function raw(change: (config: Raw) => void = () => undefined): Raw {
  const config = structuredClone(example) as Raw;
  change(config);
  return config;
}

/** The problems a changed example reports, one per line ('' lines dropped). */
function problemsWith(change: (config: Raw) => void): string[] {
  try {
    parseConfig(raw(change));
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message
      .split('\n')
      .slice(1)
      .map((line) => line.trim());
  }
}

/** The example system's first schedule (nightly-stop, unless-held). */
const schedule = (c: Raw, index = 0): Raw => c.systems[0].schedules[index];

/** Writes a configuration and the given files to a fresh folder; returns the config's path. */
function writeConfigFolder(config: unknown, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'config-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const path = join(dir, 'config.json');
  writeFileSync(path, JSON.stringify(config));
  return path;
}

describe('schedules in the configuration', () => {
  it('accepts the example: a schedule of each policy and a calendar', () => {
    const config = loadConfigFile(EXAMPLE_FILE);
    const [system] = config.systems;
    expect(system.schedules.map((s) => [s.name, s.jobnet, s.approval])).toEqual([
      ['nightly-stop', 'stop', 'unless-held'],
      ['morning-start', 'start', 'preapproved'],
      ['monthly-maintenance', 'stop', 'required'],
    ]);
    expect(config.calendars).toEqual([
      {
        name: 'jp-holidays',
        file: 'calendars/jp-holidays.ics',
        content: expect.stringMatching(/^BEGIN:VCALENDAR\r?\n/),
      },
    ]);
  });

  describe('defaults', () => {
    it('a system: UTC, the first channel, no calendar, no schedules; no calendars', () => {
      const config = parseConfig(
        raw((c) => {
          delete c.systems[0].timeZone;
          delete c.systems[0].calendar;
          delete c.systems[0].schedules;
          delete c.calendars;
          c.slack.channels = ['C0EXAMPLE1', 'C0EXAMPLE2'];
        }),
      );
      const [system] = config.systems;
      expect(system.timeZone).toBe('UTC');
      expect(system.channel).toBe('C0EXAMPLE1');
      expect(system.calendar).toBeUndefined();
      expect(system.schedules).toEqual([]);
      expect(config.calendars).toEqual([]);
    });

    it('a schedule: the system’s zone and calendar, 15 minutes to hold an unless-held run', () => {
      const [nightly, morning] = parseConfig(
        raw((c) => {
          delete schedule(c).holdWindowMinutes;
          schedule(c, 1).timeZone = 'UTC';
          schedule(c, 1).calendar = 'other-calendar';
        }),
      ).systems[0].schedules;
      expect(nightly).toMatchObject({
        timeZone: 'Asia/Tokyo',
        calendar: 'jp-holidays',
        holdWindowMinutes: 15,
      });
      expect(morning).toMatchObject({ timeZone: 'UTC', calendar: 'other-calendar' });
      expect(morning.holdWindowMinutes).toBeUndefined();
    });

    it('a system in another of the channels keeps it', () => {
      const config = parseConfig(
        raw((c) => {
          c.slack.channels = ['C0EXAMPLE1', 'C0EXAMPLE2'];
          c.systems[0].channel = 'C0EXAMPLE2';
        }),
      );
      expect(config.systems[0].channel).toBe('C0EXAMPLE2');
    });
  });

  it('keeps the new fields out of the execution input, which stays strict', () => {
    const [system] = loadConfigFile(EXAMPLE_FILE).systems;
    const input = buildExecutionInput(system, {
      runId: 'run-1',
      requestedBy: 'U0REQUESTER',
      approvalTimeoutSeconds: 3600,
    });
    for (const field of ['timeZone', 'channel', 'calendar', 'schedules', 'name', 'description']) {
      expect(input).not.toHaveProperty(field);
    }
    expect(jobnetInputSchema.safeParse(input).success).toBe(true);
  });

  describe('names the bad field', () => {
    it.each<[string, (c: Raw) => void, string]>([
      [
        'a bad expression',
        (c) => (schedule(c, 1).expression = 'cron(0 7 * * MON-FRI *)'),
        '- systems.0.schedules.1.expression: cron: one of day-of-month and day-of-week must be ? (EventBridge cannot combine them)',
      ],
      [
        'a five-field cron',
        (c) => (schedule(c).expression = 'cron(0 22 ? * MON-FRI)'),
        '- systems.0.schedules.0.expression: cron needs six fields (minutes hours day-of-month month day-of-week year), not 5',
      ],
      [
        'a rate with the wrong number',
        (c) => (schedule(c).expression = 'rate(1 hours)'),
        '- systems.0.schedules.0.expression: rate(1 hours): write rate(1 hour)',
      ],
      [
        'a one-time expression',
        (c) => (schedule(c).expression = 'at(2026-12-05T22:00:00)'),
        '- systems.0.schedules.0.expression: at(…) is for the one-off runs the bot creates; a schedule takes cron(…) or rate(…)',
      ],
      [
        'a schedule that can never fire',
        (c) => (schedule(c, 2).expression = 'cron(0 1 30 2 ? *)'),
        '- systems.0.schedules.2.expression: never fires: no occurrence in the next 5 years (Asia/Tokyo)',
      ],
      [
        'a year list all in the past',
        (c) => (schedule(c, 2).expression = 'cron(0 1 ? * SUN#1 2020-2021)'),
        '- systems.0.schedules.2.expression: never fires: no occurrence in the next 5 years (Asia/Tokyo)',
      ],
      [
        'an unknown system time zone',
        (c) => (c.systems[0].timeZone = 'Asia/Tokio'),
        '- systems.0.timeZone: unknown time zone "Asia/Tokio": use an IANA name such as Asia/Tokyo or UTC',
      ],
      [
        'an unknown schedule time zone',
        (c) => (schedule(c).timeZone = 'JST'),
        '- systems.0.schedules.0.timeZone: unknown time zone "JST": use an IANA name such as Asia/Tokyo or UTC',
      ],
      [
        'two schedules of one name',
        (c) => (schedule(c, 2).name = 'nightly-stop'),
        '- systems.0.schedules.2.name: another schedule of shop is named nightly-stop',
      ],
      [
        'a schedule name EventBridge would refuse',
        (c) => (schedule(c).name = 'Nightly_Stop'),
        '- systems.0.schedules.0.name: must be 1-24 lower-case letters, digits or -, starting with a letter',
      ],
      [
        'an unknown jobnet',
        (c) => (schedule(c).jobnet = 'restart'),
        '- systems.0.schedules.0.jobnet: Invalid option: expected one of "stop"|"start"',
      ],
      [
        'no approval policy',
        (c) => delete schedule(c).approval,
        '- systems.0.schedules.0.approval: Invalid option: expected one of "required"|"unless-held"|"preapproved"',
      ],
      [
        'an unknown approval policy',
        (c) => (schedule(c).approval = 'auto'),
        '- systems.0.schedules.0.approval: Invalid option: expected one of "required"|"unless-held"|"preapproved"',
      ],
      [
        'a hold window on a policy without one',
        (c) => (schedule(c, 1).holdWindowMinutes = 10),
        '- systems.0.schedules.1.holdWindowMinutes: only an unless-held schedule has a hold window; this one is preapproved',
      ],
      [
        'a hold window of no minutes',
        (c) => (schedule(c).holdWindowMinutes = 0),
        '- systems.0.schedules.0.holdWindowMinutes: Too small: expected number to be >=1',
      ],
      [
        'a hold window longer than the approval timeout',
        (c) => (schedule(c).holdWindowMinutes = 61),
        '- systems.0.schedules.0.holdWindowMinutes: must be at most 60 minutes, the approval timeout (slack.approvalTimeoutSeconds); without a value it is 15',
      ],
      [
        'the default hold window, longer than a short approval timeout',
        (c) => {
          c.slack.approvalTimeoutSeconds = 600;
          delete schedule(c).holdWindowMinutes;
          delete c.systems[0].auroraWatch;
        },
        '- systems.0.schedules.0.holdWindowMinutes: must be at most 10 minutes, the approval timeout (slack.approvalTimeoutSeconds); without a value it is 15',
      ],
      [
        'a flexible window of no minutes',
        (c) => (schedule(c).flexibleWindowMinutes = 0),
        '- systems.0.schedules.0.flexibleWindowMinutes: Too small: expected number to be >=1',
      ],
      [
        'a flexible window over a day',
        (c) => (schedule(c).flexibleWindowMinutes = 1441),
        '- systems.0.schedules.0.flexibleWindowMinutes: Too big: expected number to be <=1440',
      ],
      [
        'a channel the bot is not in',
        (c) => (c.systems[0].channel = 'C0ELSEWHERE'),
        '- systems.0.channel: must be one of slack.channels (C0EXAMPLE1)',
      ],
      [
        'a channel that is not a channel id',
        (c) => (c.systems[0].channel = '#ops'),
        '- systems.0.channel: must be a Slack channel id (C…)\n- systems.0.channel: must be one of slack.channels (C0EXAMPLE1)',
      ],
      [
        'a bad calendar name on a schedule',
        (c) => (schedule(c).calendar = 'jp holidays'),
        '- systems.0.schedules.0.calendar: must be a Change Calendar name (3-128 letters, digits, _, - or .) or its ARN',
      ],
      [
        'an unknown field of a schedule',
        (c) => (schedule(c).holdWindow = 15),
        '- systems.0.schedules.0.holdWindow: is not a known field',
      ],
      [
        'two calendars of one name',
        (c) => c.calendars.push({ name: 'jp-holidays', content: ICS }),
        '- calendars.1.name: another calendar is named jp-holidays',
      ],
      [
        'a calendar name AWS keeps for itself',
        (c) => (c.calendars[0].name = 'AWS-holidays'),
        '- calendars.0.name: must not begin with aws, amazon or amzn (AWS keeps those for its own documents)',
      ],
      [
        'a calendar with neither file nor content',
        (c) => delete c.calendars[0].file,
        '- calendars.0: give file (an iCalendar file, relative to the configuration file) or content',
      ],
      [
        'calendar content that is not iCalendar',
        (c) => (c.calendars[0] = { name: 'jp-holidays', content: 'Date,Holiday\n2026-11-23,x\n' }),
        '- calendars.0.content: is not an iCalendar file: it must begin with BEGIN:VCALENDAR',
      ],
    ])('%s', (_case, change, problem) => {
      expect(problemsWith(change)).toEqual(problem.split('\n'));
    });

    it('a calendar file that cannot be read', () => {
      const file = writeConfigFolder(
        raw((c) => (c.calendars[0].file = 'missing.ics')),
        {},
      );
      expect(() => loadConfigFile(file)).toThrow(
        /\n {2}- calendars\.0\.file: cannot read missing\.ics: ENOENT/,
      );
    });

    it('a calendar file that is not iCalendar', () => {
      const file = writeConfigFolder(
        raw((c) => (c.calendars[0].file = 'holidays.csv')),
        {
          'holidays.csv': 'Date,Holiday\n2026-11-23,Labor Thanksgiving Day\n',
        },
      );
      expect(() => loadConfigFile(file)).toThrow(
        /\n {2}- calendars\.0\.file: holidays\.csv is not an iCalendar file: it must begin with BEGIN:VCALENDAR$/,
      );
    });
  });

  it('reads calendar files relative to the configuration file', () => {
    const file = writeConfigFolder(
      raw((c) => (c.calendars[0].file = 'holidays.ics')),
      {
        'holidays.ics': ICS,
      },
    );
    expect(loadConfigFile(file).calendars[0].content).toBe(ICS);
  });

  it('takes calendar content given in code, and a file without a folder as shape only', () => {
    expect(
      parseConfig(raw((c) => (c.calendars[0] = { name: 'jp-holidays', content: ICS }))).calendars,
    ).toEqual([{ name: 'jp-holidays', content: ICS }]);
    expect(parseConfig(raw()).calendars).toEqual([
      { name: 'jp-holidays', file: 'calendars/jp-holidays.ics' },
    ]);
  });

  it('allows an external calendar by name or ARN', () => {
    expect(
      problemsWith((c) => {
        schedule(c).calendar = 'corporate-holidays';
        schedule(c, 1).calendar = 'arn:aws:ssm:us-east-1:123456789012:document/corp-holidays';
      }),
    ).toEqual([]);
  });

  it('fits the longest system and schedule names in an EventBridge schedule name', () => {
    expect(
      problemsWith((c) => {
        c.systems[0].name = 'a'.repeat(24);
        schedule(c).name = 'b'.repeat(24);
      }),
    ).toEqual([]);
  });
});
