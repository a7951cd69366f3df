import { ACTION_IDS } from '../../bot/blocks/action-ids';
import { buildExecutionInput } from '../../config/execution-input';
import { loadConfigFile } from '../../config/load';
import { startLocalMode, type LocalMode } from '../../local/local-mode';
import type { SlackMessage } from '../../local/slack';
import { buttonValue } from '../../local/slack-user';
import { waitUntil } from '../../local/wait-until';
import { join } from 'node:path';

/**
 * Scheduled firings through the real starter, the real definitions on the local interpreter,
 * the real approval requester and notifier, against the simulated account and local Slack —
 * as EventBridge Scheduler would invoke the starter.
 */

const APPROVER = 'U0APPROVER';
const config = loadConfigFile(join(__dirname, '../../config/example.config.json'));
/** Wed 2 Dec 2026 22:00 in Tokyo: a working day, the calendar open. */
const WEDNESDAY_22 = '2026-12-02T13:00:00Z';
/** Mon 23 Nov 2026 22:00 in Tokyo: Labor Thanksgiving Day. */
const HOLIDAY_22 = '2026-11-23T13:00:00Z';

let lm: LocalMode;
jest.setTimeout(60_000);

async function start(startState: 'up' | 'down' = 'up') {
  lm = await startLocalMode({ config, speed: 300, startState });
}
afterEach(() => lm.close());

const channel = () => lm.slack.messages(lm.channel);
const thread = (root: SlackMessage) => lm.slack.thread(lm.channel, root.ts);
const approvalIn = (root: SlackMessage) =>
  thread(root).find((m) => m.metadata?.event_type === 'webapp_chatops_approval');
const summaryIn = (root: SlackMessage) =>
  thread(root).find((m) => m.metadata?.event_type === 'webapp_chatops_summary');
const fire = (schedule: string, scheduledAt = WEDNESDAY_22) =>
  lm.fire({ kind: 'schedule', system: 'shop', schedule, scheduledAt });

/** The run a firing started, once its thread has its summary. */
async function finished(executionArn: string) {
  const execution = lm.sfn.listExecutions().find((e) => e.executionArn === executionArn);
  if (!execution) throw new Error(`no execution ${executionArn}`);
  await execution.done;
  const root = channel().find((m) => JSON.stringify(m.blocks ?? []).includes(executionArn));
  if (!root) throw new Error('no root message for the run');
  await waitUntil('the summary', () => summaryIn(root));
  await lm.progressIdle();
  return { execution, root: thread(root)[0] };
}

function startedArn(outcome: Awaited<ReturnType<LocalMode['fire']>>): string {
  if (outcome.outcome !== 'started') throw new Error(`not started: ${JSON.stringify(outcome)}`);
  return outcome.executionArn;
}

