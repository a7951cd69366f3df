import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SendTaskSuccessCommand,
} from '@aws-sdk/client-sfn';
import { WebClient } from '@slack/web-api';
import 'aws-sdk-client-mock-jest';
import { ACTION_IDS } from '../../bot/blocks/action-ids';
import { makeHandler as makeRequestApproval } from '../../bot/approval-requester/handler';
import { signedFunctionUrlEvent, slashCommandBody } from '../../local/slack';
import {
  BOT_TOKEN,
  CHANNEL,
  createBotHarness,
  SIGNING_SECRET,
  STATE_MACHINES,
  USERS,
  type BotHarness,
} from '../helpers/bot-harness';
import {
  captureOutput,
  dimensionsOf,
  powertoolsOutputOn,
  type CapturedOutput,
} from '../helpers/powertools-output';
import { preparedRun, personRunOnly } from '../helpers/prepared-run';
import { buttonValue } from '../../local/slack-user';

let bot: BotHarness;
let output: CapturedOutput;
let restoreEnv: () => void;
beforeAll(async () => {
  // Before the harness loads the handler, which creates its Powertools at module scope.
  restoreEnv = powertoolsOutputOn();
  bot = await createBotHarness();
});
afterAll(async () => {
  await bot.close();
  restoreEnv();
});
beforeEach(() => {
  bot.slack.reset();
  bot.resetSfn();
  output = captureOutput();
});
afterEach(() => output.restore());

/** Neither Slack credential may ever reach the logs. */
function expectNoCredentials(text: string) {
  expect(text).not.toContain(BOT_TOKEN);
  expect(text).not.toContain(SIGNING_SECRET);
}

describe('the bot handler, as CloudWatch would see it', () => {
  it('logs a slash command with who asked for which run, and counts RunStarted', async () => {
    // Act
    const response = await bot.slash('stop shop');
    output.restore();

    // Assess
    expect(response.statusCode).toBe(200);
    const keys = { slackUser: USERS.requester, system: 'shop', jobnet: 'stop' };
    const logs = output.logs();
    expect(logs.find((l) => l.message === 'Run started')).toMatchObject({
      ...keys,
      level: 'INFO',
      executionArn: expect.stringMatching(/:execution:webapp-chatops-stop:stop-shop-/),
      runId: expect.stringMatching(/^stop-shop-/),
    });
    expect(logs.at(-1)).toMatchObject({
      ...keys,
      message: 'Slack request answered',
      statusCode: 200,
    });
    const [started] = output.metric('RunStarted');
    expect(started).toMatchObject({
      service: 'webapp-chatops',
      System: 'shop',
      Jobnet: 'stop',
      RunStarted: 1,
    });
    expect(dimensionsOf(started)).toEqual([['service', 'System', 'Jobnet']]);
    expectNoCredentials(output.text());
  });

  it('counts refusals by reason, and keeps no keys from one request to the next', async () => {
    // Prepare
    const forged = signedFunctionUrlEvent(
      slashCommandBody({
        command: '/webapp',
        text: 'stop shop',
        userId: USERS.requester,
        channelId: CHANNEL,
        responseUrl: bot.slack.createResponseUrl(CHANNEL, USERS.requester),
        triggerId: 'trigger-forged',
      }),
      'not-the-signing-secret',
    );

    // Act
    await bot.slash('stop shop', { user: USERS.stranger });
    await bot.slash('start shop', { channel: 'C0ELSEWHERE' });
    const refused = await bot.handler(forged);
    output.restore();

    // Assess
    expect(refused.statusCode).toBe(401);
    expect(output.metric('BotRefusals').map((m) => m.Reason)).toEqual([
      'unauthorised',
      'wrong-channel',
      'bad-signature',
    ]);
    expect(dimensionsOf(output.metric('BotRefusals')[0])).toEqual([['service', 'Reason']]);
    expect(output.metric('RunStarted')).toEqual([]);
    const answered = output.logs().filter((l) => l.message === 'Slack request answered');
    expect(answered.map((l) => [l.slackUser, l.jobnet, l.statusCode])).toEqual([
      [USERS.stranger, 'stop', 200],
      [USERS.requester, 'start', 200],
      [undefined, undefined, 401],
    ]);
    expectNoCredentials(output.text());
  });

  it('logs an approval click with the run it decides, and how long the approval waited', async () => {
    // Prepare
    const runName = 'stop-shop-20261129T2200-0123abcd';
    const executionArn = `${STATE_MACHINES.stop.replace(':stateMachine:', ':execution:')}:${runName}`;
    const taskToken = `AQC${'k'.repeat(1500)}`;
    const web = new WebClient(BOT_TOKEN, { slackApiUrl: bot.slack.apiUrl });
    const root = await web.chat.postMessage({ channel: CHANNEL, text: 'Maintenance in: shop' });
    const posted = await makeRequestApproval({
      slack: async () => web,
      now: Date.now,
      ...personRunOnly,
    })({
      taskToken,
      executionArn,
      timeoutSeconds: 3600,
      run: preparedRun('stop', { channel: CHANNEL, threadTs: root.ts }),
    });
    const message = bot.slack.thread(CHANNEL, root.ts ?? '').find((m) => m.ts === posted.ts)!;
    bot.sfn.on(DescribeExecutionCommand).resolves({
      executionArn,
      status: 'RUNNING',
      input: JSON.stringify({ requestedBy: USERS.requester }),
      startDate: new Date(),
    });
    bot.sfn.on(GetExecutionHistoryCommand).resolves({
      events: [
        {
          id: 12,
          type: 'TaskScheduled',
          timestamp: new Date(Date.now() - 90_000),
          taskScheduledEventDetails: {
            resourceType: 'lambda',
            resource: 'invoke.waitForTaskToken',
            region: 'us-east-1',
            parameters: JSON.stringify({ FunctionName: 'f', Payload: { taskToken } }),
          },
        },
      ],
    });

    // Act
    const response = await bot.click(ACTION_IDS.approve, buttonValue(message), {
      user: USERS.approver,
      messageTs: message.ts,
      threadTs: root.ts,
      blocks: message.blocks,
    });
    output.restore();

    // Assess
    expect(response.statusCode).toBe(200);
    expect(bot.sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, { taskToken });
    const keys = {
      slackUser: USERS.approver,
      system: 'shop',
      jobnet: 'stop',
      executionArn,
      runId: runName,
    };
    expect(output.logs().find((l) => l.message === 'Approval approved')).toMatchObject(keys);
    expect(output.logs().at(-1)).toMatchObject({ ...keys, message: 'Slack request answered' });
    const [wait] = output.metric('ApprovalWaitSeconds');
    expect(wait).toMatchObject({ service: 'webapp-chatops', Jobnet: 'stop' });
    expect(wait.ApprovalWaitSeconds).toBeGreaterThanOrEqual(90);
    expect(wait.ApprovalWaitSeconds).toBeLessThan(120);
    expect(dimensionsOf(wait)).toEqual([['service', 'Jobnet']]);
    expectNoCredentials(output.text());
    expect(output.text()).not.toContain(taskToken.slice(0, 40));
  });
});
