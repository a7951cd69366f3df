import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { WebClient } from '@slack/web-api';
import { ACTION_IDS } from '../../../bot/blocks/action-ids';
import { approvalRequest } from '../../../bot/blocks/approval';
import { APPROVAL_EVENT_TYPE } from '../../../bot/approval-requester/request-approval';
import { notifyExecution } from '../../../bot/progress-notifier/notifier';
import { systemClock } from '../../../contract/clock';
import { JOBNET_STEPS } from '../../../contract/jobnet-steps';
import { startLocalDynamoDB, type LocalDynamoDB } from '../../../local/local-dynamodb';
import { startLocalSlack, type LocalSlack } from '../../../local/slack';
import { aborted, changingThings, entered, waitingForApproval } from '../../helpers/cancel-history';
import { MemoryAuditTrail } from '../../helpers/memory-audit-trail';
import { freshTables, snapshotSfn } from '../../helpers/notifier-harness';
import { preparedPlan } from '../../helpers/prepared-run';

const CHANNEL = 'C0EXAMPLE1';
const ANNOUNCE = 'C0ANNOUNCE';
const EXECUTION_ARN =
  'arn:aws:states:us-east-1:123456789012:execution:webapp-chatops-stop:stop-shop-20251129T2200-0123abcd';
const START = new Date('2025-11-29T22:00:00Z');

