import { ACTION_IDS } from '../../bot/blocks/action-ids';
import { parseConfig } from '../../config/load';
import { startLocalMode, type LocalMode } from '../../local/local-mode';
import type { SlackMessage } from '../../local/slack';
import { buttonValue } from '../../local/slack-user';
import { waitUntil } from '../../local/wait-until';
import { exampleConfig } from '../helpers/bot-harness';

const REQUESTER = 'U0REQUESTER';
const APPROVER = 'U0APPROVER';
let lm: LocalMode;
jest.setTimeout(30_000);

beforeEach(async () => {
  lm = await startLocalMode({ config: parseConfig(exampleConfig()), speed: 300 });
});
afterEach(() => lm.close());

const rootMessages = () => lm.slack.messages(lm.channel);
const thread = (root: SlackMessage) => lm.slack.thread(lm.channel, root.ts);
const approvalIn = (root: SlackMessage) =>
  thread(root).find((m) => m.metadata?.event_type === 'webapp_chatops_approval');
const summaryIn = (root: SlackMessage) =>
  thread(root).find((m) => m.metadata?.event_type === 'webapp_chatops_summary');

/** `/webapp <text>`, then a decision on the approval request, then the run's end. */
async function run(text: string, decision: 'approve' | 'reject') {
  const before = rootMessages().length;
  const ack = await lm.user.slash(REQUESTER, text);
  expect(ack.status).toBe(200);
  const root = await waitUntil('the root message', () => rootMessages()[before]);
  const approval = await waitUntil('the approval request', () => approvalIn(root));
  await lm.user.click(
    APPROVER,
    decision === 'approve' ? ACTION_IDS.approve : ACTION_IDS.reject,
    buttonValue(approval),
    approval,
  );
  const execution = await waitUntil('the execution', () => lm.sfn.listExecutions().at(-1));
  await execution.done;
  await waitUntil('the summary', () => summaryIn(root));
  await lm.progressIdle();
  return { root: lm.slack.thread(lm.channel, root.ts)[0], execution };
}

function snapshot() {
  const snap = lm.account.snapshot();
  return {
    instances: snap.instances.map((i) => `${i.state}/${i.apache}`),
    db: snap.clusters[0].status,
    page: snap.listeners[0].rules.filter((r) => r.priority !== 'default').length,
    targets: snap.targetGroups
      .find((g) => g.arn === lm.seeded.targetGroupArn)
      ?.targets.map((t) => t.state),
  };
}

describe('local mode, end to end', () => {
  it('stops the system after approval and threads the progress', async () => {
    const { root, execution } = await run('stop', 'approve');

    expect([execution.status, execution.error, execution.cause]).toEqual([
      'SUCCEEDED',
      undefined,
      undefined,
    ]);
    expect(snapshot()).toMatchObject({
      instances: ['stopped/stopped', 'stopped/stopped'],
      db: 'stopped',
      page: 1,
    });
    expect(root.edits).toBeGreaterThan(0);
    const checklist = JSON.stringify(root.blocks);
    expect(checklist).not.toMatch(/⏳|❌/);
    expect(approvalIn(root)?.text).toMatch(new RegExp(`Approved by <@${APPROVER}>`));
    expect(summaryIn(root)?.text).toMatch(/✅/);
    expect(lm.account.snapshot().backupJobs).toHaveLength(3);
  });

  it('starts it again after approval, the page coming down last', async () => {
    await run('stop', 'approve');
    const { execution } = await run('start', 'approve');

    expect(execution.status).toBe('SUCCEEDED');
    expect(snapshot()).toEqual({
      instances: ['running/running', 'running/running'],
      db: 'available',
      page: 0,
      targets: ['healthy', 'healthy'],
    });
  });

  it('ends a rejected run without touching anything', async () => {
    const before = JSON.stringify(snapshot());
    const { root, execution } = await run('stop', 'reject');

    expect(execution.error).toBe('Jobnet.ApprovalRejected');
    expect(JSON.stringify(snapshot())).toBe(before);
    expect(approvalIn(root)?.text).toMatch(/Rejected by/);
    expect(summaryIn(root)?.text).toMatch(/nothing was changed|rejected/i);
  });

  it('reports a failed step with Retry, and the retry finishes the run once the fault is gone', async () => {
    const bad = lm.seeded.instanceIds[1];
    lm.account.faults.failCommands(bad, {
      exitCode: 1,
      stderr: 'httpd: could not stop',
      match: /stop/,
    });
    const { root, execution } = await run('stop', 'approve');
    expect(execution.status).toBe('FAILED');
    const failure = await waitUntil('the failure reply', () =>
      thread(root).find((m) => JSON.stringify(m.blocks ?? []).includes(ACTION_IDS.retry)),
    );
    expect(JSON.stringify(failure.blocks)).toContain(bad);
    expect(JSON.stringify(failure.blocks)).toContain('httpd: could not stop');

    lm.account.faults.clear(bad);
    const answer = await lm.user.click(
      REQUESTER,
      ACTION_IDS.retry,
      execution.executionArn,
      failure,
    );
    expect(answer.status).toBe(200);
    await waitUntil('the retried run to end', () =>
      execution.status !== 'RUNNING' &&
      execution.redriveCount === 1 &&
      execution.stopDate !== undefined
        ? execution
        : undefined,
    );
    await waitUntil(
      'the second summary',
      () =>
        thread(root).filter((m) => m.metadata?.event_type === 'webapp_chatops_summary').length ===
        2,
    );

    expect(execution.status).toBe('SUCCEEDED');
    expect(snapshot()).toMatchObject({
      instances: ['stopped/stopped', 'stopped/stopped'],
      db: 'stopped',
      page: 1,
    });
    const jobsPerResource = new Set(lm.account.snapshot().backupJobs.map((j) => j.resourceArn));
    expect(jobsPerResource.size).toBe(lm.account.snapshot().backupJobs.length);
  });

  it('refuses a second request while a run of the system is going', async () => {
    await lm.user.slash(REQUESTER, 'stop');
    await waitUntil('the first run', () => lm.sfn.listExecutions()[0]);

    const second = await lm.user.slash(REQUESTER, 'start');

    expect(second.text).toMatch(/A stop of `shop` is already running/);
    expect(lm.sfn.listExecutions()).toHaveLength(1);
    expect(rootMessages()).toHaveLength(1);
  });
});
