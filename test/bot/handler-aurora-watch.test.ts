import 'aws-sdk-client-mock-jest';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { WebClient } from '@slack/web-api';
import { ACTION_IDS } from '../../bot/blocks/action-ids';
import { auroraRestartWarning } from '../../bot/blocks/aurora-watch';
import {
  CHANNEL,
  createBotHarness,
  exampleConfig,
  USERS,
  type BotHarness,
} from '../helpers/bot-harness';
import { buttonsOf } from '../helpers/schedule-fixtures';

const DAY = 86_400_000;
let bot: BotHarness;
let web: WebClient;

beforeAll(async () => {
  const config = exampleConfig();
  // A notify system: the warning's first button is what turns its restart into a re-stop.
  config.systems[0].auroraWatch = { policy: 'notify', approval: 'required' };
  bot = await createBotHarness(config);
  web = new WebClient('xoxb-test', { slackApiUrl: bot.slack.apiUrl });
});
afterAll(async () => {
  await bot.close();
});
beforeEach(async () => {
  bot.slack.reset();
  bot.resetSfn();
  await bot.clearSchedules();
});

/** The watch's warning in the channel, as the daily check posts it: stopped 6.5 days ago. */
async function warning() {
  const stoppedAt = new Date(Date.now() - 6.5 * DAY).toISOString();
  const message = auroraRestartWarning({
    system: 'shop',
    clusterId: 'shop-db',
    stoppedAt,
    restartAt: Date.parse(stoppedAt) + 7 * DAY,
    timeZone: 'Asia/Tokyo',
    policy: 'notify',
  });
  const posted = await web.chat.postMessage({ channel: CHANNEL, ...message });
  const [restop, start] = buttonsOf(message);
  return { ts: posted.ts ?? '', blocks: message.blocks, restop, start };
}

const privateTo = (user: string) => bot.slack.ephemerals(CHANNEL, user).map((e) => e.text);

describe('the Aurora warning’s buttons', () => {
  it('Stop it again after the restart: an approver’s click is recorded once, said on the warning and audited', async () => {
    // Prepare
    const w = await warning();

    // Act
    await bot.click(ACTION_IDS.auroraRestop, w.restop.value, {
      user: USERS.approver,
      messageTs: w.ts,
      blocks: w.blocks,
    });
    await bot.click(ACTION_IDS.auroraRestop, w.restop.value, {
      user: USERS.lead,
      messageTs: w.ts,
      blocks: w.blocks,
    });

    // Assess
    const [updated] = bot.slack.messages(CHANNEL);
    expect(JSON.stringify(updated.blocks)).toContain(`🔁 <@${USERS.approver}> asked at`);
    expect(buttonsOf(updated)).toHaveLength(2);
    expect(privateTo(USERS.lead).at(-1)).toMatch(
      new RegExp(
        `^Already recorded: <@${USERS.approver}> asked at .* for \`shop-db\` to be stopped again after the restart\\.$`,
      ),
    );
    const records = bot.auditRecords().filter((r) => r.action === 'alert');
    expect(records).toEqual([
      expect.objectContaining({
        system: 'shop',
        actor: { kind: 'person', id: USERS.approver },
        outcome: 'restop-asked',
        detail: expect.objectContaining({ kind: 'aurora-restart-warning', clusterId: 'shop-db' }),
      }),
    ]);
  });

  it('Stop it again after the restart: two approvers at once, one is recorded, the other told so', async () => {
    // Prepare
    const w = await warning();
    const click = (user: string) =>
      bot.click(ACTION_IDS.auroraRestop, w.restop.value, {
        user,
        messageTs: w.ts,
        blocks: w.blocks,
      });

    const earlier = bot.auditRecords().length;

    // Act
    await Promise.all([click(USERS.approver), click(USERS.lead)]);

    // Assess
    const records = bot
      .auditRecords()
      .slice(earlier)
      .filter((r) => r.action === 'alert');
    expect(records).toHaveLength(1);
    const winner = records[0].actor.id;
    const loser = winner === USERS.approver ? USERS.lead : USERS.approver;
    expect(privateTo(loser).at(-1)).toMatch(new RegExp(`^Already recorded: <@${winner}> asked at`));
    expect(JSON.stringify(bot.slack.messages(CHANNEL)[0].blocks)).toContain(
      `🔁 <@${winner}> asked at`,
    );
  });

  it('Stop it again after the restart: refused to a requester who is not an approver', async () => {
    // Prepare
    const w = await warning();

    // Act
    await bot.click(ACTION_IDS.auroraRestop, w.restop.value, {
      user: USERS.requester,
      messageTs: w.ts,
      blocks: w.blocks,
    });

    // Assess
    expect(privateTo(USERS.requester)).toEqual([
      'Only approvers may ask for the DB cluster to be stopped again.',
    ]);
    expect(bot.slack.messages(CHANNEL)[0].edits).toBe(0);
  });

  it('Start the whole system now: a requester’s click asks for a start, as /webapp start does', async () => {
    // Prepare
    const w = await warning();

    // Act
    await bot.click(ACTION_IDS.auroraStartSystem, w.start.value, {
      user: USERS.requester,
      messageTs: w.ts,
      blocks: w.blocks,
    });

    // Assess
    expect(bot.sfn).toHaveReceivedCommandWith(StartExecutionCommand, {
      stateMachineArn: expect.stringContaining('webapp-chatops-start'),
    });
    const root = bot.slack.messages(CHANNEL).at(-1);
    expect(root?.text).toBe(
      `Maintenance out for shop requested by <@${USERS.requester}>: starting`,
    );
  });

  it('Start the whole system now: refused to someone who may not request runs', async () => {
    // Prepare
    const w = await warning();

    // Act
    await bot.click(ACTION_IDS.auroraStartSystem, w.start.value, {
      user: USERS.stranger,
      messageTs: w.ts,
      blocks: w.blocks,
    });

    // Assess
    expect(bot.sfn).not.toHaveReceivedCommand(StartExecutionCommand);
    expect(privateTo(USERS.stranger)).toEqual([
      'You are not allowed to request a start of `shop`. Ask someone listed as a requester.',
    ]);
  });

  it('refuses a button value this app did not write', async () => {
    // Prepare
    const w = await warning();

    // Act
    await bot.click(ACTION_IDS.auroraRestop, '{"system":"blog","clusterId":"x","stoppedAt":"no"}', {
      user: USERS.approver,
      messageTs: w.ts,
    });

    // Assess
    expect(privateTo(USERS.approver)).toEqual([
      'This button does not belong to an Aurora warning of this app.',
    ]);
  });
});
