import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  RedriveExecutionCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNServiceException,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { WebClient } from '@slack/web-api';
import 'aws-sdk-client-mock-jest';
import { ACTION_IDS } from '../../bot/blocks/action-ids';
import { parseApprovalRef, tokenDigest } from '../../bot/blocks/approval-ref';
import { makeHandler as makeRequestApproval } from '../../bot/approval-requester/handler';
import {
  BOT_TOKEN,
  CHANNEL,
  createBotHarness,
  STATE_MACHINES,
  USERS,
  type BotHarness,
} from '../helpers/bot-harness';
import { preparedRun, personRunOnly } from '../helpers/prepared-run';
import { buttonValue } from '../../local/slack-user';

let bot: BotHarness;
beforeAll(async () => {
  bot = await createBotHarness();
});
afterAll(() => bot.close());

const executionArn = `${STATE_MACHINES.stop.replace(':stateMachine:', ':execution:')}:stop-shop-20261129T2200-0123abcd`;
const TOKEN = `AQC${'x'.repeat(1500)}`;
const scheduled: HistoryEvent = {
  id: 12,
  type: 'TaskScheduled',
  timestamp: new Date(),
  taskScheduledEventDetails: {
    resourceType: 'lambda',
    resource: 'invoke.waitForTaskToken',
    region: 'us-east-1',
    parameters: JSON.stringify({ FunctionName: 'f', Payload: { taskToken: TOKEN } }),
  },
};
const decided: HistoryEvent = {
  id: 15,
  previousEventId: 12,
  type: 'TaskSucceeded',
  timestamp: new Date(),
  taskSucceededEventDetails: {
    resourceType: 'lambda',
    resource: 'invoke.waitForTaskToken',
    output: JSON.stringify({ approvedBy: USERS.approver }),
  },
};
const timedOut: HistoryEvent = {
  id: 15,
  previousEventId: 12,
  type: 'TaskTimedOut',
  timestamp: new Date(),
  taskTimedOutEventDetails: { resourceType: 'lambda', resource: 'invoke.waitForTaskToken' },
};
const taskError = (name: string) =>
  new SFNServiceException({ name, $fault: 'client', $metadata: {}, message: name });

/** The root message and the approval request, posted by the real request-approval function. */
async function approvalMessage(requestedBy: string = USERS.requester) {
  bot.slack.reset();
  bot.resetSfn();
  await bot.dynamodb.clearLocks();
  const web = new WebClient(BOT_TOKEN, { slackApiUrl: bot.slack.apiUrl });
  const root = await web.chat.postMessage({ channel: CHANNEL, text: 'Maintenance in: shop' });
  const requestApproval = makeRequestApproval({
    slack: async () => web,
    now: Date.now,
    ...personRunOnly,
  });
  const posted = await requestApproval({
    taskToken: TOKEN,
    executionArn,
    timeoutSeconds: 3600,
    run: preparedRun('stop', { channel: CHANNEL, threadTs: root.ts }, requestedBy),
  });
  bot.sfn.on(DescribeExecutionCommand).resolves({
    executionArn,
    status: 'RUNNING',
    input: JSON.stringify({ requestedBy }),
    startDate: new Date(),
  });
  bot.sfn.on(GetExecutionHistoryCommand).resolves({ events: [scheduled] });
  const message = bot.slack.thread(CHANNEL, root.ts ?? '').find((m) => m.ts === posted.ts)!;
  return { root: root.ts ?? '', message };
}

const click = (
  action: string,
  user: string,
  message: { ts: string; blocks?: unknown[] },
  rootTs: string,
) =>
  bot.click(action, buttonValue(message), {
    user,
    messageTs: message.ts,
    threadTs: rootTs,
    blocks: message.blocks,
  });

const lastEphemeral = (user: string) => bot.slack.ephemerals(CHANNEL, user).at(-1)?.text;

describe('the approval request', () => {
  it('shows the plan and buttons that name the approval, never the task token', async () => {
    const { message } = await approvalMessage();
    const json = JSON.stringify(message.blocks);
    expect(json).toContain('Put up the maintenance page');
    expect(parseApprovalRef(buttonValue(message))).toEqual({
      executionArn,
      state: 'Approval',
      attempt: tokenDigest(TOKEN),
    });
    expect(json).not.toContain(TOKEN.slice(0, 40));
  });
});