describe('a scheduled firing, by approval policy', () => {
  it('preapproved: goes ahead at once, the schedule recorded as its approval', async () => {
    await start('down');
    const { execution, root } = await finished(startedArn(await fire('morning-start')));

    expect(execution.status).toBe('SUCCEEDED');
    expect(root.text).toMatch(
      /^🕙 Scheduled start of shop — morning-start, Mon–Fri 07:00 Asia\/Tokyo/,
    );
    expect(approvalIn(root)?.text).toMatch(/Approved in advance by schedule morning-start/);
    const output = execution.output as { approval?: unknown };
    expect(output.approval).toMatchObject({
      approvedBy: 'schedule morning-start',
      via: 'schedule',
      schedule: 'morning-start',
    });
    expect(lm.account.snapshot().clusters[0].status).toBe('available');
    // The requester recorded the approval it gave on the schedule's behalf, once.
    const decisions = (await lm.audit.records()).filter((r) => r.action === 'decision');
    expect(decisions).toEqual([
      expect.objectContaining({
        source: 'approval-requester',
        outcome: 'preapproved',
        executionArn: execution.executionArn,
        actor: { kind: 'schedule', id: 'morning-start' },
        detail: { approval: 'Approval', approvedBy: 'schedule morning-start', via: 'schedule' },
      }),
    ]);
  });

  it('unless-held: nobody holds it, so it goes ahead when the window ends, on the record', async () => {
    await start();
    const arn = startedArn(await fire('nightly-stop'));
    const execution = lm.sfn.listExecutions().find((e) => e.executionArn === arn);
    const root = await waitUntil('the root message', () =>
      channel().find((m) => JSON.stringify(m.blocks ?? []).includes(arn)),
    );
    const hold = await waitUntil('the hold request', () => approvalIn(root));
    expect(JSON.stringify(hold.blocks)).toContain(ACTION_IDS.hold);
    expect(JSON.stringify(hold.blocks)).not.toContain(ACTION_IDS.approve);
    const done = await finished(arn);

    expect([execution?.status, execution?.error, execution?.cause]).toEqual([
      'SUCCEEDED',
      undefined,
      undefined,
    ]);
    const output = done.execution.output as { approval?: unknown };
    expect(output.approval).toMatchObject({
      approvedBy: 'schedule nightly-stop',
      via: 'schedule',
      note: 'no objection within 15 min (schedule nightly-stop)',
    });
    // The window ended at least 15 minutes after the run began.
    const started = done.execution.startDate;
    expect(lm.account.snapshot().clusters[0].status).toBe('stopped');
    expect(approvalIn(done.root)?.text).toMatch(/Nobody held it within its window/);
    expect(done.execution.stopDate! - started).toBeGreaterThanOrEqual(15 * 60_000);
    // The window ending unheld is recorded once as the run's decision, then its outcome.
    const records = (await lm.audit.records()).filter((r) => r.executionArn === arn);
    expect(records.map((r) => [r.source, r.action, r.outcome, r.actor.id])).toEqual(
      expect.arrayContaining([
        ['progress-notifier', 'decision', 'no-objection', 'nightly-stop'],
        ['progress-notifier', 'outcome', 'succeeded', 'nightly-stop'],
      ]),
    );
    expect(records.filter((r) => r.outcome === 'no-objection')).toHaveLength(1);
  });

  it('unless-held: an approver holds it, and it ends like a rejection, nothing touched', async () => {
    await start();
    const arn = startedArn(await fire('nightly-stop'));
    const root = await waitUntil('the root message', () =>
      channel().find((m) => JSON.stringify(m.blocks ?? []).includes(arn)),
    );
    const hold = await waitUntil('the hold request', () => approvalIn(root));
    await lm.user.click(APPROVER, ACTION_IDS.hold, buttonValue(hold), hold);
    const { execution } = await finished(arn);

    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('Jobnet.ApprovalRejected');
    expect(approvalIn(root)?.text).toMatch(new RegExp(`Held by <@${APPROVER}>`));
    expect(lm.account.snapshot().instances.map((i) => i.state)).toEqual(['running', 'running']);
  });

  it('required: nobody answers, so it expires and the channel says it did not happen', async () => {
    await start();
    const { execution, root } = await finished(startedArn(await fire('monthly-maintenance')));

    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('Jobnet.ApprovalExpired');
    expect(root.text).toMatch(/expired without a decision, nothing was changed/);
    expect(lm.account.snapshot().instances.map((i) => i.state)).toEqual(['running', 'running']);
  });
});

