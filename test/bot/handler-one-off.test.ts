import {
  CreateScheduleCommand,
  DeleteScheduleCommand,
  SchedulerServiceException,
} from '@aws-sdk/client-scheduler';
import 'aws-sdk-client-mock-jest';
import { ACTION_IDS } from '../../bot/blocks/action-ids';
import type { OneOff } from '../../bot/services/schedule-state';
import {
  CHANNEL,
  createBotHarness,
  exampleConfig,
  SCHEDULER,
  USERS,
  type BotHarness,
} from '../helpers/bot-harness';
import { buttonsOf, freezeDate, NOW, oneOffRecord, shownText } from '../helpers/schedule-fixtures';

let bot: BotHarness;
beforeAll(async () => {
  freezeDate();
  const config = exampleConfig();
  // An approver who may also request: four-eyes must stop them approving their own run.
  config.slack.requesters.users = [USERS.requester, USERS.approver];
  bot = await createBotHarness(config);
});
afterAll(async () => {
  await bot.close();
  jest.useRealTimers();
});
beforeEach(async () => {
  bot.slack.reset();
  bot.resetScheduler();
  await bot.clearSchedules();
});

const ephemeralText = (response: { body: string }) =>
  (JSON.parse(response.body) as { text: string }).text;
const lastPrivate = (user: string) => bot.slack.ephemerals(CHANNEL, user).at(-1)?.text;
const root = () => bot.slack.messages(CHANNEL)[0];
const recordOf = async (): Promise<OneOff | undefined> =>
  (await bot.scheduleState.ofSystem('shop')).oneOffs[0];

/** `/webapp <text>` asking for a one-off run; its message in the channel and its record. */
async function ask(text = 'stop shop at 2026-12-05 22:00', user: string = USERS.requester) {
  const response = await bot.slash(text, { user });
  const message = root();
  return { response, message, record: await recordOf() };
}

const click = (action: string, user: string, message = root()) =>
  bot.click(action, buttonsOf(message).find((b) => b.action_id === action)?.value ?? '', {
    user,
    messageTs: message.ts,
    blocks: message.blocks,
  });

describe('/webapp stop <system> at <time>', () => {
  it('posts the one-off run with what it will do and Approve / Reject, and records it', async () => {
    const { response, message, record } = await ask();

    expect(ephemeralText(response)).toBe(
      `🗓 Asked in <#${CHANNEL}>: the one-off stop of \`shop\` at Sat 5 Dec 2026 22:00 JST (13:00 UTC). It runs only once an approver approves it there.`,
    );
    const text = shownText(message);
    expect(text).toContain(
      `🗓 *One-off stop of shop* at Sat 5 Dec 2026 22:00 JST (13:00 UTC), asked by <@${USERS.requester}> — approve it now; when the time comes it runs on this approval.`,
    );
    expect(text).toContain('• Web instances: the instances tagged `System=shop`, `Role=web`');
    expect(text).toContain('• DB cluster: `shop-db`');
    expect(text).toContain('• Maintenance page: listener rule at priority 1');
    expect(text).toContain('systemctl stop httpd');
    expect(text).toContain('systemctl is-active httpd');
    expect(buttonsOf(message).map((b) => b.action_id)).toEqual([
      ACTION_IDS.oneOffApprove,
      ACTION_IDS.oneOffReject,
      ACTION_IDS.oneOffCancel,
    ]);
    expect(record).toEqual({
      id: expect.stringMatching(/^stop-shop-20261205T1300-[0-9a-f]{8}$/),
      system: 'shop',
      jobnet: 'stop',
      at: '2026-12-05T13:00:00.000Z',
      timeZone: 'Asia/Tokyo',
      requestedBy: USERS.requester,
      requestedAt: NOW,
      status: 'awaiting-approval',
      channel: CHANNEL,
      threadTs: message.ts,
    });
    expect(JSON.parse(buttonsOf(message)[0].value)).toEqual({ system: 'shop', oneOff: record?.id });
    expect(bot.scheduler).not.toHaveReceivedAnyCommand();
  });

  it('reads the time in the zone given, `T` or a space between date and time', async () => {
    const { record } = await ask('start shop at 2026-12-05T08:30 Europe/London');
    expect(record).toMatchObject({
      jobnet: 'start',
      at: '2026-12-05T08:30:00.000Z',
      timeZone: 'Europe/London',
    });
  });

  it.each([
    ['stop shop at 2026-13-05 22:00', /is not a date and time that exists on a calendar/],
    [
      'stop shop at 2027-03-14 02:30 America/New_York',
      /2027-03-14 02:30 does not exist in America\/New_York: the clocks go forward over it/,
    ],
    [
      'stop shop at 2026-11-29 22:00',
      /^Nothing was asked: 2026-11-29 22:00 Asia\/Tokyo is in the past\.$/,
    ],
    ['stop shop at 2026-11-30 12:03', /is less than 5 minutes ahead/],
    ['stop shop at 2027-12-01 00:00', /is more than a year ahead/],
    ['stop shop at 2026-12-05 22:00 Mars/Olympus', /^Unknown time zone `Mars\/Olympus`/],
    ['stop shop at 2026-12-05 22:00 JST', /^Unknown time zone `JST`/],
    [
      'stop shop at tomorrow',
      /^`at` needs a date and time: `\/webapp stop shop at 2026-12-05 22:00`/,
    ],
  ])('refuses %j privately, asking nothing', async (text, problem) => {
    const { response } = await ask(text);
    expect(ephemeralText(response)).toMatch(problem);
    expect(bot.slack.messages(CHANNEL)).toEqual([]);
    expect(await recordOf()).toBeUndefined();
  });

  it('refuses someone who may not request', async () => {
    const { response } = await ask('stop shop at 2026-12-05 22:00', USERS.lead);
    expect(ephemeralText(response)).toMatch(/not allowed to request a stop of `shop`/);
    expect(await recordOf()).toBeUndefined();
  });

  it('asks once when Slack delivers the same command twice', async () => {
    await bot.slash('stop shop at 2026-12-05 22:00', { triggerId: 'same' });
    const again = await bot.slash('stop shop at 2026-12-05 22:00', { triggerId: 'same' });
    expect(ephemeralText(again)).toMatch(/^This request was already handled\./);
    expect(bot.slack.messages(CHANNEL)).toHaveLength(1);
  });
});