describe('Approve and Reject', () => {
  it('approves with the token from the history and updates the message in place', async () => {
    const { root, message } = await approvalMessage();

    const response = await click(ACTION_IDS.approve, USERS.approver, message, root);

    expect(response.statusCode).toBe(200);
    expect(bot.sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, { taskToken: TOKEN });
    const updated = bot.slack.thread(CHANNEL, root).find((m) => m.ts === message.ts)!;
    expect(updated.edits).toBe(1);
    expect(updated.text).toMatch(
      new RegExp(`Approved by <@${USERS.approver}> at \\d\\d:\\d\\d UTC`),
    );
    expect(JSON.stringify(updated.blocks)).not.toContain(ACTION_IDS.approve);
  });

  it('lets a member of an approver group reject, failing the task as Jobnet.ApprovalRejected', async () => {
    const { root, message } = await approvalMessage();
    await click(ACTION_IDS.reject, USERS.lead, message, root);
    expect(bot.sfn).toHaveReceivedCommandWith(SendTaskFailureCommand, {
      taskToken: TOKEN,
      error: 'Jobnet.ApprovalRejected',
    });
  });

  it('refuses a click by someone who may not approve, privately, changing nothing', async () => {
    const { root, message } = await approvalMessage();
    await click(ACTION_IDS.approve, USERS.stranger, message, root);
    expect(lastEphemeral(USERS.stranger)).toMatch(/not allowed to approve/);
    expect(bot.sfn).not.toHaveReceivedCommand(SendTaskSuccessCommand);
    expect(bot.slack.thread(CHANNEL, root).find((m) => m.ts === message.ts)?.edits).toBe(0);
  });

  it('refuses self-approval when four-eyes is on, even to an approver', async () => {
    const { root, message } = await approvalMessage(USERS.approver);
    await click(ACTION_IDS.approve, USERS.approver, message, root);
    expect(lastEphemeral(USERS.approver)).toMatch(/someone else must approve/);
    expect(bot.sfn).not.toHaveReceivedCommand(SendTaskSuccessCommand);
  });

  it('answers a second click privately: already decided', async () => {
    const { root, message } = await approvalMessage();
    await click(ACTION_IDS.approve, USERS.approver, message, root);
    bot.sfn.on(GetExecutionHistoryCommand).resolves({ events: [decided, scheduled] });

    await click(ACTION_IDS.approve, USERS.lead, message, root);

    expect(lastEphemeral(USERS.lead)).toMatch(
      new RegExp(`already approved by <@${USERS.approver}>`),
    );
    expect(bot.sfn).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 1);
  });

  it('answers a click after expiry privately, from the run status or the token', async () => {
    const { root, message } = await approvalMessage();
    // The timeout closed the task just before the click: Step Functions answers TaskTimedOut.
    bot.sfn.on(SendTaskSuccessCommand).callsFake(() => {
      bot.sfn.on(GetExecutionHistoryCommand).resolves({ events: [timedOut, scheduled] });
      throw taskError('TaskTimedOut');
    });
    await click(ACTION_IDS.approve, USERS.approver, message, root);
    expect(lastEphemeral(USERS.approver)).toMatch(/expired at \d\d:\d\d UTC; nobody decided/);

    bot.sfn
      .on(DescribeExecutionCommand)
      .resolves({ executionArn, status: 'FAILED', input: '{}', startDate: new Date() });
    await click(ACTION_IDS.approve, USERS.approver, message, root);
    expect(lastEphemeral(USERS.approver)).toMatch(/expired/);
    bot.sfn.on(GetExecutionHistoryCommand).resolves({ events: [scheduled] });
    await click(ACTION_IDS.approve, USERS.approver, message, root);
    expect(lastEphemeral(USERS.approver)).toMatch(/no longer waiting for .* \(it is FAILED\)/);
  });
});