let db: LocalDynamoDB;
let ddb: DynamoDBClient;
let slack: LocalSlack;
let web: WebClient;
let tables: Awaited<ReturnType<typeof freshTables>>;
beforeAll(async () => {
  db = await startLocalDynamoDB();
  ddb = db.client();
});
afterAll(async () => {
  ddb.destroy();
  await db.close();
});
beforeEach(async () => {
  tables = await freshTables(ddb);
  slack = await startLocalSlack({ botToken: 'xoxb-test' });
  web = new WebClient('xoxb-test', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
});
afterEach(() => slack.close());

/** A run's thread (root and plan), and the notifier delivering what Step Functions shows. */
async function thread(input: Record<string, unknown> = {}, announces = true) {
  const root = await web.chat.postMessage({ channel: CHANNEL, text: 'Maintenance in: shop' });
  const threadTs = root.ts ?? '';
  await web.chat.postMessage({
    channel: CHANNEL,
    thread_ts: threadTs,
    ...approvalRequest({
      jobnet: 'stop',
      system: 'shop',
      requestedBy: 'U0REQUESTER',
      executionArn: EXECUTION_ARN,
      attempt: 'a1',
      plan: preparedPlan('stop'),
      expiresAt: START.getTime() + 3_600_000,
    }),
    metadata: { event_type: APPROVAL_EVENT_TYPE, event_payload: { executionArn: EXECUTION_ARN } },
  });
  const runInput = {
    system: 'shop',
    requestedBy: 'U0REQUESTER',
    reason: 'patching CVE-2026-1234',
    slack: { channel: CHANNEL, threadTs, ...(announces ? { announceChannel: ANNOUNCE } : {}) },
    ...input,
  };

  const show = (status: string, events: HistoryEvent[], extra: Record<string, unknown> = {}) => ({
    describe: {
      executionArn: EXECUTION_ARN,
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:webapp-chatops-stop',
      status,
      input: JSON.stringify(runInput),
      startDate: START,
      ...(status === 'RUNNING' ? {} : { stopDate: new Date(START.getTime() + 240_000) }),
      redriveCount: 0,
      $metadata: {},
      ...extra,
    } as never,
    events,
  });
  const service = snapshotSfn(show('RUNNING', waitingForApproval));
  const deliver = (ended?: string) =>
    notifyExecution(
      { executionArn: EXECUTION_ARN, ...(ended ? { ended: { status: ended } } : {}) },
      {
        sfn: service.sfn,
        slack: async () => web,
        clock: systemClock,
        catalogs: JOBNET_STEPS,
        audit: new MemoryAuditTrail('progress-notifier'),
        records: tables.records,
        lock: tables.lock(),
        editGapMs: 0,
      },
    );
  return { threadTs, show, service, deliver };
}

const announced = () => slack.messages(ANNOUNCE).map((m) => m.text);

describe('a cancelled run in its thread', () => {
  it('before anything changed: "cancelled by", nothing changed, the plan closed, no Retry', async () => {
    const { threadTs, show, service, deliver } = await thread();
    await deliver();
    const cause = 'Cancelled by U0LEAD at 2025-11-29T22:03:00.000Z';
    service.show(
      show(
        'FAILED',
        [
          ...waitingForApproval,
          {
            id: 6,
            previousEventId: 5,
            type: 'TaskFailed',
            timestamp: new Date(),
            taskFailedEventDetails: {
              resourceType: 'lambda',
              resource: 'invoke.waitForTaskToken',
              error: 'Jobnet.ApprovalRejected',
              cause,
            },
          },
          entered(7, 'Rejected', 'FailStateEntered'),
          { id: 8, previousEventId: 7, type: 'ExecutionFailed', timestamp: new Date() },
        ],
        { error: 'Jobnet.ApprovalRejected', cause },
      ),
    );

    await deliver('FAILED');

    const [root, plan, summary, ...more] = slack.thread(CHANNEL, threadTs);
    const rootText = JSON.stringify(root.blocks);
    expect(rootText).toContain('Approval* — cancelled by <@U0LEAD>');
    expect(rootText).toContain('🛑 Cancelled by <@U0LEAD>');
    expect(rootText).toContain('*Reason:* patching CVE-2026-1234');
    expect(rootText).not.toContain(ACTION_IDS.cancel);
    expect(JSON.stringify(plan.blocks)).not.toContain(ACTION_IDS.approve);
    expect(plan.text).toMatch(/^🛑 Cancelled by <@U0LEAD> at \d\d:\d\d UTC/);
    expect(summary.text).toContain('🛑 cancelled by <@U0LEAD>');
    expect(JSON.stringify(summary.blocks)).toContain(
      'Cancelled by <@U0LEAD> before anything was changed.',
    );
    expect(more).toEqual([]);
  });

  it('after changes began: ABORTED by a cancel is shown as cancelled, the cut step stopped, no failure reply', async () => {
    const { threadTs, show, service, deliver } = await thread();
    service.show(show('RUNNING', changingThings));
    await deliver();
    expect(JSON.stringify(slack.thread(CHANNEL, threadTs)[0].blocks)).toContain(ACTION_IDS.cancel);
    service.show(
      show('ABORTED', [
        ...changingThings,
        aborted(9, 'Cancelled by U0APPROVER at 2025-11-29T22:04:00.000Z'),
      ]),
    );

    await deliver('ABORTED');

    const [root, , summary, ...more] = slack.thread(CHANNEL, threadTs);
    const rootText = JSON.stringify(root.blocks);
    expect(rootText).toContain('⏹️ *Put up the maintenance page*');
    expect(rootText).toContain('🛑 Cancelled by <@U0APPROVER>');
    expect(rootText).not.toContain(ACTION_IDS.cancel);
    expect(summary.text).toContain('🛑 cancelled by <@U0APPROVER>');
    expect(JSON.stringify(summary.blocks)).toContain(
      'The cancel report in this thread says where every resource is',
    );
    expect(JSON.stringify([summary, ...more])).not.toContain(ACTION_IDS.retry);
    expect(more).toEqual([]);
  });

  it('a run aborted without a cancel (StopExecution from the console) stays "aborted"', async () => {
    const { threadTs, show, service, deliver } = await thread();
    service.show(
      show('ABORTED', [
        ...changingThings,
        {
          id: 9,
          previousEventId: 8,
          type: 'ExecutionAborted',
          timestamp: new Date(),
          executionAbortedEventDetails: {},
        },
      ]),
    );
    await deliver('ABORTED');
    const summary = slack.thread(CHANNEL, threadTs)[2];
    expect(summary.text).toContain('⏹️ aborted');
  });
});

describe('the announce channel', () => {
  it('gets one line at the start and one at the end, once each however often a delivery comes', async () => {
    const { show, service, deliver } = await thread();
    await deliver();
    await deliver();
    expect(announced()).toEqual([
      expect.stringMatching(
        /^▶️ Stop of \*shop\* started — asked by <@U0REQUESTER>, reason: patching CVE-2026-1234 \(<https:\/\/.*\|run>\)$/,
      ),
    ]);
    service.show(
      show('SUCCEEDED', [
        ...changingThings,
        { id: 30, previousEventId: 8, type: 'ExecutionSucceeded', timestamp: new Date() },
      ]),
    );
    await deliver('SUCCEEDED');
    await deliver('SUCCEEDED');
    expect(announced()).toHaveLength(2);
    expect(announced()[1]).toMatch(/^✅ Stop of \*shop\* succeeded in 4 min \(<https:.*\|run>\)$/);
  });

  it('says who or what started a scheduled run, and a rejection changed nothing', async () => {
    const { show, service, deliver } = await thread({
      requestedBy: undefined,
      reason: undefined,
      trigger: {
        kind: 'schedule',
        schedule: 'nightly-stop',
        scheduledAt: '2025-11-29T13:00:00Z',
        policy: 'unless-held',
      },
    });
    service.show(
      show(
        'FAILED',
        [
          ...waitingForApproval,
          {
            id: 6,
            previousEventId: 5,
            type: 'TaskFailed',
            timestamp: new Date(),
            taskFailedEventDetails: {
              resourceType: 'lambda',
              resource: 'invoke.waitForTaskToken',
              error: 'Jobnet.ApprovalRejected',
              cause: 'Rejected by U0APPROVER at 2025-11-29T22:01:00.000Z',
            },
          },
        ],
        {
          error: 'Jobnet.ApprovalRejected',
          cause: 'Rejected by U0APPROVER at 2025-11-29T22:01:00.000Z',
        },
      ),
    );
    await deliver('FAILED');
    expect(announced()).toEqual([
      expect.stringMatching(/^▶️ Stop of \*shop\* started — schedule nightly-stop \(/),
      expect.stringMatching(
        /^⛔ Stop of \*shop\* rejected by <@U0APPROVER>, nothing was changed in 4 min \(/,
      ),
    ]);
  });

  it('a line Slack refuses fails neither the delivery nor the thread, and comes with the next news', async () => {
    const { threadTs, show, service, deliver } = await thread();
    slack.failNext('chat.postMessage', { status: 500 });
    await expect(deliver()).resolves.toBeDefined();
    expect(announced()).toEqual([]);
    expect(slack.thread(CHANNEL, threadTs)[0].edits).toBe(1);
    service.show(show('RUNNING', changingThings));
    await deliver();
    expect(announced()).toEqual([expect.stringMatching(/^▶️ Stop of \*shop\* started/)]);
  });

  it('a system without an announce channel posts nowhere else', async () => {
    const { deliver } = await thread({}, false);
    await deliver();
    expect(slack.calls.filter((c) => c.body.channel !== CHANNEL).map((c) => c.method)).toEqual([]);
  });
});