describe('a firing that does not start a run', () => {
  it('is skipped while the system is held, saying by whom and why', async () => {
    await start();
    await lm.scheduleState.hold('shop', 'U0REQUESTER', 'DB migration');
    const outcome = await fire('nightly-stop');

    expect(outcome).toMatchObject({ outcome: 'skipped', reason: 'held' });
    expect(channel().at(-1)?.text).toMatch(
      /^⏸ nightly-stop skipped: \*shop\* is held by <@U0REQUESTER> since .* — DB migration$/,
    );
    expect(lm.sfn.listExecutions()).toEqual([]);
  });

  it('is skipped when someone skipped that occurrence', async () => {
    await start();
    await lm.scheduleState.skip({
      system: 'shop',
      schedule: 'nightly-stop',
      occurrence: new Date(WEDNESDAY_22).toISOString(),
      by: 'U0APPROVER',
    });
    expect(await fire('nightly-stop')).toMatchObject({ outcome: 'skipped', reason: 'skipped' });
    expect(channel().at(-1)?.text).toMatch(/^⏭ nightly-stop skipped: <@U0APPROVER> skipped/);
    // The next occurrence is not skipped.
    expect((await fire('nightly-stop', '2026-12-03T13:00:00Z')).outcome).toBe('started');
  });

  it('is skipped on a holiday of the change calendar, naming the calendar and the holiday', async () => {
    await start();
    expect(await fire('nightly-stop', HOLIDAY_22)).toMatchObject({
      outcome: 'skipped',
      reason: 'calendar-closed',
    });
    expect(channel().at(-1)?.text).toBe(
      '📅 nightly-stop skipped: the change calendar *jp-holidays* is closed — Labor Thanksgiving Day',
    );
    expect(lm.sfn.listExecutions()).toEqual([]);
  });

  it('is skipped while another run of the system is going, naming that run', async () => {
    await start();
    const first = startedArn(await fire('monthly-maintenance'));
    const second = await fire('nightly-stop');

    expect(second).toMatchObject({ outcome: 'skipped', reason: 'run-going' });
    expect(channel().at(-1)?.text).toContain(first.split(':').at(-1));
    expect(lm.sfn.listExecutions()).toHaveLength(1);
  });

  it('a person asking while a scheduled run is going is refused, told which schedule holds it', async () => {
    await start();
    const arn = startedArn(await fire('nightly-stop'));

    const answer = await lm.user.slash('U0REQUESTER', 'stop');

    expect(answer.text).toContain('is already running (asked by schedule nightly-stop)');
    expect(answer.text).toContain(arn.split(':').at(-1));
    expect(lm.sfn.listExecutions()).toHaveLength(1);
  });

  it('leaves one firing record per delivery: started, skipped and why, duplicate', async () => {
    await start();
    const arn = startedArn(await fire('nightly-stop'));
    await fire('nightly-stop');
    await fire('morning-start', HOLIDAY_22);
    const records = (await lm.audit.records()).filter((r) => r.action === 'firing');

    expect(records).toEqual([
      expect.objectContaining({
        outcome: 'started',
        actor: { kind: 'schedule', id: 'nightly-stop' },
        system: 'shop',
        jobnet: 'stop',
        executionArn: arn,
        runId: arn.split(':').at(-1),
        detail: { scheduledAt: new Date(WEDNESDAY_22).toISOString(), policy: 'unless-held' },
      }),
      expect.objectContaining({
        outcome: 'duplicate',
        actor: { kind: 'schedule', id: 'nightly-stop' },
        executionArn: arn,
        detail: expect.objectContaining({ firstDelivery: 'started' }),
      }),
      expect.objectContaining({
        outcome: 'skipped',
        reason: 'calendar-closed',
        actor: { kind: 'schedule', id: 'morning-start' },
        jobnet: 'start',
      }),
    ]);
  });

  it('starts one run when Scheduler delivers the same firing twice, even at once', async () => {
    await start();
    const outcomes = await Promise.all([fire('nightly-stop'), fire('nightly-stop')]);

    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['duplicate', 'started']);
    expect(lm.sfn.listExecutions()).toHaveLength(1);
    expect(await fire('nightly-stop')).toMatchObject({ outcome: 'duplicate' });
  });
});

describe('an approval in advance', () => {
  it('is refused when only the execution input claims it: nothing is touched', async () => {
    await start();
    const name = 'stop-shop-20261202T1300-0badc0de';
    const execution = lm.sfn.startExecution('stop', {
      name,
      input: buildExecutionInput(lm.system, {
        runId: name,
        slack: { channel: lm.channel },
        approvalTimeoutSeconds: 3600,
        trigger: {
          kind: 'schedule',
          schedule: 'morning-start',
          scheduledAt: WEDNESDAY_22,
          policy: 'preapproved',
        },
      }),
    });
    await execution.done;

    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('Jobnet.ApprovalNotGranted');
    expect(execution.cause).toMatch(/no firing of morning-start/);
    expect(lm.account.snapshot().instances.map((i) => i.state)).toEqual(['running', 'running']);
  });
});

