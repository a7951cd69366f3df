import { join } from 'node:path';
import { ACTION_IDS } from '../../bot/blocks/action-ids';
import { buildExecutionInput } from '../../config/execution-input';
import { parseConfig } from '../../config/load';
import type { AppConfig } from '../../config/schema';
import example from '../../config/example.config.json';
import { alarmStateChange, RDS_EVENT_0153_MESSAGE, rdsClusterEvent } from '../../local/aws-events';
import { startLocalMode, type LocalMode } from '../../local/local-mode';
import type { SlackMessage } from '../../local/slack';
import { buttonValue } from '../../local/slack-user';
import { waitUntil } from '../../local/wait-until';

/**
 * Event-triggered runs through the real rules (built as the CDK app builds them), the local
 * event bus, the real starter, definitions, approval requester and notifier, against the
 * simulated account and local Slack — as EventBridge would invoke the starter.
 */

const APPROVER = 'U0APPROVER';
/** Wed 2 Dec 2026 22:01 in Tokyo. */
const WEDNESDAY_2201 = Date.parse('2026-12-02T13:01:00Z');

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The example, its schedules off, with a trigger of each policy and the Aurora watch's re-stop. */
function triggeredConfig(): AppConfig {
  const raw = structuredClone(example) as Raw;
  const system = raw.systems[0];
  system.schedules = [];
  system.triggers = [
    ...system.triggers,
    {
      name: 'deploy-failed',
      jobnet: 'stop',
      pattern: { source: ['shop.deploy'], 'detail-type': ['Deploy Failed'] },
      approval: 'unless-held',
      holdWindowMinutes: 10,
    },
    {
      name: 'release-done',
      jobnet: 'start',
      pattern: '{"source":["shop.deploy"],"detail-type":["Release Done"]}',
      approval: 'preapproved',
    },
  ];
  system.auroraWatch = { policy: 'restop', approval: 'required' };
  return parseConfig(raw, 'configuration', join(__dirname, '../../config'));
}

let lm: LocalMode;
jest.setTimeout(60_000);

async function start(startState: 'up' | 'down' = 'up') {
  lm = await startLocalMode({
    config: triggeredConfig(),
    speed: 300,
    start: WEDNESDAY_2201,
    startState,
  });
}
afterEach(() => lm.close());

const channel = () => lm.slack.messages(lm.channel);
const thread = (root: SlackMessage) => lm.slack.thread(lm.channel, root.ts);
const approvalIn = (root: SlackMessage) =>
  thread(root).find((m) => m.metadata?.event_type === 'webapp_chatops_approval');
const summaryIn = (root: SlackMessage) =>
  thread(root).find((m) => m.metadata?.event_type === 'webapp_chatops_summary');
const firings = async () => (await lm.audit.records()).filter((r) => r.action === 'firing');

/** The shop-5xx alarm going to ALARM, put on the bus; resolves once the starter has run. */
async function alarm(options: { duplicate?: boolean } = {}) {
  const put = lm.events.put(
    alarmStateChange(lm.account, 'shop-5xx', 'ALARM', 'OK', new Date(lm.clock.now())),
    options,
  );
  await lm.events.idle();
  return put;
}

/** The one run the bus started, with its root message. */
async function theRun() {
  const [execution, ...others] = lm.sfn.listExecutions();
  expect(others).toEqual([]);
  const root = await waitUntil('the root message', () =>
    channel().find((m) => JSON.stringify(m.blocks ?? []).includes(execution.executionArn)),
  );
  return { execution, root };
}