describe('a click decides the approval it was shown for', () => {
  const REOPEN_TOKEN = `AQC${'r'.repeat(1500)}`;
  const reopenScheduled: HistoryEvent = {
    id: 40,
    type: 'TaskScheduled',
    timestamp: new Date(),
    taskScheduledEventDetails: {
      resourceType: 'lambda',
      resource: 'invoke.waitForTaskToken',
      region: 'us-east-1',
      parameters: JSON.stringify({
        FunctionName: 'f',
        Payload: { taskToken: REOPEN_TOKEN, stage: 'reopen' },
      }),
    },
  };

  it('changes nothing on a stale first-approval button while the reopen approval waits, and says which waits', async () => {
    const { root, message } = await approvalMessage();
    bot.sfn
      .on(GetExecutionHistoryCommand)
      .resolves({ events: [reopenScheduled, decided, scheduled] });

    await click(ACTION_IDS.approve, USERS.lead, message, root);

    expect(bot.sfn).not.toHaveReceivedCommand(SendTaskSuccessCommand);
    expect(bot.sfn).not.toHaveReceivedCommand(SendTaskFailureCommand);
    expect(lastEphemeral(USERS.lead)).toMatch(
      new RegExp(
        `already approved by <@${USERS.approver}>.*now waits for the approval to take the maintenance page down`,
      ),
    );
  });

  it('lets one of two approvers clicking at once decide, and tells the other who did', async () => {
    const { root, message } = await approvalMessage();
    let sends = 0;
    bot.sfn.on(SendTaskSuccessCommand).callsFake(() => {
      sends += 1;
      if (sends > 1) throw taskError('TaskTimedOut');
      bot.sfn.on(GetExecutionHistoryCommand).resolves({ events: [decided, scheduled] });
      return {};
    });

    await Promise.all([
      click(ACTION_IDS.approve, USERS.approver, message, root),
      click(ACTION_IDS.approve, USERS.lead, message, root),
    ]);

    const replies = [lastEphemeral(USERS.approver), lastEphemeral(USERS.lead)].filter(Boolean);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatch(new RegExp(`already approved by <@${USERS.approver}>`));
    expect(replies[0]).not.toMatch(/expired/);
  });

  it.each([
    ['another state machine', `arn:aws:states:us-east-1:123456789012:execution:payroll:run-1`],
    ['another account', executionArn.replace('123456789012', '210987654321')],
  ])('acts on no execution of %s, calling nothing', async (_what, foreign) => {
    const { root, message } = await approvalMessage();
    bot.sfn.resetHistory();
    const value = JSON.stringify({ e: foreign, s: 'Approval', a: tokenDigest(TOKEN) });
    await bot.click(ACTION_IDS.approve, value, {
      user: USERS.approver,
      messageTs: message.ts,
      threadTs: root,
    });
    expect(bot.sfn.calls()).toHaveLength(0);
    expect(lastEphemeral(USERS.approver)).toMatch(/does not belong to an approval of this app/);
  });

  it('refuses a button that names no approval (an old message carrying a bare ARN)', async () => {
    const { root, message } = await approvalMessage();
    bot.sfn.resetHistory();
    await bot.click(ACTION_IDS.approve, executionArn, {
      user: USERS.approver,
      messageTs: message.ts,
      threadTs: root,
    });
    expect(bot.sfn.calls()).toHaveLength(0);
    expect(lastEphemeral(USERS.approver)).toMatch(/newest approval message/);
  });
});

describe('Retry from failed step', () => {
  const failedRun = (redrive: Record<string, string>) =>
    bot.sfn
      .on(DescribeExecutionCommand)
      .resolves({ executionArn, status: 'FAILED', input: '{}', startDate: new Date(), ...redrive });

  it('redrives the execution and says so in the thread', async () => {
    const { root } = await approvalMessage();
    failedRun({ redriveStatus: 'REDRIVABLE' });
    await bot.click(ACTION_IDS.retry, executionArn, {
      user: USERS.requester,
      messageTs: root,
      threadTs: root,
    });
    expect(bot.sfn).toHaveReceivedCommandWith(RedriveExecutionCommand, { executionArn });
    expect(bot.slack.thread(CHANNEL, root).at(-1)?.text).toMatch(
      /retrying the run from its failed step/,
    );
  });

  it('explains when the run can no longer be redriven', async () => {
    const { root } = await approvalMessage();
    failedRun({
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: 'Execution is older than 14 days',
    });
    await bot.click(ACTION_IDS.retry, executionArn, { user: USERS.requester, messageTs: root });
    expect(lastEphemeral(USERS.requester)).toMatch(
      /can no longer be redriven: Execution is older than 14 days/,
    );
    expect(bot.sfn).not.toHaveReceivedCommand(RedriveExecutionCommand);
  });

  it('refuses someone who may neither request nor approve', async () => {
    const { root } = await approvalMessage();
    failedRun({ redriveStatus: 'REDRIVABLE' });
    await bot.click(ACTION_IDS.retry, executionArn, { user: USERS.stranger, messageTs: root });
    expect(lastEphemeral(USERS.stranger)).toMatch(/not allowed to retry/);
    expect(bot.sfn).not.toHaveReceivedCommand(RedriveExecutionCommand);
  });
});
