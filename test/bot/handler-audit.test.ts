import { PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  RedriveExecutionCommand,
  SFNServiceException,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { WebClient } from '@slack/web-api';
import 'aws-sdk-client-mock-jest';
import { makeHandler as makeRequestApproval } from '../../bot/approval-requester/handler';
import { ACTION_IDS } from '../../bot/blocks/action-ids';
import type { AuditRecord } from '../../contract/audit-record';
import { buttonValue } from '../../local/slack-user';
import {
  BOT_TOKEN,
  CHANNEL,
  createBotHarness,
  SIGNING_SECRET,
  STATE_MACHINES,
  USERS,
  type BotHarness,
} from '../helpers/bot-harness';
import { personRunOnly, preparedRun } from '../helpers/prepared-run';
import { buttonsOf, freezeDate, NOW } from '../helpers/schedule-fixtures';

let bot: BotHarness;
beforeAll(async () => {
  freezeDate();
  bot = await createBotHarness();
});
afterAll(async () => {
  await bot.close();
  jest.useRealTimers();
});
beforeEach(async () => {
  bot.slack.reset();
  bot.resetSfn();
  bot.resetScheduler();
  bot.logs.resetHistory();
  bot.lambda.reset();
  await bot.clearSchedules();
  await bot.dynamodb.clearLocks();
});

const runId = 'stop-shop-20261130T0300-0123abcd';
const executionArn = `${STATE_MACHINES.stop.replace(':stateMachine:', ':execution:')}:${runId}`;
const TOKEN = `AQC${'t'.repeat(1500)}`;
const scheduled: HistoryEvent = {
  id: 12,
  type: 'TaskScheduled',
  timestamp: new Date(NOW),
  taskScheduledEventDetails: {
    resourceType: 'lambda',
    resource: 'invoke.waitForTaskToken',
    region: 'us-east-1',
    parameters: JSON.stringify({ FunctionName: 'f', Payload: { taskToken: TOKEN } }),
  },
};

/** Every record the bot wrote so far, with the response URLs its requests carried. */
const records = () => bot.auditRecords();

/** Nothing secret in any record: no token, no signing secret, no task token, no response URL. */
function expectNoSecrets(all: readonly AuditRecord[]) {
  const text = JSON.stringify(all);
  for (const secret of [BOT_TOKEN, SIGNING_SECRET, TOKEN.slice(0, 40), '/respond/', 'xox']) {
    expect(text).not.toContain(secret);
  }
}

/** The plan with Approve / Reject / (Hold) in a run's thread, posted by the real requester. */
async function approvalMessage(policy?: 'unless-held') {
  const web = new WebClient(BOT_TOKEN, { slackApiUrl: bot.slack.apiUrl });
  const root = await web.chat.postMessage({ channel: CHANNEL, text: 'Maintenance in: shop' });
  const run = preparedRun('stop', { channel: CHANNEL, threadTs: root.ts }, USERS.requester);
  const posted = await makeRequestApproval({
    slack: async () => web,
    now: Date.now,
    ...personRunOnly,
  })({
    taskToken: TOKEN,
    executionArn,
    timeoutSeconds: 3600,
    run,
  });
  bot.sfn.on(DescribeExecutionCommand).resolves({
    executionArn,
    status: 'RUNNING',
    input: JSON.stringify({
      system: 'shop',
      requestedBy: USERS.requester,
      ...(policy ? { trigger: { policy } } : {}),
    }),
    startDate: new Date(NOW),
  });
  bot.sfn.on(GetExecutionHistoryCommand).resolves({ events: [scheduled] });
  const message = bot.slack.thread(CHANNEL, root.ts ?? '').find((m) => m.ts === posted.ts)!;
  return { root: root.ts ?? '', message };
}

describe('audit records of the bot', () => {
  it.each([
    [ACTION_IDS.approve, 'approved'],
    [ACTION_IDS.reject, 'rejected'],
    [ACTION_IDS.hold, 'held'],
  ])(
    'records an approval decided by click (%s) once, naming who, which approval and the run',
    async (action, outcome) => {
      const { root, message } = await approvalMessage();

      await bot.click(action, buttonValue(message), {
        user: USERS.approver,
        messageTs: message.ts,
        threadTs: root,
        blocks: message.blocks,
      });

      expect(records()).toEqual([
        expect.objectContaining({
          schema: 1,
          source: 'bot',
          action: 'decision',
          outcome,
          system: 'shop',
          jobnet: 'stop',
          executionArn,
          runId,
          actor: { kind: 'person', id: USERS.approver },
          detail: { approval: 'Approval' },
          at: new Date(NOW).toISOString(),
        }),
      ]);
      expectNoSecrets(records());
    },
  );

  it('records a click someone was not allowed to make as a refusal, and no decision', async () => {
    const { root, message } = await approvalMessage();
    await bot.click(ACTION_IDS.approve, buttonValue(message), {
      user: USERS.stranger,
      messageTs: message.ts,
      threadTs: root,
    });
    expect(records().filter((r) => r.action === 'decision')).toEqual([]);
    expect(records().filter((r) => r.action === 'refusal')).toEqual([
      expect.objectContaining({
        actor: { kind: 'person', id: USERS.stranger },
        outcome: 'refused',
        reason: 'You are not allowed to approve or reject runs.',
        detail: { refusal: 'unauthorised', command: ACTION_IDS.approve },
      }),
    ]);
    expectNoSecrets(records());
  });

  it('records a one-off run asked for, and its approval and rejection by click', async () => {
    const clickOn = (action: string, user: string) => {
      const message = bot.slack.messages(CHANNEL)[0];
      return bot.click(
        action,
        buttonsOf(message).find((b) => b.action_id === action)?.value ?? '',
        {
          user,
          messageTs: message.ts,
          blocks: message.blocks,
        },
      );
    };
    await bot.slash('stop shop at 2026-12-05 22:00', { user: USERS.requester });
    await clickOn(ACTION_IDS.oneOffApprove, USERS.approver);
    await bot.slash('start shop at 2026-12-06 07:00', { user: USERS.requester });
    const second = bot.slack.messages(CHANNEL).at(-1)!;
    await bot.click(
      ACTION_IDS.oneOffReject,
      buttonsOf(second).find((b) => b.action_id === ACTION_IDS.oneOffReject)?.value ?? '',
      { user: USERS.approver, messageTs: second.ts, blocks: second.blocks },
    );

    const seen = records().map((r) => [
      r.action,
      r.outcome,
      r.jobnet,
      r.actor.id,
      r.detail?.scheduledAt,
    ]);
    expect(seen).toEqual([
      ['request', 'asked', 'stop', USERS.requester, '2026-12-05T13:00:00.000Z'],
      ['decision', 'approved', 'stop', USERS.approver, '2026-12-05T13:00:00.000Z'],
      ['request', 'asked', 'start', USERS.requester, '2026-12-05T22:00:00.000Z'],
      ['decision', 'rejected', 'start', USERS.approver, '2026-12-05T22:00:00.000Z'],
    ]);
    expect(new Set(records().map((r) => r.detail?.oneOffId)).size).toBe(2);
    expectNoSecrets(records());
  });

  it('records hold and resume, by command and by button, and a skip by button', async () => {
    await bot.slash('hold shop DB migration xoxb-1234-secret', { user: USERS.requester });
    await bot.slash('resume shop', { user: USERS.approver });
    const shown = await bot.slashShown('schedules', { user: USERS.requester });
    const press = (action: string, match?: string) => {
      const button = buttonsOf(shown).find(
        (b) => b.action_id === action && (match === undefined || b.value.includes(match)),
      );
      return bot.click(button?.action_id ?? '', button?.value ?? '', {
        user: USERS.requester,
        messageTs: shown?.message_ts ?? '',
        ephemeral: true,
      });
    };
    await press(ACTION_IDS.scheduleSkipNext, '"nightly-stop"');
    await press(ACTION_IDS.scheduleHold);
    // A second hold changes nothing, and records nothing.
    await bot.slash('hold shop', { user: USERS.approver });

    expect(records().map((r) => [r.action, r.outcome, r.actor.id, r.reason, r.detail])).toEqual([
      ['hold', 'held', USERS.requester, 'DB migration [redacted]', undefined],
      [
        'resume',
        'resumed',
        USERS.approver,
        undefined,
        {
          heldBy: USERS.requester,
          heldSince: new Date(NOW).toISOString(),
          holdReason: 'DB migration [redacted]',
        },
      ],
      [
        'skip',
        'skipped',
        USERS.requester,
        undefined,
        { schedule: 'nightly-stop', occurrence: '2026-11-30T13:00:00.000Z' },
      ],
      ['hold', 'held', USERS.requester, undefined, undefined],
      // A second hold is refused, and the refusal is recorded.
      [
        'refusal',
        'refused',
        USERS.approver,
        expect.stringContaining('is already held by'),
        { command: 'hold', refusal: 'not-waiting' },
      ],
    ]);
    expect(records().every((r) => r.system === 'shop')).toBe(true);
    expectNoSecrets(records());
  });

  it('records a redrive, and a redrive Step Functions refused', async () => {
    const failed = () =>
      bot.sfn.on(DescribeExecutionCommand).resolves({
        executionArn,
        status: 'FAILED',
        input: JSON.stringify({ system: 'shop' }),
        startDate: new Date(NOW),
        redriveStatus: 'REDRIVABLE',
      });
    failed();
    await bot.click(ACTION_IDS.retry, executionArn, { user: USERS.requester, messageTs: '1.0' });
    await bot.dynamodb.clearLocks();
    bot.sfn.on(RedriveExecutionCommand).rejects(
      new SFNServiceException({
        name: 'ExecutionNotRedrivable',
        $fault: 'client',
        $metadata: {},
        message: 'too late',
      }),
    );
    await bot.click(ACTION_IDS.retry, executionArn, { user: USERS.approver, messageTs: '1.0' });

    expect(records().map((r) => [r.action, r.outcome, r.actor.id, r.reason, r.runId])).toEqual([
      ['redrive', 'redriven', USERS.requester, undefined, runId],
      ['redrive', 'redrive-failed', USERS.approver, 'ExecutionNotRedrivable', runId],
    ]);
  });

  it('answers in time when the audit log group stalls, and the action stands', async () => {
    bot.logs.on(PutLogEventsCommand).callsFake(() => new Promise(() => undefined));
    try {
      const response = await bot.slash('hold shop', { user: USERS.requester });
      // Held, and the channel told: waiting for the record took only part of the budget.
      expect(JSON.parse(response.body).text).toMatch(/^⏸ You held `shop`[^(]*$/);
      expect(bot.slack.messages(CHANNEL).map((m) => m.text)).toEqual([
        expect.stringMatching(/held shop/),
      ]);
      expect(await bot.scheduleState.holdOf('shop')).toMatchObject({ by: USERS.requester });
    } finally {
      bot.logs.on(PutLogEventsCommand).resolves({});
    }
  });
});

describe('/webapp history', () => {
  const answer = (response: { body: string }) =>
    (JSON.parse(response.body) as { text: string }).text;
  const invoked = () =>
    bot.lambda.commandCalls(InvokeCommand).map((c) => ({
      ...c.args[0].input,
      Payload: JSON.parse(String(c.args[0].input.Payload)) as Record<string, unknown>,
    }));

  it('acknowledges at once and hands the reading to the history responder, asynchronously', async () => {
    const response = await bot.slash('history shop 20', { user: USERS.approver });

    expect(answer(response)).toBe('Reading the audit trail…');
    expect(invoked()).toEqual([
      {
        FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:webapp-chatops-history',
        InvocationType: 'Event',
        Payload: { system: 'shop', count: 20, responseUrl: expect.stringContaining('/respond/') },
      },
    ]);
  });

  it('reads 10 runs by default, and every system without one', async () => {
    await bot.slash('history', { user: USERS.requester });
    await bot.slash('history 5', { user: USERS.requester });
    expect(invoked().map((i) => i.Payload)).toEqual([
      { count: 10, responseUrl: expect.any(String) },
      { count: 5, responseUrl: expect.any(String) },
    ]);
  });

  it('refuses someone who may neither request nor approve, privately', async () => {
    const response = await bot.slash('history shop', { user: USERS.stranger });
    expect(answer(response)).toBe(
      'Only requesters and approvers may read the history of a system.',
    );
    expect(invoked()).toEqual([]);
  });

  it.each([
    ['history shop abc', /`abc` is not a number of runs from 1 to 50/],
    ['history shop 0', /`0` is not a number of runs from 1 to 50/],
    ['history shop 500', /`500` is not a number of runs from 1 to 50/],
    ['history shop 5 more', /Too many words/],
    ['history nope', /nope/],
  ])('says privately what is wrong with `%s`', async (text, problem) => {
    const response = await bot.slash(text, { user: USERS.requester });
    expect(JSON.parse(response.body)).toMatchObject({ response_type: 'ephemeral' });
    expect(answer(response)).toMatch(problem);
    expect(invoked()).toEqual([]);
  });
});

it('writes each record as one event of JSON in the audit log group', async () => {
  await bot.slash('hold shop', { user: USERS.requester });
  const [call] = bot.logs.commandCalls(PutLogEventsCommand);
  expect(call.args[0].input).toMatchObject({
    logGroupName: 'webapp-chatops-audit',
    logStreamName: expect.stringMatching(/^bot\/\d{4}\/\d{2}\/\d{2}\//),
    logEvents: [{ timestamp: NOW, message: expect.stringContaining('"action":"hold"') }],
  });
});
