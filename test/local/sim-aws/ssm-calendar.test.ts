import {
  GetCalendarStateCommand,
  GetDocumentCommand,
  InvalidDocument,
  InvalidDocumentVersion,
  SSMServiceException,
} from '@aws-sdk/client-ssm';
import { createSimulatedClients, SimulatedAccount } from '../../../local/sim-aws';
import { newAccount } from './sim-fixture';

const CLOSURE = [
  'BEGIN:VCALENDAR',
  'PRODID:-//AWS//Change Calendar 1.0//EN',
  'VERSION:2.0',
  'X-CALENDAR-TYPE:DEFAULT_OPEN',
  'X-WR-TIMEZONE:Asia/Tokyo',
  'BEGIN:VEVENT',
  'UID:culture-day-2026',
  'SUMMARY:Culture Day',
  'DTSTART;VALUE=DATE:20261103',
  'DTEND;VALUE=DATE:20261104',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

/** A DEFAULT_OPEN calendar closed over one UTC stretch. */
function closedBetween(summary: string, start: string, end: string): string {
  return CLOSURE.replace('SUMMARY:Culture Day', `SUMMARY:${summary}`)
    .replace('DTSTART;VALUE=DATE:20261103', `DTSTART:${start}`)
    .replace('DTEND;VALUE=DATE:20261104', `DTEND:${end}`);
}

function setup() {
  const fixture = newAccount();
  fixture.account.addCalendar('jp-holidays', CLOSURE);
  return { ...fixture, ssm: createSimulatedClients(fixture.account).ssm };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
}

describe('SSM GetCalendarState', () => {
  it('answers CLOSED during an event, with the time asked and when it reopens', async () => {
    // Prepare
    const { ssm } = setup();

    // Act
    const out = await ssm.send(
      new GetCalendarStateCommand({
        CalendarNames: ['jp-holidays'],
        AtTime: '2026-11-03T10:00:00+09:00',
      }),
    );

    // Assess
    expect(out).toMatchObject({
      State: 'CLOSED',
      AtTime: '2026-11-03T01:00:00Z',
      NextTransitionTime: '2026-11-03T15:00:00Z',
    });
  });

  it("uses the account's clock without AtTime, and takes the CLI's offset without a colon", async () => {
    // Prepare
    const { clock, ssm } = setup();
    clock.t = Date.parse('2026-11-02T14:59:59Z');

    // Act
    const now = await ssm.send(new GetCalendarStateCommand({ CalendarNames: ['jp-holidays'] }));
    const cli = await ssm.send(
      new GetCalendarStateCommand({
        CalendarNames: ['jp-holidays'],
        AtTime: '2026-11-03T08:00:00+0900',
      }),
    );

    // Assess
    expect(now).toMatchObject({
      State: 'OPEN',
      AtTime: '2026-11-02T14:59:59Z',
      NextTransitionTime: '2026-11-02T15:00:00Z',
    });
    expect(cli.State).toBe('CLOSED');
  });

  it('takes the ARN of a document in the account', async () => {
    // Prepare
    const { ssm } = setup();

    // Act
    const out = await ssm.send(
      new GetCalendarStateCommand({
        CalendarNames: ['arn:aws:ssm:us-east-1:123456789012:document/jp-holidays'],
        AtTime: '2026-11-03T00:00:00Z',
      }),
    );

    // Assess
    expect(out.State).toBe('CLOSED');
  });

  it('is CLOSED if any calendar is, until the combined state changes', async () => {
    // Prepare
    const { account, ssm } = setup();
    account.addCalendar('freeze-a', closedBetween('A', '20260601T000000Z', '20260601T060000Z'));
    account.addCalendar('freeze-b', closedBetween('B', '20260601T040000Z', '20260601T080000Z'));

    // Act
    const both = await ssm.send(
      new GetCalendarStateCommand({
        CalendarNames: ['freeze-a', 'freeze-b', 'jp-holidays'],
        AtTime: '2026-06-01T01:00:00Z',
      }),
    );
    const before = await ssm.send(
      new GetCalendarStateCommand({
        CalendarNames: ['freeze-b', 'freeze-a'],
        AtTime: '2026-05-31T00:00:00Z',
      }),
    );

    // Assess
    expect(both).toMatchObject({ State: 'CLOSED', NextTransitionTime: '2026-06-01T08:00:00Z' });
    expect(before).toMatchObject({ State: 'OPEN', NextTransitionTime: '2026-06-01T00:00:00Z' });
  });

  it('answers InvalidDocument, the SDK class, for an unknown calendar or another account', async () => {
    // Prepare
    const { ssm } = setup();

    // Act
    const unknown = await rejection(
      ssm.send(new GetCalendarStateCommand({ CalendarNames: ['jp-holidays', 'no-such-cal'] })),
    );
    const foreign = await rejection(
      ssm.send(
        new GetCalendarStateCommand({
          CalendarNames: ['arn:aws:ssm:us-east-1:210987654321:document/jp-holidays'],
        }),
      ),
    );

    // Assess
    expect(unknown).toBeInstanceOf(InvalidDocument);
    expect(unknown).toBeInstanceOf(SSMServiceException);
    expect(unknown).toMatchObject({
      name: 'InvalidDocument',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
    });
    expect((unknown as Error).message).toContain('no-such-cal');
    expect(foreign).toBeInstanceOf(InvalidDocument);
  });

  it('refuses a time that is not ISO 8601, and an empty list', async () => {
    // Prepare
    const { ssm } = setup();

    // Act
    const badTime = await rejection(
      ssm.send(
        new GetCalendarStateCommand({ CalendarNames: ['jp-holidays'], AtTime: 'next Tuesday' }),
      ),
    );
    const none = await rejection(ssm.send(new GetCalendarStateCommand({ CalendarNames: [] })));

    // Assess
    expect(badTime).toMatchObject({ name: 'ValidationException' });
    expect(none).toMatchObject({ name: 'ValidationException' });
  });

  it('answers an injected fault first, then the state, and records both calls', async () => {
    // Prepare
    const { account, ssm } = setup();
    account.faults.failCalls({
      service: 'ssm',
      action: 'GetCalendarState',
      code: 'ThrottlingException',
      httpStatus: 400,
    });
    const send = () =>
      ssm.send(
        new GetCalendarStateCommand({
          CalendarNames: ['jp-holidays'],
          AtTime: '2026-01-01T00:00:00Z',
        }),
      );

    // Act
    const first = await rejection(send());
    const second = await send();

    // Assess
    expect(first).toBeInstanceOf(SSMServiceException);
    expect(first).toMatchObject({ name: 'ThrottlingException' });
    expect(second.State).toBe('OPEN');
    expect(account.calls.map((c) => c.error ?? 'ok')).toEqual(['ThrottlingException', 'ok']);
  });
});

describe('SSM GetDocument for a Change Calendar', () => {
  it('returns the iCalendar text as stored, typed ChangeCalendar, format TEXT', async () => {
    // Prepare
    const { ssm, t0 } = setup();

    // Act
    const out = await ssm.send(new GetDocumentCommand({ Name: 'jp-holidays' }));

    // Assess
    expect(out).toMatchObject({
      Name: 'jp-holidays',
      Content: CLOSURE,
      DocumentType: 'ChangeCalendar',
      DocumentFormat: 'TEXT',
      DocumentVersion: '1',
      Status: 'Active',
      CreatedDate: new Date(t0),
    });
  });

  it('answers InvalidDocument for an unknown name and InvalidDocumentVersion for a version', async () => {
    // Prepare
    const { account, ssm } = setup();
    account.faults.failCalls({
      service: 'ssm',
      action: 'GetDocument',
      code: 'InternalServerError',
      httpStatus: 500,
    });

    // Act
    const injected = await rejection(ssm.send(new GetDocumentCommand({ Name: 'jp-holidays' })));
    const unknown = await rejection(ssm.send(new GetDocumentCommand({ Name: 'nope-cal' })));
    const version = await rejection(
      ssm.send(new GetDocumentCommand({ Name: 'jp-holidays', DocumentVersion: '7' })),
    );

    // Assess
    expect(injected).toMatchObject({ name: 'InternalServerError', $fault: 'server' });
    expect(unknown).toBeInstanceOf(InvalidDocument);
    expect(version).toBeInstanceOf(InvalidDocumentVersion);
  });
});

describe('SimulatedAccount calendars', () => {
  it('are seeded from the options, as the configuration lists them', async () => {
    // Prepare
    const account = new SimulatedAccount({
      clock: { now: () => Date.parse('2026-11-03T03:00:00Z') },
      calendars: [{ name: 'jp-holidays', content: CLOSURE }],
    });

    // Act
    const out = await account.call('ssm', 'GetCalendarState', { CalendarNames: ['jp-holidays'] });

    // Assess
    expect(out).toMatchObject({ State: 'CLOSED', AtTime: '2026-11-03T03:00:00Z' });
  });

  it('refuses what CreateDocument would: a bad or taken name, content that is no calendar', () => {
    // Prepare
    const { account } = setup();

    // Act / Assess
    expect(() => account.addCalendar('aws-holidays', CLOSURE)).toThrow('not a name SSM allows');
    expect(() => account.addCalendar('x', CLOSURE)).toThrow('not a name SSM allows');
    expect(() => account.addCalendar('jp-holidays', CLOSURE)).toThrow('already exists');
    expect(() => account.addCalendar('broken', 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n')).toThrow(
      'no X-CALENDAR-TYPE',
    );
  });
});
