import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { WebClient } from '@slack/web-api';
import 'aws-sdk-client-mock-jest';
import { makeHandler as makeRequestApproval } from '../../bot/approval-requester/handler';
import { REASON_MAX } from '../../contract/jobnet-input';
import {
  BOT_TOKEN,
  CHANNEL,
  createBotHarness,
  exampleConfig,
  USERS,
  type BotHarness,
} from '../helpers/bot-harness';
import { personRunOnly, preparedRun } from '../helpers/prepared-run';

let bot: BotHarness;
beforeAll(async () => {
  const config = exampleConfig();
  // Two systems: `shop` as in the example, and `blog`, which takes no run without a reason.
  const shop = config.systems[0];
  config.systems = [
    shop,
    {
      ...shop,
      name: 'blog',
      requireReason: true,
      announceChannel: undefined,
      schedules: [],
      maintenancePage: { ...shop.maintenancePage, priority: 2 },
    },
  ];
  bot = await createBotHarness(config);
});
afterAll(() => bot.close());
beforeEach(async () => {
  bot.slack.reset();
  bot.resetSfn();
  bot.logs.resetHistory();
  await bot.dynamodb.clearLocks();
});

/** Two days ahead, in UTC, as a one-off run is typed. */
const inTwoDays = () =>
  `${new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

const answer = (response: { body: string }) => (JSON.parse(response.body) as { text: string }).text;
const started = () =>
  bot.sfn.commandCalls(StartExecutionCommand).map((call) => ({
    name: call.args[0].input.name ?? '',
    input: JSON.parse(call.args[0].input.input ?? '{}') as Record<string, unknown>,
  }));

describe('a run’s reason', () => {
  it('goes into the execution input, the root message and the request’s record, as typed', async () => {
    await bot.slash('stop shop -- Patching CVE-2026-1234 <b>now</b>');

    const [run] = started();
    expect(run.input.reason).toBe('Patching CVE-2026-1234 <b>now</b>');
    const [root] = bot.slack.messages(CHANNEL);
    expect(JSON.stringify(root.blocks)).toContain(
      '*Reason:* Patching CVE-2026-1234 &lt;b&gt;now&lt;/b&gt;',
    );
    expect(bot.auditRecords()).toEqual([
      expect.objectContaining({
        action: 'request',
        outcome: 'started',
        actor: { kind: 'person', id: USERS.requester },
        system: 'shop',
        jobnet: 'stop',
        runId: run.name,
        executionArn: expect.stringMatching(
          new RegExp(`:execution:webapp-chatops-stop:${run.name}$`),
        ),
        reason: 'Patching CVE-2026-1234 <b>now</b>',
      }),
    ]);
  });

  it('is shown in the plan the approver reads', async () => {
    const web = new WebClient(BOT_TOKEN, { slackApiUrl: bot.slack.apiUrl });
    const root = await web.chat.postMessage({ channel: CHANNEL, text: 'Maintenance in: shop' });
    const run = preparedRun('stop', { channel: CHANNEL, threadTs: root.ts });
    await makeRequestApproval({ slack: async () => web, now: Date.now, ...personRunOnly })({
      taskToken: `AQC${'x'.repeat(200)}`,
      executionArn:
        'arn:aws:states:us-east-1:123456789012:execution:webapp-chatops-stop:stop-shop-20261129T2200-0123abcd',
      timeoutSeconds: 3600,
      run: { ...run, reason: 'patching CVE-2026-1234' },
    });
    const [, plan] = bot.slack.thread(CHANNEL, root.ts ?? '');
    expect(JSON.stringify(plan.blocks)).toContain('*Reason:* patching CVE-2026-1234');
  });

  it(`over ${REASON_MAX} characters is refused whole, not cut, and recorded as a refusal`, async () => {
    const long = 'x'.repeat(REASON_MAX + 1);
    const response = await bot.slash(`stop shop -- ${long}`);

    expect(answer(response)).toBe(
      `Your reason is ${REASON_MAX + 1} characters; at most ${REASON_MAX} are kept with a run. Nothing was started: shorten it and ask again.`,
    );
    expect(started()).toEqual([]);
    expect(bot.auditRecords()).toEqual([
      expect.objectContaining({
        action: 'refusal',
        outcome: 'refused',
        system: 'shop',
        detail: { refusal: 'bad-request', command: 'stop' },
      }),
    ]);
  });

  it('is required by a system with requireReason: the person is told how to give one', async () => {
    const refused = await bot.slash('start blog');
    expect(answer(refused)).toBe(
      '`blog` takes no run without a reason. Say why after `--`, as in `/webapp start blog -- patching CVE-2026-1234`. Nothing was started.',
    );
    expect(started()).toEqual([]);
    const oneOff = await bot.slash(`stop blog at ${inTwoDays()}`);
    expect(answer(oneOff)).toMatch(/`\/webapp stop blog at 2026-12-05 22:00 -- patching/);

    await bot.slash('start blog -- DB migration done');
    expect(started()).toEqual([
      expect.objectContaining({ input: expect.objectContaining({ reason: 'DB migration done' }) }),
    ]);
    expect(bot.auditRecords().map((r) => [r.action, r.outcome, r.detail?.refusal])).toEqual([
      ['refusal', 'refused', 'reason-missing'],
      ['refusal', 'refused', 'reason-missing'],
      ['request', 'started', undefined],
    ]);
  });

  it('travels with a one-off run: shown on its message', async () => {
    await bot.slash(`stop shop at ${inTwoDays()} -- yearly patching`);
    const [message] = bot.slack.messages(CHANNEL);
    expect(JSON.stringify(message.blocks)).toContain('Reason: yearly patching');
    const { oneOffs } = await bot.scheduleState.ofSystem('shop');
    expect(oneOffs.map((o) => o.reason)).toEqual(['yearly patching']);
    await bot.clearSchedules();
  });
});

describe('the records of requests and refusals', () => {
  it('records each refusal once, with what the person was told', async () => {
    await bot.slash('stop shop', { user: USERS.stranger });
    await bot.slash('stop shop', { channel: 'C0ELSEWHERE' });
    await bot.slash('stop nowhere');

    expect(bot.auditRecords().map((r) => [r.detail?.refusal, r.detail?.command, r.system])).toEqual(
      [
        ['unauthorised', 'stop', 'shop'],
        ['wrong-channel', 'stop', 'shop'],
        ['bad-request', 'stop', 'nowhere'],
      ],
    );
    expect(bot.auditRecords()[0].reason).toBe(
      'You are not allowed to request a stop of `shop`. Ask someone listed as a requester.',
    );
  });

  it('records a request whose root message could not be posted as not started, not as a refusal', async () => {
    bot.slack.failNext('chat.postMessage', { status: 500 });
    await bot.slash('stop shop -- kernel update');
    expect(bot.auditRecords()).toEqual([
      expect.objectContaining({
        action: 'request',
        outcome: 'not-started',
        reason: 'kernel update',
        detail: { problem: 'Slack could not be reached' },
      }),
    ]);
  });

  it('records a busy system as a refusal naming the run that holds it', async () => {
    await bot.slash('stop shop');
    await bot.slash('start shop', { user: USERS.operator });
    expect(bot.auditRecords().map((r) => [r.action, r.outcome])).toEqual([
      ['request', 'started'],
      ['refusal', 'refused'],
    ]);
    expect(bot.auditRecords()[1].detail).toEqual({ refusal: 'run-in-progress', command: 'start' });
  });
});
