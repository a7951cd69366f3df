import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogStreamCommand,
  FilterLogEventsCommand,
  InvalidParameterException,
  paginateFilterLogEvents,
  PutLogEventsCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
  type FilterLogEventsCommandInput,
} from '@aws-sdk/client-cloudwatch-logs';
import { createSimulatedClients } from '../../../local/sim-aws';
import { FILTER_SCAN_PER_CALL } from '../../../local/sim-aws/logs';
import { newAccount } from './sim-fixture';

const GROUP = 'WebappChatops-audit';

async function setup() {
  const fixture = newAccount();
  const logs = createSimulatedClients(fixture.account).logs;
  await logs.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: 'bot/1' }));
  return { ...fixture, logs };
}

/** What a rejected send threw. */
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

const json = (record: object) => JSON.stringify(record);

describe('CloudWatch Logs in the simulated account', () => {
  it('creates a stream once: a second CreateLogStream is ResourceAlreadyExistsException', async () => {
    const { logs } = await setup();
    const again = await failure(
      logs.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: 'bot/1' })),
    );
    expect(again).toBeInstanceOf(ResourceAlreadyExistsException);
  });

  it('refuses events for a group or stream that does not exist, as ResourceNotFoundException', async () => {
    const { logs, t0 } = await setup();
    const logEvents = [{ timestamp: t0, message: 'x' }];
    const noGroup = await failure(
      logs.send(
        new PutLogEventsCommand({ logGroupName: 'nope', logStreamName: 'bot/1', logEvents }),
      ),
    );
    const noStream = await failure(
      logs.send(
        new PutLogEventsCommand({ logGroupName: GROUP, logStreamName: 'bot/2', logEvents }),
      ),
    );
    expect(noGroup).toBeInstanceOf(ResourceNotFoundException);
    expect((noGroup as Error).message).toBe('The specified log group does not exist.');
    expect(noStream).toBeInstanceOf(ResourceNotFoundException);
    expect((noStream as Error).message).toBe('The specified log stream does not exist.');
  });

  it('validates a batch as the service does: order, span, sizes, non-empty messages', async () => {
    const { logs, t0 } = await setup();
    const put = (logEvents: { timestamp: number; message: string }[]) =>
      failure(
        logs.send(
          new PutLogEventsCommand({ logGroupName: GROUP, logStreamName: 'bot/1', logEvents }),
        ),
      );
    const cases = [
      [
        { timestamp: t0, message: 'b' },
        { timestamp: t0 - 1, message: 'a' },
      ],
      [
        { timestamp: t0 - 25 * 3_600_000, message: 'a' },
        { timestamp: t0, message: 'b' },
      ],
      [{ timestamp: t0, message: 'x'.repeat(1_048_576) }],
      [{ timestamp: t0, message: '' }],
      [],
    ];
    for (const events of cases) {
      const error = await put(events);
      expect(error).toBeInstanceOf(InvalidParameterException);
    }
    expect(((await put(cases[0])) as Error).message).toBe(
      'Log events in a single PutLogEvents request must be in chronological order.',
    );
  });

  it('keeps events too old or too new out, and says which, without failing the call', async () => {
    const { logs, t0 } = await setup();
    const out = await logs.send(
      new PutLogEventsCommand({
        logGroupName: GROUP,
        logStreamName: 'bot/1',
        logEvents: [
          { timestamp: t0 - 14 * 86_400_000 - 3_600_000, message: 'too old' },
          { timestamp: t0 - 14 * 86_400_000 + 3_600_000, message: 'kept' },
        ],
      }),
    );
    const ahead = await logs.send(
      new PutLogEventsCommand({
        logGroupName: GROUP,
        logStreamName: 'bot/1',
        logEvents: [{ timestamp: t0 + 3 * 3_600_000, message: 'too new' }],
      }),
    );
    const all = await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP }));
    expect(out.rejectedLogEventsInfo).toEqual({ tooOldLogEventEndIndex: 1 });
    expect(ahead.rejectedLogEventsInfo).toEqual({ tooNewLogEventStartIndex: 0 });
    expect(all.events?.map((e) => e.message)).toEqual(['kept']);
  });

  it('filters by time range and a JSON pattern with =, !=, wildcards, && and ||', async () => {
    const { logs, t0 } = await setup();
    const records = [
      { system: 'shop', action: 'request', actor: { id: 'U1' } },
      { system: 'shop', action: 'outcome', outcome: 'succeeded' },
      { system: 'blog', action: 'outcome', outcome: 'failed' },
      { system: 'shop', action: 'decision', outcome: 'approved', actor: { id: 'U2' } },
      { system: 'shop', action: 'hold' },
    ];
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: GROUP,
        logStreamName: 'bot/1',
        logEvents: records.map((r, i) => ({ timestamp: t0 - 1000 + i * 100, message: json(r) })),
      }),
    );
    const actions = async (input: Omit<FilterLogEventsCommandInput, 'logGroupName'>) =>
      (await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, ...input }))).events?.map(
        (e) => (JSON.parse(e.message ?? '{}') as { action: string; system: string }).action,
      );

    expect(
      await actions({ filterPattern: '{ $.system = "shop" && $.action = "outcome" }' }),
    ).toEqual(['outcome']);
    expect(
      await actions({
        filterPattern: '{ ($.action = "request" || $.action = "decision") && $.system != "blog" }',
      }),
    ).toEqual(['request', 'decision']);
    expect(await actions({ filterPattern: '{ $.actor.id = "U*" }' })).toEqual([
      'request',
      'decision',
    ]);
    // A missing field matches neither = nor !=.
    expect(await actions({ filterPattern: '{ $.outcome != "failed" }' })).toEqual([
      'outcome',
      'decision',
    ]);
    expect(await actions({ startTime: t0 - 900, endTime: t0 - 700 })).toEqual([
      'outcome',
      'outcome',
      'decision',
    ]);
    const bad = await failure(
      logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, filterPattern: '{ $.a = }' })),
    );
    expect(bad).toBeInstanceOf(InvalidParameterException);
  });

  it('pages with limit and nextToken, oldest first or newest first, the token bound to its query', async () => {
    const { logs, t0 } = await setup();
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: GROUP,
        logStreamName: 'bot/1',
        logEvents: Array.from({ length: 25 }, (_, i) => ({
          timestamp: t0 - 25_000 + i,
          message: `e${i}`,
        })),
      }),
    );
    const read = async (startFromHead: boolean) => {
      const seen: string[] = [];
      for await (const page of paginateFilterLogEvents(
        { client: logs },
        { logGroupName: GROUP, limit: 10, startTime: t0 - 60_000, startFromHead },
      )) {
        expect(page.events?.length).toBeLessThanOrEqual(10);
        seen.push(...(page.events ?? []).map((e) => e.message ?? ''));
      }
      return seen;
    };
    const oldestFirst = await read(true);
    const newestFirst = await read(false);
    expect(oldestFirst).toEqual(Array.from({ length: 25 }, (_, i) => `e${i}`));
    expect(newestFirst).toEqual([...oldestFirst].reverse());

    const first = await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, limit: 10 }));
    const reused = await failure(
      logs.send(
        new FilterLogEventsCommand({
          logGroupName: GROUP,
          limit: 10,
          filterPattern: 'e1',
          nextToken: first.nextToken,
        }),
      ),
    );
    expect(reused).toBeInstanceOf(InvalidParameterException);
  });

  it('looks at a bounded slice per call: a page may be empty, with a token to go on', async () => {
    const { logs, t0 } = await setup();
    const total = FILTER_SCAN_PER_CALL + 10;
    for (let from = 0; from < total; from += 5_000) {
      await logs.send(
        new PutLogEventsCommand({
          logGroupName: GROUP,
          logStreamName: 'bot/1',
          logEvents: Array.from({ length: Math.min(5_000, total - from) }, (_, i) => ({
            timestamp: t0 - 3_600_000 + from + i,
            message: from + i === total - 1 ? '{"action":"outcome"}' : '{"action":"hold"}',
          })),
        }),
      );
    }
    const input = { logGroupName: GROUP, filterPattern: '{ $.action = "outcome" }' };
    const first = await logs.send(new FilterLogEventsCommand(input));
    const second = await logs.send(
      new FilterLogEventsCommand({ ...input, nextToken: first.nextToken }),
    );
    expect(first.events).toEqual([]);
    expect(first.nextToken).toBeDefined();
    expect(second.events?.map((e) => e.message)).toEqual(['{"action":"outcome"}']);
    expect(second.nextToken).toBeUndefined();
  });

  it('deletes a stream with its events; writing to it again needs it created again', async () => {
    const { logs, t0 } = await setup();
    const put = () =>
      logs.send(
        new PutLogEventsCommand({
          logGroupName: GROUP,
          logStreamName: 'bot/1',
          logEvents: [{ timestamp: t0, message: 'x' }],
        }),
      );
    await put();
    await logs.send(new DeleteLogStreamCommand({ logGroupName: GROUP, logStreamName: 'bot/1' }));
    expect(await failure(put())).toBeInstanceOf(ResourceNotFoundException);
    const all = await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP }));
    expect(all.events).toEqual([]);
  });

  it('holds 10,000 records and finds a system’s newest outcomes in one call', async () => {
    const { logs, account, t0 } = await setup();
    for (let day = 0; day < 10; day += 1) {
      await logs.send(
        new PutLogEventsCommand({
          logGroupName: GROUP,
          logStreamName: 'bot/1',
          logEvents: Array.from({ length: 1_000 }, (_, i) => ({
            timestamp: t0 - ((10 - day) * 86_400_000) / 10 + i,
            message: json({
              system: i % 2 ? 'shop' : 'blog',
              action: i % 8 ? 'decision' : 'outcome',
            }),
          })),
        }),
      );
    }
    const calls = account.calls.length;
    const out = await logs.send(
      new FilterLogEventsCommand({
        logGroupName: GROUP,
        startTime: t0 - 86_400_000,
        startFromHead: false,
        filterPattern: '{ $.system = "blog" && $.action = "outcome" }',
        limit: 20,
      }),
    );
    expect(out.events).toHaveLength(20);
    expect(out.events?.[0].timestamp).toBeGreaterThan(out.events?.[19].timestamp ?? Infinity);
    expect(account.calls.length - calls).toBe(1);
  });
});