describe('an event trigger, by approval policy', () => {
  it('required: an alarm going to ALARM posts a root message naming and linking it; approved, the stop runs', async () => {
    await start();
    const put = await alarm();
    expect(put.rules).toEqual(['webapp-chatops-shop-alarm-5xx']);
    const { execution, root } = await theRun();

    // Simulated time runs on: the alarm went off within a few minutes of 22:01.
    expect(root.text).toMatch(
      /^⚡ Stop of shop — trigger alarm-5xx: CloudWatch alarm shop-5xx went to ALARM at 22:0\d JST: starting$/,
    );
    const blocks = JSON.stringify(root.blocks);
    expect(blocks).toContain(
      `<https://${lm.account.region}.console.aws.amazon.com/cloudwatch/home?region=${lm.account.region}#alarmsV2:alarm/shop-5xx|Open what triggered it>`,
    );
    expect(blocks).toContain('Nothing changes until someone approves the plan in the thread.');
    expect(execution.input).toMatchObject({
      trigger: {
        kind: 'event',
        trigger: 'alarm-5xx',
        eventId: put.event.id,
        source: 'aws.cloudwatch',
        detailType: 'CloudWatch Alarm State Change',
        policy: 'required',
      },
    });
    expect(execution.input).not.toHaveProperty('scope');

    const approval = await waitUntil('the approval request', () => approvalIn(root));
    expect(approval.text).toMatch(/^Approval needed: stop shop/);
    expect(JSON.stringify(approval.blocks)).toContain('The trigger *alarm-5xx* (CloudWatch alarm');
    await lm.user.click(APPROVER, ACTION_IDS.approve, buttonValue(approval), approval);
    await execution.done;
    await waitUntil('the summary', () => summaryIn(root));

    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toMatchObject({ approval: { approvedBy: APPROVER } });
    expect(lm.account.snapshot().clusters[0].status).toBe('stopped');
    expect(await firings()).toEqual([
      expect.objectContaining({
        action: 'firing',
        outcome: 'started',
        system: 'shop',
        jobnet: 'stop',
        actor: { kind: 'event', id: 'alarm-5xx' },
        runId: execution.name,
        executionArn: execution.executionArn,
        detail: {
          eventId: put.event.id,
          eventSource: 'aws.cloudwatch',
          detailType: 'CloudWatch Alarm State Change',
          policy: 'required',
        },
      }),
    ]);
  });

  it('unless-held: nobody holds it, so it goes ahead when its window ends, on the record', async () => {
    await start();
    lm.events.put({ source: 'shop.deploy', 'detail-type': 'Deploy Failed', detail: { build: 7 } });
    await lm.events.idle();
    const { execution, root } = await theRun();
    expect(root.text).toMatch(
      /^⚡ Stop of shop — trigger deploy-failed: Deploy Failed from shop\.deploy at 22:0\d JST/,
    );
    // A custom event links the rule that matched it.
    expect(JSON.stringify(root.blocks)).toContain(
      '#/eventbus/default/rules/webapp-chatops-shop-deploy-failed|Open what triggered it>',
    );
    const hold = await waitUntil('the hold request', () => approvalIn(root));
    expect(JSON.stringify(hold.blocks)).toContain(ACTION_IDS.hold);
    expect(JSON.stringify(hold.blocks)).not.toContain(ACTION_IDS.approve);
    await execution.done;

    expect([execution.status, execution.error]).toEqual(['SUCCEEDED', undefined]);
    expect(execution.output).toMatchObject({
      approval: {
        approvedBy: 'trigger deploy-failed',
        via: 'event',
        trigger: 'deploy-failed',
        note: 'no objection within 10 min (trigger deploy-failed)',
      },
    });
    expect(execution.stopDate! - execution.startDate).toBeGreaterThanOrEqual(10 * 60_000);
    await waitUntil('the summary', () => summaryIn(root));
    expect(approvalIn(root)?.text).toMatch(/Nobody held it within its window/);
  });

  it('unless-held: an approver holds it, and it ends like a rejection, nothing touched', async () => {
    await start();
    lm.events.put({ source: 'shop.deploy', 'detail-type': 'Deploy Failed' });
    await lm.events.idle();
    const { execution, root } = await theRun();
    const hold = await waitUntil('the hold request', () => approvalIn(root));
    await lm.user.click(APPROVER, ACTION_IDS.hold, buttonValue(hold), hold);
    await execution.done;

    expect([execution.status, execution.error]).toEqual(['FAILED', 'Jobnet.ApprovalRejected']);
    expect(lm.account.snapshot().instances.map((i) => i.state)).toEqual(['running', 'running']);
  });

  it('preapproved: goes ahead at once, the trigger recorded as its approval', async () => {
    await start('down');
    lm.events.put({ source: 'shop.deploy', 'detail-type': 'Release Done' });
    await lm.events.idle();
    const { execution, root } = await theRun();
    expect(root.text).toMatch(/^⚡ Start of shop — trigger release-done: Release Done/);
    await execution.done;

    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toMatchObject({
      approval: { approvedBy: 'trigger release-done', via: 'event', trigger: 'release-done' },
    });
    await waitUntil('the summary', () => summaryIn(root));
    expect(approvalIn(root)?.text).toMatch(/Approved in advance by trigger release-done/);
  });
});