describe('Approve', () => {
  it('writes the approval, creates the one-time schedule, and updates the message in place', async () => {
    const { record } = await ask();
    const id = record?.id ?? '';

    await click(ACTION_IDS.oneOffApprove, USERS.approver);

    expect(bot.scheduler).toHaveReceivedCommandTimes(CreateScheduleCommand, 1);
    expect(bot.scheduler.commandCalls(CreateScheduleCommand)[0].args[0].input).toEqual({
      Name: `oneoff-${id}`,
      GroupName: SCHEDULER.groupName,
      ScheduleExpression: 'at(2026-12-05T22:00:00)',
      ScheduleExpressionTimezone: 'Asia/Tokyo',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      ClientToken: id,
      Description: `One-off run ${id} of shop`,
      Target: {
        Arn: SCHEDULER.targetArn,
        RoleArn: SCHEDULER.roleArn,
        Input: JSON.stringify({
          kind: 'one-off',
          system: 'shop',
          oneOffId: id,
          scheduledAt: '<aws.scheduler.scheduled-time>',
        }),
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 900 },
        DeadLetterConfig: { Arn: SCHEDULER.deadLetterArn },
      },
    });
    expect(await recordOf()).toMatchObject({
      status: 'scheduled',
      approvedBy: USERS.approver,
      approvedAt: NOW,
    });
    const message = root();
    expect(message.edits).toBe(1);
    expect(shownText(message)).toContain(
      `✅ Approved by <@${USERS.approver}> at Mon 30 Nov 12:00 JST (03:00 UTC) — runs Sat 5 Dec 22:00 JST (13:00 UTC)`,
    );
    expect(buttonsOf(message).map((b) => b.action_id)).toEqual([ACTION_IDS.oneOffCancel]);
  });

  it('refuses the requester, even an approver, when four-eyes is on', async () => {
    await ask('stop shop at 2026-12-05 22:00', USERS.approver);
    await click(ACTION_IDS.oneOffApprove, USERS.approver);
    expect(lastPrivate(USERS.approver)).toBe(
      'You asked for this one-off run; someone else must approve it (four-eyes).',
    );
    expect(bot.scheduler).not.toHaveReceivedCommand(CreateScheduleCommand);
    expect((await recordOf())?.status).toBe('awaiting-approval');
  });

  it('refuses someone who may not approve', async () => {
    await ask();
    await click(ACTION_IDS.oneOffApprove, USERS.requester);
    expect(lastPrivate(USERS.requester)).toBe('You are not allowed to approve or reject runs.');
    expect((await recordOf())?.status).toBe('awaiting-approval');
  });

  it('leaves the run waiting for approval when the schedule cannot be created', async () => {
    await ask();
    bot.scheduler.on(CreateScheduleCommand).rejects(
      new SchedulerServiceException({
        name: 'ServiceQuotaExceededException',
        $fault: 'client',
        $metadata: { httpStatusCode: 402 },
        message: 'too many schedules',
      }),
    );

    await click(ACTION_IDS.oneOffApprove, USERS.approver);

    expect(lastPrivate(USERS.approver)).toBe(
      'Nothing was approved: the one-time schedule could not be created (ServiceQuotaExceededException: too many schedules). The run still waits for approval; try again.',
    );
    const record = await recordOf();
    expect(record?.status).toBe('awaiting-approval');
    expect(record).not.toHaveProperty('approvedBy');
    expect(record).not.toHaveProperty('approvedAt');
    expect(root().edits).toBe(0);

    // And it can be approved once the Scheduler answers again.
    bot.resetScheduler();
    await click(ACTION_IDS.oneOffApprove, USERS.lead);
    expect((await recordOf())?.approvedBy).toBe(USERS.lead);
  });

  it('two approvers at once: one approval, one schedule, the other is told', async () => {
    await ask();
    await Promise.all([
      click(ACTION_IDS.oneOffApprove, USERS.approver),
      click(ACTION_IDS.oneOffApprove, USERS.lead),
    ]);
    expect(bot.scheduler).toHaveReceivedCommandTimes(CreateScheduleCommand, 1);
    const winner = (await recordOf())?.approvedBy;
    const loser = winner === USERS.approver ? USERS.lead : USERS.approver;
    expect(lastPrivate(loser)).toMatch(
      new RegExp(`^The one-off stop of shop at .* was already approved by <@${winner}>\\.$`),
    );
  });

  it('is too late less than a minute before the run', async () => {
    await bot.scheduleState.createOneOff(
      oneOffRecord({ at: new Date(NOW + 30_000).toISOString(), threadTs: '1.0' }),
    );
    await bot.click(
      ACTION_IDS.oneOffApprove,
      JSON.stringify({ system: 'shop', oneOff: oneOffRecord().id }),
      { user: USERS.approver, messageTs: '1.0' },
    );
    expect(lastPrivate(USERS.approver)).toMatch(/^Too late to approve/);
    expect(bot.scheduler).not.toHaveReceivedCommand(CreateScheduleCommand);
  });
});

