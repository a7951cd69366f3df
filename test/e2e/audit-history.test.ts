import { ACTION_IDS } from '../../bot/blocks/action-ids';
import { parseConfig } from '../../config/load';
import { startLocalMode, type LocalMode } from '../../local/local-mode';
import type { SlackMessage } from '../../local/slack';
import { buttonValue } from '../../local/slack-user';
import { waitUntil } from '../../local/wait-until';
import { exampleConfig } from '../helpers/bot-harness';
import { alarmStateChange } from '../../local/aws-events';

const REQUESTER = 'U0REQUESTER';
const APPROVER = 'U0APPROVER';
let lm: LocalMode;
jest.setTimeout(30_000);

beforeEach(async () => {
  lm = await startLocalMode({ config: parseConfig(exampleConfig()), speed: 300 });
});
afterEach(() => lm.close());

const rootMessages = () => lm.slack.messages(lm.channel);
const inThread = (root: SlackMessage, eventType: string) =>
  lm.slack.thread(lm.channel, root.ts).find((m) => m.metadata?.event_type === eventType);

/** `/webapp <jobnet>`, approved by a person, to its summary. */
async function approvedRun(jobnet: 'stop' | 'start') {
  const before = rootMessages().length;
  await lm.user.slash(REQUESTER, jobnet);
  const root = await waitUntil('the root message', () => rootMessages()[before]);
  const approval = await waitUntil('the approval request', () =>
    inThread(root, 'webapp_chatops_approval'),
  );
  await lm.user.click(APPROVER, ACTION_IDS.approve, buttonValue(approval), approval);
  const execution = await waitUntil('the execution', () => lm.sfn.listExecutions().at(-1));
  await execution.done;
  await waitUntil('the summary', () => inThread(root, 'webapp_chatops_summary'));
  await lm.progressIdle();
  return execution;
}

describe('the audit trail in the local mode', () => {
  it('keeps each run’s approval and outcome once in the simulated audit log group, and /webapp history reads them', async () => {
    const stop = await approvedRun('stop');
    const start = await approvedRun('start');

    const records = await lm.audit.records();
    for (const execution of [stop, start]) {
      const mine = records.filter((r) => r.executionArn === execution.executionArn);
      expect(mine).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            source: 'bot',
            action: 'decision',
            outcome: 'approved',
            actor: { kind: 'person', id: APPROVER },
          }),
          expect.objectContaining({
            source: 'progress-notifier',
            action: 'outcome',
            outcome: 'succeeded',
            actor: { kind: 'person', id: REQUESTER },
            detail: expect.objectContaining({ approvedBy: APPROVER }),
          }),
        ]),
      );
      expect(mine.filter((r) => r.action === 'outcome')).toHaveLength(1);
    }
    expect(lm.audit.lost).toEqual([]);
    expect(JSON.stringify(records)).not.toMatch(/xoxb-|local-signing-secret|\/respond\//);

    const ack = await lm.user.slash(REQUESTER, 'history shop 5');
    expect(ack.text).toBe('Reading the audit trail…');
    const answer = await waitUntil('the history', () =>
      lm.slack.ephemerals(lm.channel, REQUESTER).find((e) => e.text?.startsWith('History of shop')),
    );
    const shown = JSON.stringify(answer.blocks);
    expect(answer.text).toBe('History of shop: 2 of the last 5 runs');
    expect(shown.indexOf('*start shop*')).toBeLessThan(shown.indexOf('*stop shop*'));
    expect(shown).toContain(`asked by <@${REQUESTER}>`);
    expect(shown).toContain(`approved by <@${APPROVER}>`);
    expect(shown).toContain('✅ succeeded in');
  });

  it('answers privately that the trail could not be read while FilterLogEvents is throttled', async () => {
    lm.account.faults.failCalls({
      service: 'logs',
      action: 'FilterLogEvents',
      code: 'ThrottlingException',
      httpStatus: 400,
      times: 10,
    });
    await lm.user.slash(APPROVER, 'history');
    const answer = await waitUntil('the history', () =>
      lm.slack.ephemerals(lm.channel, APPROVER).find((e) => e.text?.startsWith('History of')),
    );
    expect(JSON.stringify(answer.blocks)).toContain('could not be read (ThrottlingException');
  });
});

/** How the local Step Functions spells a task token. */
const TASK_TOKEN = /local-token-[0-9a-f-]{36}/g;

describe('one session, every kind of action a person, a schedule or an event takes', () => {
  it('leaves one record of each, none carrying a token, a secret or a response URL', async () => {
    // A person's stop with a reason (one that looks like a token), approved, to its end.
    await lm.user.slash(REQUESTER, 'stop shop -- patching, token xoxb-1234-abcd pasted by mistake');
    const root = await waitUntil('the root message', () => rootMessages()[0]);
    const approval = await waitUntil('the approval request', () =>
      inThread(root, 'webapp_chatops_approval'),
    );
    await lm.user.click(APPROVER, ACTION_IDS.approve, buttonValue(approval), approval);
    const stop = await waitUntil('the execution', () => lm.sfn.listExecutions().at(-1));
    await stop.done;
    await lm.progressIdle();
    // Someone not allowed; a hold, a schedule firing into it, a resume.
    await lm.user.slash('U0STRANGER', 'start shop');
    await lm.user.slash(REQUESTER, 'hold shop DB migration');
    await lm.fire({
      kind: 'schedule',
      system: 'shop',
      schedule: 'morning-start',
      scheduledAt: new Date(lm.clock.now()).toISOString(),
    });
    await lm.user.slash(APPROVER, 'resume shop');
    // An event starts a start run, which its requester-to-be cancels before approval.
    lm.events.put(
      alarmStateChange(lm.account, 'shop-5xx', 'ALARM', 'OK', new Date(lm.clock.now())),
    );
    await lm.events.idle();
    await lm.user.slash(REQUESTER, 'cancel shop');
    await Promise.all(lm.sfn.listExecutions().map((execution) => execution.done));
    await lm.progressIdle();

    const records = await lm.audit.records();
    const kinds = new Set(records.map((r) => `${r.action}:${r.outcome}`));
    for (const kind of [
      'request:started',
      'refusal:refused',
      'decision:approved',
      'outcome:succeeded',
      'hold:held',
      'firing:skipped',
      'resume:resumed',
      'firing:started',
      'cancel:cancelled',
    ]) {
      expect(kinds).toContain(kind);
    }
    expect(records.find((r) => r.action === 'request')?.reason).toBe(
      'patching, token [redacted] pasted by mistake',
    );
    // Every task token the runs were given, as their histories show them.
    const tokens = lm.sfn
      .listExecutions()
      .flatMap((execution) => JSON.stringify(lm.sfn.history(execution)).match(TASK_TOKEN) ?? []);
    expect(tokens.length).toBeGreaterThan(0);
    const text = JSON.stringify(records);
    for (const secret of ['xoxb-', 'local-signing-secret', '/respond/', 'hooks.slack', ...tokens]) {
      expect(text).not.toContain(secret);
    }
    expect(lm.audit.lost).toEqual([]);
  });
});
