import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { auditRecord } from '../../../bot/audit/audit-trail';
import { foldRuns } from '../../../bot/audit/history-fold';
import { historyPattern, readHistory } from '../../../bot/audit/history-reader';
import { historyMessage } from '../../../bot/blocks/history';
import { reportHistory } from '../../../bot/history-responder/history-report';
import type { AuditEntry, AuditRecord } from '../../../contract/audit-record';
import { createSimulatedClients, SimulatedAccount } from '../../../local/sim-aws';
import { syntheticTrail } from '../../../scripts/bench/audit-records';
import { expectAcceptedBySlack } from '../blocks/fixtures';

const GROUP = 'WebappChatops-audit';
const PREFIX = 'arn:aws:states:us-east-1:123456789012:execution:webapp-chatops';
const END = Date.parse('2026-11-30T03:00:00Z');
const arn = (runId: string) => `${PREFIX}-stop:${runId}`;
const at = (minutes: number) => new Date(END - 86_400_000 + minutes * 60_000);
const record = (minutes: number, entry: AuditEntry, source = 'bot') =>
  auditRecord(entry, source, at(minutes));
const keys = (runId: string) => ({
  system: 'shop',
  jobnet: 'stop' as const,
  executionArn: arn(runId),
  runId,
});

/** A person's run, a schedule's, and a redriven one; a hold between them names no run. */
const trail: AuditRecord[] = [
  record(0, {
    action: 'request',
    ...keys('run-a'),
    actor: { kind: 'person', id: 'U0REQUESTER' },
    outcome: 'started',
    reason: 'patching <!channel>',
  }),
  record(1, {
    action: 'decision',
    ...keys('run-a'),
    actor: { kind: 'person', id: 'U0APPROVER' },
    outcome: 'approved',
    detail: { approval: 'Approval' },
  }),
  record(
    10,
    {
      action: 'outcome',
      ...keys('run-a'),
      actor: { kind: 'person', id: 'U0REQUESTER' },
      outcome: 'failed',
      detail: { durationSeconds: 540, error: 'Jobnet.CommandFailed' },
    },
    'progress-notifier',
  ),
  record(20, {
    action: 'hold',
    system: 'shop',
    actor: { kind: 'person', id: 'U0LEAD' },
    outcome: 'held',
  }),
  record(30, {
    action: 'redrive',
    ...keys('run-a'),
    actor: { kind: 'person', id: 'U0REQUESTER' },
    outcome: 'redriven',
  }),
  record(
    40,
    {
      action: 'outcome',
      ...keys('run-a'),
      actor: { kind: 'person', id: 'U0REQUESTER' },
      outcome: 'succeeded',
      detail: { durationSeconds: 2400 },
    },
    'progress-notifier',
  ),
  record(
    60,
    {
      action: 'firing',
      ...keys('run-b'),
      actor: { kind: 'schedule', id: 'nightly-stop' },
      outcome: 'started',
    },
    'scheduled-run',
  ),
  record(
    61,
    {
      action: 'decision',
      ...keys('run-b'),
      actor: { kind: 'schedule', id: 'nightly-stop' },
      outcome: 'no-objection',
      detail: { approval: 'Approval' },
    },
    'progress-notifier',
  ),
  record(
    70,
    {
      action: 'outcome',
      ...keys('run-c'),
      actor: { kind: 'person', id: 'U0OPERATOR' },
      outcome: 'failed',
      detail: { error: 'Jobnet.ApprovalRejected' },
    },
    'progress-notifier',
  ),
];