describe('an event that does not start a run', () => {
  it('delivered twice (at least once, at once): one run, and the duplicate on the record', async () => {
    await start();
    const put = await alarm({ duplicate: true });

    expect(lm.sfn.listExecutions()).toHaveLength(1);
    const outcomes = lm.events.deliveries.map((d) => (d.result as { outcome: string }).outcome);
    expect(outcomes.sort()).toEqual(['duplicate', 'started']);
    expect((await firings()).map((r) => [r.outcome, r.detail?.eventId]).sort()).toEqual([
      ['duplicate', put.event.id],
      ['started', put.event.id],
    ]);
    // A second alarm (another event) is a firing of its own: skipped, the system being busy.
    await alarm();
    expect(lm.sfn.listExecutions()).toHaveLength(1);
    expect(channel().at(-1)?.text).toMatch(
      /^⏭ trigger alarm-5xx skipped: a stop of \*shop\* is already going \(asked by trigger alarm-5xx\)/,
    );
  });

  it('is skipped while a run of the system is going, naming the trigger and the run', async () => {
    await start();
    await lm.user.slash('U0REQUESTER', 'stop');
    const first = await waitUntil('the person’s run', () => lm.sfn.listExecutions()[0]);
    await alarm();

    expect(lm.sfn.listExecutions()).toHaveLength(1);
    const line = channel().at(-1)?.text ?? '';
    expect(line).toMatch(
      /^⏭ trigger alarm-5xx skipped: a stop of \*shop\* is already going \(asked by <@U0REQUESTER>\)/,
    );
    expect(line).toContain(first.name);
    expect((await firings()).map((r) => [r.outcome, r.reason])).toEqual([['skipped', 'run-going']]);
  });

  it('is skipped while the system is held, saying by whom', async () => {
    await start();
    await lm.scheduleState.hold('shop', 'U0REQUESTER', 'DB migration');
    await alarm();

    expect(lm.sfn.listExecutions()).toEqual([]);
    expect(channel().at(-1)?.text).toMatch(
      /^⏸ trigger alarm-5xx skipped: \*shop\* is held by <@U0REQUESTER> since .* — DB migration$/,
    );
    expect((await firings()).map((r) => [r.outcome, r.reason])).toEqual([['skipped', 'held']]);
  });

  it('matching no rule (another alarm, the alarm going OK, another source) starts nothing', async () => {
    await start();
    const puts = [
      lm.events.put(alarmStateChange(lm.account, 'shop-latency', 'ALARM')),
      lm.events.put(alarmStateChange(lm.account, 'shop-5xx', 'OK')),
      lm.events.put({ source: 'other.deploy', 'detail-type': 'Deploy Failed' }),
    ];
    await lm.events.idle();

    expect(puts.map((p) => p.rules)).toEqual([[], [], []]);
    expect(lm.events.deliveries).toEqual([]);
    expect(lm.sfn.listExecutions()).toEqual([]);
    expect(channel()).toEqual([]);
    expect(await firings()).toEqual([]);
  });
});

describe('an approval claimed by an event', () => {
  it('is refused when only the execution input claims it: nothing is touched', async () => {
    await start();
    const name = 'stop-shop-20261202T1301-0badc0de';
    const execution = lm.sfn.startExecution('stop', {
      name,
      input: buildExecutionInput(lm.system, {
        runId: name,
        slack: { channel: lm.channel },
        approvalTimeoutSeconds: 3600,
        trigger: {
          kind: 'event',
          trigger: 'release-done',
          eventId: 'forged-event',
          eventTime: '2026-12-02T13:01:00Z',
          source: 'shop.deploy',
          detailType: 'Release Done',
          policy: 'preapproved',
        },
      }),
    });
    await execution.done;

    expect([execution.status, execution.error]).toEqual(['FAILED', 'Jobnet.ApprovalNotGranted']);
    expect(execution.cause).toMatch(/no firing of event:release-done for event forged-event/);
    expect(lm.account.snapshot().instances.map((i) => i.state)).toEqual(['running', 'running']);
  });
});

describe('the Aurora watch’s re-stop, as the watch invokes the starter', () => {
  it('starts a stop of the DB cluster only (scope database), linking the cluster', async () => {
    await start();
    const event = {
      version: '0',
      id: 'rds-0153-1',
      account: lm.account.accountId,
      region: lm.account.region,
      time: '2026-12-02T13:01:00Z',
      ...rdsClusterEvent(lm.account, 'shop-db', 'RDS-EVENT-0153', RDS_EVENT_0153_MESSAGE),
    };
    const outcome = await lm.fire({
      kind: 'event',
      system: 'shop',
      trigger: 'aurora-restop',
      event,
    });
    expect(outcome.outcome).toBe('started');
    const { execution, root } = await theRun();

    expect(execution.input).toMatchObject({
      scope: 'database',
      trigger: {
        kind: 'event',
        trigger: 'aurora-restop',
        eventId: 'rds-0153-1',
        policy: 'required',
      },
    });
    expect(root.text).toMatch(
      /^⚡ Stop of shop — trigger aurora-restop: DB cluster shop-db, RDS-EVENT-0153 at 22:01 JST: DB cluster is being started due to it exceeding the maximum allowed time being stopped: starting$/,
    );
    expect(JSON.stringify(root.blocks)).toContain(
      `/rds/home?region=${lm.account.region}#database:id=shop-db;is-cluster=true|Open what triggered it>`,
    );
    // The watch retrying its invoke starts nothing more.
    expect(
      await lm.fire({ kind: 'event', system: 'shop', trigger: 'aurora-restop', event }),
    ).toMatchObject({ outcome: 'duplicate' });
    expect(lm.sfn.listExecutions()).toHaveLength(1);
  });

  it('an unknown trigger of the system starts nothing', async () => {
    await start();
    const event = {
      id: 'x-1',
      time: '2026-12-02T13:01:00Z',
      ...rdsClusterEvent(lm.account, 'shop-db', 'RDS-EVENT-0153', RDS_EVENT_0153_MESSAGE),
    };
    expect(await lm.fire({ kind: 'event', system: 'shop', trigger: 'nope', event })).toEqual({
      outcome: 'unknown',
      problem: 'no trigger nope for shop',
    });
    expect(lm.sfn.listExecutions()).toEqual([]);
  });
});
