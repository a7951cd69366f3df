import 'aws-sdk-client-mock-jest';
import { ACTION_IDS } from '../../bot/blocks/action-ids';
import { CHANNEL, createBotHarness, USERS, type BotHarness } from '../helpers/bot-harness';
import {
  buttonsOf,
  freezeDate,
  oneOffRecord,
  shownText,
  type FoundButton,
} from '../helpers/schedule-fixtures';

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
  bot.resetScheduler();
  await bot.clearSchedules();
});

const ephemeralText = (response: { body: string }) =>
  (JSON.parse(response.body) as { text: string }).text;
const channelLines = () => bot.slack.messages(CHANNEL).map((m) => m.text);
/** The `/webapp schedules` answer, shown to `user` as Slack shows it. */
const list = async (user: string = USERS.requester, text = 'schedules') => {
  const shown = await bot.slashShown(text, { user });
  if (!shown) throw new Error('no answer');
  return shown;
};
/** The list as the user sees it now (a press replaces it in place). */
const current = (messageTs: string, user: string = USERS.requester) =>
  bot.slack.ephemerals(CHANNEL, user).find((e) => e.message_ts === messageTs);
const press = (
  button: FoundButton | undefined,
  messageTs: string,
  user: string = USERS.requester,
) => bot.click(button?.action_id ?? '', button?.value ?? '', { user, messageTs, ephemeral: true });
const skipButton = (message: { blocks?: unknown[] } | undefined, schedule: string) =>
  buttonsOf(message).find(
    (b) => b.action_id === ACTION_IDS.scheduleSkipNext && b.value.includes(`"${schedule}"`),
  );

describe('/webapp schedules', () => {
  it('answers privately: each schedule’s next 3 runs in the zone and in UTC, skipped ones marked', async () => {
    await bot.scheduleState.skip({
      system: 'shop',
      schedule: 'nightly-stop',
      occurrence: '2026-12-01T13:00:00.000Z',
      by: USERS.lead,
    });

    const response = await bot.slash('schedules shop');

    expect(JSON.parse(response.body)).toMatchObject({ response_type: 'ephemeral' });
    const text = shownText(JSON.parse(response.body) as { blocks: unknown[] });
    expect(text).toContain('Time zone: Asia/Tokyo · calendar `jp-holidays`');
    expect(text).toContain('▶️ Not held');
    expect(text).toContain('*nightly-stop* · 🛑 stop · Mon–Fri 22:00 Asia/Tokyo');
    expect(text).toContain('runs unless someone holds it within 15 min');
    expect(text).toContain(
      [
        '• Mon 30 Nov 22:00 JST · 13:00 UTC',
        `• ⏭ ~Tue 1 Dec 22:00 JST · 13:00 UTC~ skipped by <@${USERS.lead}>`,
        '• Wed 2 Dec 22:00 JST · 13:00 UTC',
      ].join('\n'),
    );
    // A morning run in Tokyo is the evening before in UTC: the UTC day is said.
    expect(text).toContain('• Tue 1 Dec 07:00 JST · Mon 30 Nov 22:00 UTC');
    expect(text).toContain('preapproved: runs without asking');
    expect(text).toContain('• Sun 6 Dec 01:00 JST · Sat 5 Dec 16:00 UTC');
    expect(text).toContain('approval required');
    // Answered in the acknowledgement: no Web API call.
    expect(bot.slack.calls).toEqual([]);
  });

  it('has Skip next (the first run nobody skipped) and Hold buttons that carry ids only', async () => {
    const shown = await list();
    const buttons = buttonsOf(shown);
    expect(buttons.map((b) => b.action_id)).toEqual([
      ACTION_IDS.scheduleHold,
      ACTION_IDS.scheduleSkipNext,
      ACTION_IDS.scheduleSkipNext,
      ACTION_IDS.scheduleSkipNext,
    ]);
    expect(JSON.parse(skipButton(shown, 'nightly-stop')?.value ?? '')).toEqual({
      system: 'shop',
      schedule: 'nightly-stop',
      occurrence: '2026-11-30T13:00:00.000Z',
      all: true,
    });
    for (const button of buttons) {
      const keys = Object.keys(JSON.parse(button.value) as object);
      expect(['system', 'schedule', 'occurrence', 'oneOff', 'all']).toEqual(
        expect.arrayContaining(keys),
      );
    }
  });

  it('lists the one-off runs still ahead with Cancel, and not the ended ones', async () => {
    await bot.scheduleState.createOneOff(oneOffRecord({ id: 'waiting-1' }));
    await bot.scheduleState.createOneOff(
      oneOffRecord({
        id: 'approved-1',
        jobnet: 'start',
        at: '2026-12-06T00:00:00.000Z',
        status: 'scheduled',
        approvedBy: USERS.approver,
      }),
    );
    await bot.scheduleState.createOneOff(oneOffRecord({ id: 'gone-1', status: 'cancelled' }));

    const text = shownText(await list());

    expect(text).toContain(
      `🛑 *One-off stop* Sat 5 Dec 2026 22:00 JST (13:00 UTC) — ✋ awaiting approval, asked by <@${USERS.requester}>`,
    );
    expect(text).toContain(
      `🟢 *One-off start* Sun 6 Dec 2026 09:00 JST (00:00 UTC) — ✅ approved by <@${USERS.approver}>`,
    );
    const cancels = buttonsOf(await list()).filter(
      (b) => b.action_id === ACTION_IDS.scheduleCancelOneOff,
    );
    expect(cancels.map((b) => (JSON.parse(b.value) as { oneOff: string }).oneOff)).toEqual([
      'waiting-1',
      'approved-1',
    ]);
  });

  it('refuses someone who may neither request nor approve', async () => {
    const response = await bot.slash('schedules', { user: USERS.stranger });
    expect(ephemeralText(response)).toBe(
      'Only requesters and approvers may see the schedules of a system.',
    );
  });

  it('names the unknown system', async () => {
    const response = await bot.slash('schedules nope');
    expect(ephemeralText(response)).toMatch(/^Unknown system `nope`/);
  });
});