describe('folding records into runs', () => {
  it('tells each run: who asked or what fired, why, who approved, how it ended, newest first', () => {
    const runs = foldRuns([...trail].reverse());

    expect(runs.map((r) => r.runId)).toEqual(['run-c', 'run-b', 'run-a']);
    const [c, b, a] = runs;
    expect(a).toMatchObject({
      system: 'shop',
      jobnet: 'stop',
      startedBy: { kind: 'person', id: 'U0REQUESTER' },
      reason: 'patching <!channel>',
      start: 'started',
      decisions: [{ outcome: 'approved', actor: { kind: 'person', id: 'U0APPROVER' } }],
      outcome: { outcome: 'succeeded', durationSeconds: 2400 },
      redrives: 1,
      complete: true,
    });
    expect(b).toMatchObject({
      startedBy: { kind: 'schedule', id: 'nightly-stop' },
      decisions: [{ outcome: 'no-objection' }],
      complete: true,
    });
    expect(b.outcome).toBeUndefined();
    // Its request is not in the trail: who started it comes from its outcome.
    expect(c).toMatchObject({ startedBy: { kind: 'person', id: 'U0OPERATOR' }, complete: false });
  });
});

describe('the history message', () => {
  it('shows each run in words, escaped, with a console link, and a decision as a decision', () => {
    const message = historyMessage({ system: 'shop', count: 10, runs: foldRuns(trail) });
    const text = JSON.stringify(message.blocks);

    expect(message.text).toBe('History of shop: 3 of the last 10 runs');
    expect(text).toContain('asked by <@U0REQUESTER>');
    expect(text).toContain('“patching &lt;!channel&gt;”');
    expect(text).toContain('approved by <@U0APPROVER>');
    expect(text).toContain('✅ succeeded in 40 min');
    expect(text).toContain('🔁 retried 1×');
    expect(text).toContain('started by schedule `nightly-stop`');
    expect(text).toContain('no objection in the hold window');
    expect(text).toContain('⛔ rejected, nothing changed');
    expect(text).toContain(`#/v2/executions/details/${arn('run-a')}|run-a>`);
    expectAcceptedBySlack(message);
  });

  it('stays within Slack’s limits for 50 runs with the longest reasons, and says when it is partial', () => {
    const long = Array.from({ length: 50 }, (_, i) =>
      record(i, {
        action: 'request',
        ...keys(`run-${i}`),
        actor: { kind: 'person', id: 'U0REQUESTER' },
        outcome: 'started',
        reason: `${'<&>'.repeat(99)}!`,
      }),
    );
    const message = historyMessage({
      count: 50,
      runs: foldRuns(long),
      partial: 'the audit trail did not answer within 20 s',
    });

    expectAcceptedBySlack(message);
    expect(JSON.stringify(message.blocks)).toContain(
      'may leave runs out: the audit trail did not answer',
    );
    expect(message.blocks.filter((b) => b.type === 'section').length).toBeLessThan(50);
  });
});

