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
import { makeHandler as makeRequestApproval } from '../../bot/approval-requester/handler';
import {
  BOT_TOKEN,
  CHANNEL,
  createBotHarness,
  STATE_MACHINES,
  USERS,
  type BotHarness,
} from '../helpers/bot-harness';
import { preparedRun } from '../helpers/prepared-run';

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
  type: 'TaskSucceeded',
  timestamp: new Date(),
  taskSucceededEventDetails: { resourceType: 'lambda', resource: 'invoke.waitForTaskToken' },
};
const taskError = (name: string) =>
  new SFNServiceException({ name, $fault: 'client', $metadata: {}, message: name });

/** The root message and the approval request, posted by the real request-approval function. */
async function approvalMessage(requestedBy: string = USERS.requester) {
  bot.slack.reset();
  bot.resetSfn();
  const web = new WebClient(BOT_TOKEN, { slackApiUrl: bot.slack.apiUrl });
  const root = await web.chat.postMessage({ channel: CHANNEL, text: 'Maintenance in: shop' });
  const requestApproval = makeRequestApproval({ slack: async () => web, now: Date.now });
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
  bot.click(action, executionArn, {
    user,
    messageTs: message.ts,
    threadTs: rootTs,
    blocks: message.blocks,
  });

const lastEphemeral = (user: string) => bot.slack.ephemerals(CHANNEL, user).at(-1)?.text;

describe('the approval request', () => {
  it('shows the plan and buttons that carry the execution, never the task token', async () => {
    const { message } = await approvalMessage();
    const json = JSON.stringify(message.blocks);
    expect(json).toContain('Put up the maintenance page');
    expect(json).toContain(executionArn);
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

    expect(lastEphemeral(USERS.lead)).toMatch(/already decided/);
    expect(bot.sfn).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 1);
  });

  it('answers a click after expiry privately, from the run status or the token', async () => {
    const { root, message } = await approvalMessage();
    bot.sfn.on(SendTaskSuccessCommand).rejects(taskError('TaskTimedOut'));
    await click(ACTION_IDS.approve, USERS.approver, message, root);
    expect(lastEphemeral(USERS.approver)).toMatch(/expired/);

    bot.sfn
      .on(DescribeExecutionCommand)
      .resolves({ executionArn, status: 'FAILED', input: '{}', startDate: new Date() });
    await click(ACTION_IDS.approve, USERS.approver, message, root);
    expect(lastEphemeral(USERS.approver)).toMatch(/no longer waiting for approval \(FAILED\)/);
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