describe('Reject and Cancel', () => {
  it('Reject: an approver ends it; the message says so and keeps no buttons', async () => {
    await ask();
    await click(ACTION_IDS.oneOffReject, USERS.lead);
    expect(await recordOf()).toMatchObject({ status: 'rejected', endedBy: USERS.lead });
    expect(shownText(root())).toContain(`🚫 Rejected by <@${USERS.lead}>: it will not run.`);
    expect(buttonsOf(root())).toEqual([]);
  });

  it('Cancel after approval: deletes the schedule, updates the message, announces; approving again is refused', async () => {
    const { record } = await ask();
    await click(ACTION_IDS.oneOffApprove, USERS.approver);

    await click(ACTION_IDS.oneOffCancel, USERS.requester);

    expect(bot.scheduler).toHaveReceivedCommandWith(DeleteScheduleCommand, {
      Name: `oneoff-${record?.id}`,
      GroupName: SCHEDULER.groupName,
    });
    expect(await recordOf()).toMatchObject({ status: 'cancelled', endedBy: USERS.requester });
    const messages = bot.slack.messages(CHANNEL);
    expect(shownText(messages[0])).toContain(
      `🗑 Cancelled by <@${USERS.requester}>: it will not run.`,
    );
    expect(buttonsOf(messages[0])).toEqual([]);
    expect(messages[1].text).toBe(
      `🗑 <@${USERS.requester}> cancelled the one-off stop of shop at Sat 5 Dec 2026 22:00 JST (13:00 UTC)`,
    );

    // The approve button of an older copy of the message: refused, nothing created.
    bot.resetScheduler();
    await bot.click(
      ACTION_IDS.oneOffApprove,
      JSON.stringify({ system: 'shop', oneOff: record?.id }),
      { user: USERS.lead, messageTs: messages[0].ts },
    );
    expect(lastPrivate(USERS.lead)).toBe(
      `The one-off stop of shop at Sat 5 Dec 2026 22:00 JST (13:00 UTC) was already cancelled by <@${USERS.requester}>.`,
    );
    expect(bot.scheduler).not.toHaveReceivedCommand(CreateScheduleCommand);
  });

  it('Cancel from /webapp schedules: the list loses it, its message says so, the channel is told', async () => {
    await ask();
    const shown = await bot.slashShown('schedules shop');
    const cancel = buttonsOf(shown).find((b) => b.action_id === ACTION_IDS.scheduleCancelOneOff);

    await bot.click(cancel?.action_id ?? '', cancel?.value ?? '', {
      user: USERS.requester,
      messageTs: shown?.message_ts ?? '',
      ephemeral: true,
    });

    expect((await recordOf())?.status).toBe('cancelled');
    const list = bot.slack
      .ephemerals(CHANNEL, USERS.requester)
      .find((e) => e.message_ts === shown?.message_ts);
    expect(shownText(list)).toContain('🗑 You cancelled the one-off stop of `shop`');
    expect(buttonsOf(list).map((b) => b.action_id)).not.toContain(ACTION_IDS.scheduleCancelOneOff);
    expect(shownText(root())).toContain('🗑 Cancelled by');
    expect(bot.slack.messages(CHANNEL).at(-1)?.text).toMatch(/^🗑 <@U0REQUESTER> cancelled/);
  });

  it('refuses Cancel to someone who may neither request nor approve', async () => {
    await ask();
    await click(ACTION_IDS.oneOffCancel, USERS.stranger);
    expect(lastPrivate(USERS.stranger)).toBe(
      'Only requesters and approvers may cancel a one-off run.',
    );
    expect((await recordOf())?.status).toBe('awaiting-approval');
  });
});