describe('Skip next', () => {
  it('skips the next run, says so in the channel, and shows the list again in place', async () => {
    const shown = await list();

    await press(skipButton(shown, 'nightly-stop'), shown.message_ts);

    expect(
      (await bot.scheduleState.skipOf('shop', 'nightly-stop', '2026-11-30T13:00:00Z'))?.by,
    ).toBe(USERS.requester);
    expect(channelLines()).toEqual([
      `⏭ <@${USERS.requester}> skipped nightly-stop of shop on Mon 30 Nov 22:00 JST`,
    ]);
    const again = current(shown.message_ts);
    expect(again?.edits).toBe(1);
    const text = shownText(again);
    expect(text).toContain('⏭ You skipped nightly-stop on Mon 30 Nov 22:00 JST.');
    expect(text).toContain(
      `• ⏭ ~Mon 30 Nov 22:00 JST · 13:00 UTC~ skipped by <@${USERS.requester}>`,
    );
    // The button now skips the next run nobody skipped.
    expect(JSON.parse(skipButton(again, 'nightly-stop')?.value ?? '')).toMatchObject({
      occurrence: '2026-12-01T13:00:00.000Z',
    });
  });

  it('tells the second press who skipped it first, and says nothing more in the channel', async () => {
    const mine = await list();
    const theirs = await list(USERS.approver);
    await press(skipButton(mine, 'nightly-stop'), mine.message_ts);

    await press(skipButton(theirs, 'nightly-stop'), theirs.message_ts, USERS.approver);

    expect(shownText(current(theirs.message_ts, USERS.approver))).toContain(
      `⚠️ The run of nightly-stop on Mon 30 Nov 22:00 JST was already skipped by <@${USERS.requester}>.`,
    );
    expect(channelLines()).toHaveLength(1);
  });

  it('has no Skip next once all three runs shown are skipped', async () => {
    for (const occurrence of [
      '2026-11-30T13:00:00Z',
      '2026-12-01T13:00:00Z',
      '2026-12-02T13:00:00Z',
    ]) {
      await bot.scheduleState.skip({
        system: 'shop',
        schedule: 'nightly-stop',
        occurrence,
        by: USERS.lead,
      });
    }
    const shown = await list();
    expect(skipButton(shown, 'nightly-stop')).toBeUndefined();
    expect(skipButton(shown, 'morning-start')).toBeDefined();
  });

  it('refuses a value naming an instant that is not one of the schedule’s runs', async () => {
    const shown = await list();
    const forged = {
      action_id: ACTION_IDS.scheduleSkipNext,
      value: JSON.stringify({
        system: 'shop',
        schedule: 'nightly-stop',
        occurrence: '2026-11-30T14:00:00.000Z',
      }),
      text: '',
    };
    await press(forged, shown.message_ts);
    expect(shownText(current(shown.message_ts))).toMatch(/is no longer ahead; nothing was skipped/);
    expect((await bot.scheduleState.ofSystem('shop')).skips).toEqual([]);
    expect(channelLines()).toEqual([]);
  });
});