describe('a one-off run', () => {
  /** Fri 4 Dec 2026 23:00 in Tokyo: no periodic schedule fires before Saturday's one-off. */
  const FRIDAY_NIGHT = Date.parse('2026-12-04T14:00:00Z');

  /** Asks for a one-off and has the approver approve it, as two people in Slack would. */
  async function approvedOneOff(text: string) {
    const before = channel().length;
    await lm.user.slash('U0REQUESTER', text);
    const request = await waitUntil('the one-off request', () => channel()[before]);
    await lm.user.click(APPROVER, ACTION_IDS.oneOffApprove, buttonValue(request), request);
    await waitUntil('the one-off schedule', () =>
      lm.account.schedules().find((s) => s.name.startsWith('oneoff-')),
    );
    return request;
  }

  it('approved in advance, runs when its one-time schedule fires, on that approval', async () => {
    lm = await startLocalMode({ config, speed: 300, start: FRIDAY_NIGHT });
    const request = await approvedOneOff('stop shop at 2026-12-05 22:00');

    lm.clock.jumpTo(Date.parse('2026-12-05T13:00:00Z'));
    await lm.scheduler.idle();
    const execution = await waitUntil('the run', () => lm.sfn.listExecutions()[0]);
    expect(lm.sfn.listExecutions()).toHaveLength(1);
    await execution.done;
    await waitUntil('the summary', () => summaryIn(request));

    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toMatchObject({
      approval: { approvedBy: APPROVER, via: 'one-off' },
    });
    expect((await lm.audit.records()).find((r) => r.source === 'approval-requester')).toMatchObject(
      {
        action: 'decision',
        outcome: 'preapproved',
        actor: { kind: 'schedule', id: expect.stringMatching(/^oneoff-stop-shop-/) },
        detail: { approvedBy: APPROVER, via: 'one-off' },
      },
    );
    expect(thread(request)[0].text).toMatch(/^🗓 One-off stop of shop, approved in advance/);
    expect((await lm.audit.records()).filter((r) => r.action === 'firing')).toEqual([
      expect.objectContaining({
        outcome: 'started',
        actor: { kind: 'schedule', id: expect.stringMatching(/^oneoff-/) },
        executionArn: execution.executionArn,
        detail: { scheduledAt: '2026-12-05T13:00:00.000Z', policy: 'preapproved' },
      }),
    ]);
    // The one-time schedule deleted itself after it fired.
    expect(lm.account.schedules().filter((s) => s.name.startsWith('oneoff-'))).toEqual([]);
  });

  it('cancelled before its time, never runs, and its schedule is gone', async () => {
    lm = await startLocalMode({ config, speed: 300, start: FRIDAY_NIGHT });
    const request = await approvedOneOff('stop shop at 2026-12-05 22:00');
    const approved = thread(request)[0];
    await lm.user.click('U0REQUESTER', ACTION_IDS.oneOffCancel, buttonValue(approved), approved);
    await waitUntil('the schedule deleted', () =>
      lm.account.schedules().every((s) => !s.name.startsWith('oneoff-')) ? true : undefined,
    );

    lm.clock.jumpTo(Date.parse('2026-12-05T13:30:00Z'));
    await lm.scheduler.idle();

    expect(lm.sfn.listExecutions().filter((e) => e.name.includes('20261205'))).toEqual([]);
    expect(channel().some((m) => /cancelled the one-off stop of shop/.test(m.text ?? ''))).toBe(
      true,
    );
  });
});

describe('a firing whose dependencies fail', () => {
  it('Slack down before anything is posted: the firing is given back for Scheduler to retry, and the retry runs', async () => {
    await start();
    // The web client tries 3 times; all fail.
    lm.slack.failNext('chat.postMessage', { status: 500 }, 3);

    await expect(fire('nightly-stop')).rejects.toThrow();
    expect(lm.sfn.listExecutions()).toEqual([]);
    expect(await lm.runLock.read('shop')).toBeUndefined();

    // Scheduler's retry of the same occurrence finds the firing free and starts the run.
    expect((await fire('nightly-stop')).outcome).toBe('started');
  });

  it('Step Functions refuses the start: the root message says so, the lock is free, no retry', async () => {
    await start();
    const sfnStart = jest.spyOn(lm.sfn, 'startExecution').mockImplementationOnce(() => {
      throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    });

    const outcome = await fire('nightly-stop');

    expect(outcome).toMatchObject({ outcome: 'skipped', reason: 'start-failed' });
    expect(channel().at(-1)?.text).toMatch(
      /^❌ nightly-stop could not start: .*Nothing was changed\.$/,
    );
    expect(await lm.runLock.read('shop')).toBeUndefined();
    // A second delivery of that firing does not try again: the channel was told.
    expect(await fire('nightly-stop')).toMatchObject({ outcome: 'duplicate' });
    sfnStart.mockRestore();
  });

  it('the calendar throttled a few times: checked again, then the run starts', async () => {
    await start();
    lm.account.faults.failCalls({
      service: 'ssm',
      action: 'GetCalendarState',
      code: 'ThrottlingException',
      httpStatus: 400,
      times: 2,
    });

    expect((await fire('nightly-stop')).outcome).toBe('started');
  });

  it('the calendar unreachable for good: the firing is given back for Scheduler to retry', async () => {
    await start();
    lm.account.faults.failCalls({
      service: 'ssm',
      action: 'GetCalendarState',
      code: 'InternalServerError',
      httpStatus: 500,
      times: 20,
    });

    await expect(fire('nightly-stop')).rejects.toThrow();
    expect(channel()).toEqual([]);
    expect(lm.sfn.listExecutions()).toEqual([]);
  });
});
