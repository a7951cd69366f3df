import { ACTION_IDS } from '../../bot/blocks/action-ids';
import { parseConfig } from '../../config/load';
import { startLocalMode, type LocalMode } from '../../local/local-mode';
import type { SlackMessage } from '../../local/slack';
import { buttonValue } from '../../local/slack-user';
import { waitUntil } from '../../local/wait-until';
import { exampleConfig } from '../helpers/bot-harness';

/**
 * Cancel and the announce channel in the local mode: the signed bot, the real definitions on
 * the local interpreter (StopExecution and SendTaskFailure included), the real status responder
 * and notifier, against the simulated account and the local Slack.
 */

const REQUESTER = 'U0REQUESTER';
const APPROVER = 'U0APPROVER';
const ANNOUNCE = 'C0ANNOUNCE';
let lm: LocalMode;
jest.setTimeout(60_000);

async function start(speed = 300) {
  lm = await startLocalMode({ config: parseConfig(exampleConfig()), speed });
}
afterEach(() => lm.close());

const thread = (root: SlackMessage) => lm.slack.thread(lm.channel, root.ts);
const approvalIn = (root: SlackMessage) =>
  thread(root).find((m) => m.metadata?.event_type === 'webapp_chatops_approval');
const summaryIn = (root: SlackMessage) =>
  thread(root).find((m) => m.metadata?.event_type === 'webapp_chatops_summary');
const announced = () => lm.slack.messages(ANNOUNCE).map((m) => m.text);
const ephemeral = (user: string) => lm.slack.ephemerals(lm.channel, user).at(-1);

async function asked(text: string) {
  expect((await lm.user.slash(REQUESTER, text)).status).toBe(200);
  const root = await waitUntil('the root message', () => lm.slack.messages(lm.channel)[0]);
  const approval = await waitUntil('the approval request', () => approvalIn(root));
  const execution = await waitUntil('the execution', () => lm.sfn.listExecutions()[0]);
  return { root, approval, execution };
}

describe('cancel in the local mode', () => {
  it('before approval: the run ends, nothing touched, the thread and the announce channel say who', async () => {
    await start();
    const { root, execution } = await asked('stop -- kernel patching');

    await lm.user.slash(APPROVER, 'cancel');
    await execution.done;
    await waitUntil('the summary', () => summaryIn(root));
    await lm.progressIdle();

    expect(execution.status).toBe('FAILED');
    expect(ephemeral(APPROVER)?.text).toBe(
      '🛑 You cancelled the stop of `shop` before anything was changed.',
    );
    expect(summaryIn(root)?.text).toContain(`cancelled by <@${APPROVER}>`);
    expect(JSON.stringify(summaryIn(root)?.blocks)).toContain(
      `Cancelled by <@${APPROVER}> before anything was changed.`,
    );
    expect(approvalIn(root)?.text).toMatch(new RegExp(`^🛑 Cancelled by <@${APPROVER}>`));
    expect(lm.account.snapshot().instances.map((i) => i.state)).toEqual(['running', 'running']);
    expect(await lm.runLock.read('shop')).toBeUndefined();
    expect(announced()).toEqual([
      expect.stringMatching(
        /^▶️ Stop of \*shop\* started — asked by <@U0REQUESTER>, reason: kernel patching/,
      ),
      expect.stringMatching(/^🛑 Stop of \*shop\* cancelled by <@U0APPROVER>, nothing was changed/),
    ]);
    expect((await lm.audit.records()).filter((r) => r.action === 'cancel')).toEqual([
      expect.objectContaining({ outcome: 'cancelled', source: 'bot' }),
    ]);
  });

  it('after changes began: shown where everything is, confirmed, stopped, and the thread says what to run', async () => {
    // Slow enough to catch the run waiting for a busy DB cluster, its instances already stopped.
    await start(100);
    lm.account.faults.backingUp(lm.seeded.clusterId, 3_600_000);
    const { root, approval, execution } = await asked('stop');
    await lm.user.click(APPROVER, ACTION_IDS.approve, buttonValue(approval), approval);
    await waitUntil(
      'the run waiting for the DB cluster',
      () =>
        execution.events.some(
          (e) =>
            e.type === 'StateEntered' &&
            (e as { state?: { name?: string } }).state?.name === 'WaitDbAvailable',
        ) || undefined,
      30_000,
    );

    await lm.user.slash(REQUESTER, 'cancel');
    expect(ephemeral(REQUESTER)?.text).toMatch(
      /has begun changing things, so nothing is stopped yet/,
    );
    await lm.responderIdle();
    // The status responder's answer may land before the command's own acknowledgement.
    const prompt = lm.slack
      .ephemerals(lm.channel, REQUESTER)
      .find((m) => JSON.stringify(m.blocks ?? []).includes(ACTION_IDS.cancelConfirm))!;
    expect(JSON.stringify(prompt.blocks)).toContain('DB cluster* shop-db: backing-up');
    expect(execution.status).toBe('RUNNING');

    const value = (prompt.blocks as { elements?: { action_id?: string; value?: string }[] }[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === ACTION_IDS.cancelConfirm)?.value;
    await lm.user.click(REQUESTER, ACTION_IDS.cancelConfirm, value ?? '', {
      ts: prompt.message_ts,
      ...(prompt.blocks ? { blocks: prompt.blocks } : {}),
    });
    await execution.done;
    await lm.responderIdle();
    await waitUntil('the summary', () => summaryIn(root));
    await lm.progressIdle();

    expect(execution.status).toBe('ABORTED');
    expect(await lm.runLock.read('shop')).toBeUndefined();
    const report = thread(root).find((m) =>
      m.text.includes('was cancelled: where everything is now'),
    );
    const text = JSON.stringify(report?.blocks);
    expect(text).toContain(`cancelled by <@${REQUESTER}>`);
    expect(text).toContain('*Maintenance page*: up');
    expect(text).toMatch(/instance stopped; Apache not running/);
    expect(text).toContain('*DB cluster* ');
    expect(text).toContain('`/webapp start shop` brings it back into service');
    expect(summaryIn(root)?.text).toContain(`🛑 cancelled by <@${REQUESTER}>`);
    expect(JSON.stringify(thread(root))).not.toContain(ACTION_IDS.retry);
    expect(announced().at(-1)).toMatch(/^🛑 Stop of \*shop\* cancelled by <@U0REQUESTER>/);
    expect(
      (await lm.audit.records()).filter((r) => r.action === 'cancel').map((r) => r.outcome),
    ).toEqual(['confirm-asked', 'cancelled']);
  });
});

describe('the announce channel in the local mode', () => {
  it('gets a hold, the skip it causes, and the resume', async () => {
    await start();
    await lm.user.slash(REQUESTER, 'hold shop DB migration');
    const outcome = await lm.fire({
      kind: 'schedule',
      system: 'shop',
      schedule: 'nightly-stop',
      scheduledAt: '2026-12-02T13:00:00Z',
    });
    await lm.user.slash(APPROVER, 'resume shop');

    expect(outcome).toMatchObject({ outcome: 'skipped', reason: 'held' });
    expect(announced()).toEqual([
      expect.stringMatching(/^⏸ <@U0REQUESTER> held shop: .* — DB migration$/),
      expect.stringMatching(/^⏸ nightly-stop skipped: \*shop\* is held by <@U0REQUESTER>/),
      expect.stringMatching(/^▶️ <@U0APPROVER> resumed shop/),
    ]);
  });
});