describe('reading the audit log group', () => {
  function accountWith(records: readonly AuditRecord[]) {
    const account = new SimulatedAccount({ clock: { now: () => END } });
    account.addLogGroup(GROUP, 731);
    account.addLogEvents(
      GROUP,
      'bot/seed',
      records.map((r) => ({ timestamp: Date.parse(r.at), message: JSON.stringify(r) })),
    );
    const filterCalls = () => account.calls.filter((c) => c.action === 'FilterLogEvents').length;
    return { account, logs: createSimulatedClients(account).logs, filterCalls };
  }
  const big = syntheticTrail({
    records: 10_000,
    systems: ['shop', 'blog'],
    end: END - 3_600_000,
    gapMs: 6 * 3_600_000,
    stateMachinePrefix: PREFIX,
  });
  const query = { now: END, retentionDays: 731 };

  it('finds the newest runs of a system among 10,000 records in a page or two', async () => {
    const { logs, filterCalls } = accountWith(big);

    const ten = await readHistory(logs, GROUP, { ...query, system: 'shop', count: 10 });

    expect(ten.partial).toBeUndefined();
    expect(ten.runs).toHaveLength(10);
    expect(ten.runs.every((r) => r.system === 'shop' && r.complete)).toBe(true);
    const starts = ten.runs.map((r) => r.at);
    expect(starts).toEqual([...starts].sort((x, y) => y - x));
    // The same as folding everything and keeping the newest ten.
    const all = foldRuns(big)
      .filter((r) => r.system === 'shop')
      .slice(0, 10);
    expect(ten.runs).toEqual(all);
    expect(ten.calls).toBe(filterCalls());
    expect(ten.calls).toBeLessThanOrEqual(2);
  });

  it('reads 50 runs of every system, and all there is of a trail with fewer', async () => {
    const { logs } = accountWith(big);
    const fifty = await readHistory(logs, GROUP, { ...query, count: 50 });
    expect(fifty.runs).toHaveLength(50);
    expect(new Set(fifty.runs.map((r) => r.system))).toEqual(new Set(['shop', 'blog']));

    const small = accountWith(trail);
    const few = await readHistory(small.logs, GROUP, { ...query, system: 'shop', count: 10 });
    expect(few.runs.map((r) => r.runId)).toEqual(['run-c', 'run-b', 'run-a']);
    expect(few.partial).toBeUndefined();
  });

  it('stops at the call cap and says the answer may be partial', async () => {
    const { logs, filterCalls } = accountWith(big);
    const read = await readHistory(
      logs,
      GROUP,
      { ...query, system: 'nope', count: 10 },
      { maxCalls: 2, deadlineMs: 20_000 },
    );
    expect(filterCalls()).toBe(2);
    expect(read.runs).toEqual([]);
    expect(read.partial).toBe('it read 2 pages of the audit trail, the most one answer reads');
  });

  it('says it could not read the trail when FilterLogEvents is throttled', async () => {
    const { logs, account } = accountWith(big);
    account.faults.failCalls({
      service: 'logs',
      action: 'FilterLogEvents',
      code: 'ThrottlingException',
      httpStatus: 400,
      times: 10,
    });
    const read = await readHistory(logs, GROUP, { ...query, system: 'shop', count: 10 });
    expect(read.runs).toEqual([]);
    expect(read.partial).toMatch(/^the audit trail could not be read \(ThrottlingException/);
  });

  it('gives up on a stalled FilterLogEvents at its deadline, and the answer says so', async () => {
    const logs = new CloudWatchLogsClient({ region: 'us-east-1' });
    const mock = mockClient(logs);
    mock.on(FilterLogEventsCommand).callsFake(() => new Promise(() => undefined));
    const posted: { text?: string; blocks?: unknown[] }[] = [];

    await reportHistory(
      { system: 'shop', count: 10, responseUrl: 'https://hooks.slack.com/commands/1/2/3' },
      {
        read: (q) => readHistory(logs, GROUP, { ...q, ...query }, { maxCalls: 20, deadlineMs: 50 }),
        post: async (_url, body) => {
          posted.push(body as { text?: string });
        },
      },
    );

    const shown = JSON.stringify(posted);
    expect(posted).toHaveLength(1);
    expect(shown).toContain('No runs of shop could be read from the audit trail.');
    expect(shown).toContain('the audit trail did not answer within 0.05 s');
  });
});

describe('the history responder', () => {
  it('answers privately through the response URL, and says so when reading failed', async () => {
    const posted: { url: string; body: Record<string, unknown> }[] = [];
    const post = async (url: string, body: unknown) => {
      posted.push({ url, body: body as Record<string, unknown> });
    };
    await reportHistory(
      { count: 10, responseUrl: 'https://hooks.slack.com/commands/a' },
      { read: async () => ({ runs: foldRuns(trail), calls: 1 }), post },
    );
    await reportHistory(
      { system: 'shop', count: 10, responseUrl: 'https://hooks.slack.com/commands/b' },
      { read: () => Promise.reject(new Error('boom')), post },
    );

    expect(posted[0]).toMatchObject({
      url: 'https://hooks.slack.com/commands/a',
      body: {
        response_type: 'ephemeral',
        replace_original: false,
        text: expect.stringMatching(/^History of every system: 3/),
      },
    });
    expect(posted[1].body).toMatchObject({
      response_type: 'ephemeral',
      text: 'Could not read the audit trail: Error: boom',
    });
  });

  it('asks for the run records of one system, or of all', () => {
    expect(historyPattern('shop')).toBe(
      '{ $.system = "shop" && ($.action = "request" || $.action = "firing" || $.action = "decision" || $.action = "cancel" || $.action = "redrive" || $.action = "outcome") }',
    );
    expect(historyPattern(undefined)).toMatch(/^\{ \$\.action = "request" \|\|/);
  });
});