describe('Hold and Resume', () => {
  const since = 'Mon 30 Nov 2026 12:00 JST';

  it('by command: held with a reason, announced; a second hold is told whose it is', async () => {
    const held = await bot.slash('hold shop DB migration <!channel>');
    expect(ephemeralText(held)).toBe(
      '⏸ You held `shop`: no scheduled run starts until someone resumes it.',
    );
    expect(channelLines()).toEqual([
      `⏸ <@${USERS.requester}> held shop: no scheduled run starts until it is resumed — DB migration &lt;!channel&gt;`,
    ]);

    const again = await bot.slash('hold shop', { user: USERS.approver });
    expect(ephemeralText(again)).toBe(
      `\`shop\` is already held by <@${USERS.requester}> since ${since} — DB migration &lt;!channel&gt;.`,
    );
    expect(channelLines()).toHaveLength(1);

    const text = shownText(await list());
    expect(text).toContain(`⏸ *Held* by <@${USERS.requester}> since ${since}`);
    expect(text).toContain('• ⏸ Mon 30 Nov 22:00 JST · 13:00 UTC — held');
  });

  it('by button: Resume lifts the hold, says whose it was, and Hold comes back', async () => {
    await bot.slash('hold shop');
    bot.slack.reset();
    const shown = await list(USERS.approver);
    const resume = buttonsOf(shown).find((b) => b.action_id === ACTION_IDS.scheduleResume);
    expect(JSON.parse(resume?.value ?? '')).toEqual({ system: 'shop', all: true });

    await press(resume, shown.message_ts, USERS.approver);

    expect(await bot.scheduleState.holdOf('shop')).toBeUndefined();
    expect(channelLines()).toEqual([
      `▶️ <@${USERS.approver}> resumed shop (held by <@${USERS.requester}> since ${since})`,
    ]);
    const again = current(shown.message_ts, USERS.approver);
    expect(shownText(again)).toContain('▶️ You resumed `shop`');
    expect(buttonsOf(again)[0].action_id).toBe(ACTION_IDS.scheduleHold);

    // Resuming again: not held, said privately, nothing in the channel.
    const resumed = await bot.slash('resume shop');
    expect(ephemeralText(resumed)).toBe('`shop` is not held.');
    expect(channelLines()).toHaveLength(1);
  });

  it('by button: Hold holds it in the clicker’s name', async () => {
    const shown = await list(USERS.lead);
    await press(buttonsOf(shown)[0], shown.message_ts, USERS.lead);
    expect((await bot.scheduleState.holdOf('shop'))?.by).toBe(USERS.lead);
    expect(channelLines()).toEqual([
      `⏸ <@${USERS.lead}> held shop: no scheduled run starts until it is resumed`,
    ]);
  });

  it('two holds at once: one holds, the other is told, one line in the channel', async () => {
    const [a, b] = await Promise.all([
      bot.slash('hold shop first', { user: USERS.requester }),
      bot.slash('hold shop second', { user: USERS.approver }),
    ]);
    const answers = [ephemeralText(a), ephemeralText(b)];
    expect(answers.filter((t) => t.startsWith('⏸ You held'))).toHaveLength(1);
    expect(answers.filter((t) => t.startsWith('`shop` is already held by'))).toHaveLength(1);
    expect(channelLines()).toHaveLength(1);
  });

  it('refuses presses and commands from someone who may neither request nor approve', async () => {
    const shown = await list();
    await press(buttonsOf(shown)[0], shown.message_ts, USERS.stranger);
    expect(bot.slack.ephemerals(CHANNEL, USERS.stranger).at(-1)?.text).toBe(
      'Only requesters and approvers may skip, hold, resume or cancel scheduled runs.',
    );
    await press(skipButton(shown, 'nightly-stop'), shown.message_ts, USERS.stranger);
    expect(current(shown.message_ts)?.edits).toBeUndefined();

    const command = await bot.slash('hold shop', { user: USERS.stranger });
    expect(ephemeralText(command)).toBe(
      'Only requesters and approvers may hold or resume scheduled runs.',
    );
    expect(await bot.scheduleState.holdOf('shop')).toBeUndefined();
    expect((await bot.scheduleState.ofSystem('shop')).skips).toEqual([]);
    expect(channelLines()).toEqual([]);
  });

  it('refuses a button value this bot did not write', async () => {
    const shown = await list();
    await press(
      { action_id: ACTION_IDS.scheduleHold, value: '{"system":"../etc"}', text: '' },
      shown.message_ts,
    );
    expect(bot.slack.ephemerals(CHANNEL, USERS.requester).at(-1)?.text).toMatch(
      /does not belong to a schedule of this app/,
    );
    expect(await bot.scheduleState.holdOf('shop')).toBeUndefined();
  });
});
