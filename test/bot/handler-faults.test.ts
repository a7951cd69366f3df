import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNServiceException,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { WebClient } from '@slack/web-api';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { makeHandler as makeRequestApproval } from '../../bot/approval-requester/handler';
import { ACTION_IDS } from '../../bot/blocks/action-ids';
import { interactionBody, signedFunctionUrlEvent } from '../../local/slack';
import { buttonValue } from '../../local/slack-user';
import {
  BOT_TOKEN,
  CHANNEL,
  createBotHarness,
  SIGNING_SECRET,
  STATE_MACHINES,
  USERS,
  type BotHarness,
} from '../helpers/bot-harness';
import { preparedRun, personRunOnly } from '../helpers/prepared-run';

/**
 * Every Slack request is answered, in time, with a private reply saying what happened, whatever
 * its dependencies do — and nothing is half-started. Each dependency below never answers,
 * throttles or fails; a handler that waited for it would never resolve (the test would time
 * out), so resolving at all proves the deadline. The answer times are measured by
 * `npm run bench:bot`, not asserted here.
 */
let bot: BotHarness;
beforeAll(async () => {
  bot = await createBotHarness();
});
afterAll(() => bot.close());
beforeEach(() => {
  bot.slack.reset();
  bot.resetSfn();
  return bot.dynamodb.clearLocks();
});

const never = () => new Promise<never>(() => undefined);
const ephemeralText = (response: { body: string }) =>
  (JSON.parse(response.body) as { text: string }).text;
const awsError = (name: string, httpStatusCode: number) =>
  new SFNServiceException({
    name,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode },
    message: `${name} happened`,
  });

/** The lock is free again: a plain request goes through. */
async function expectLockFree(): Promise<void> {
  bot.resetSfn();
  bot.slack.reset();
  await bot.slash('stop');
  expect(bot.sfn).toHaveReceivedCommandTimes(StartExecutionCommand, 1);
}

describe('/webapp stop with a dependency that stalls, throttles or fails', () => {
  it('Step Functions never answers the start: says the outcome is unknown, in the root message too', async () => {
    bot.sfn.on(StartExecutionCommand).callsFake(never);
    const response = await bot.slash('stop');
    expect(response.statusCode).toBe(200);
    expect(ephemeralText(response)).toMatch(
      /AWS did not answer in time; the run may not have started/,
    );
    expect(bot.slack.messages(CHANNEL)[0].text).toMatch(
      /may not have started: Step Functions did not answer in time/,
    );
  });

  it('Step Functions never answers the first look: nothing posted, nothing started', async () => {
    bot.sfn.on(DescribeExecutionCommand).callsFake(never);
    const response = await bot.slash('stop');
    expect(ephemeralText(response)).toBe(
      'Nothing was done: Step Functions did not answer in time. Try again.',
    );
    expect(bot.slack.messages(CHANNEL)).toEqual([]);
    expect(bot.sfn).not.toHaveReceivedCommand(StartExecutionCommand);
  });

  it.each([
    [
      'throttles',
      awsError('ThrottlingException', 400),
      /AWS is throttling requests \(ThrottlingException\)/,
    ],
    ['fails', awsError('InternalServerError', 500), /AWS had a problem \(InternalServerError\)/],
  ])(
    'Step Functions %s the start: root message marked, lock given back',
    async (_how, error, said) => {
      bot.sfn.on(StartExecutionCommand).rejects(error);
      const response = await bot.slash('stop');
      expect(ephemeralText(response)).toMatch(said);
      expect(bot.slack.messages(CHANNEL)[0].text).toMatch(/could not start: .*Nothing was changed/);
      await expectLockFree();
    },
  );

  it('Slack rate-limits the root message: says when to try again, starts nothing, frees the lock', async () => {
    bot.slack.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 30 });
    const response = await bot.slash('stop');
    expect(ephemeralText(response)).toBe(
      'Nothing was started: Slack is rate limiting us; try again in 30 s.',
    );
    expect(bot.sfn).not.toHaveReceivedCommand(StartExecutionCommand);
    await expectLockFree();
  });

  it.each([
    ['never answers', { status: 'stall' as const }, 'Slack did not answer in time'],
    ['fails', { status: 500 as const }, 'Slack could not be reached'],
  ])('Slack %s the root message: starts nothing', async (_how, fault, said) => {
    bot.slack.failNext('chat.postMessage', fault);
    const response = await bot.slash('stop');
    expect(ephemeralText(response)).toBe(`Nothing was started: ${said}.`);
    expect(bot.sfn).not.toHaveReceivedCommand(StartExecutionCommand);
  });

  it('a user-group lookup fails: a clear refusal, not a 500', async () => {
    bot.slack.failNext('usergroups.users.list', { status: 500 });
    const response = await bot.slash('stop', { user: USERS.operator });
    expect(response.statusCode).toBe(200);
    expect(ephemeralText(response)).toBe(
      'Nothing was done: Slack could not be reached. Try again.',
    );
    expect(bot.sfn).not.toHaveReceivedCommand(StartExecutionCommand);
  });

  it.each([
    ['never answers', 'stall'],
    ['throttles', 'throttle'],
  ])('DynamoDB %s the lock: nothing posted, nothing started', async (_how, kind) => {
    const ddb = mockClient(DynamoDBClient);
    if (kind === 'stall') ddb.on(PutItemCommand).callsFake(never);
    else {
      ddb.on(PutItemCommand).rejects(
        Object.assign(new Error('Rate exceeded'), {
          name: 'ProvisionedThroughputExceededException',
          $metadata: { httpStatusCode: 400 },
        }),
      );
    }
    try {
      const response = await bot.slash('stop');
      expect(ephemeralText(response)).toMatch(
        kind === 'stall' ? /DynamoDB did not answer in time/ : /AWS is throttling requests/,
      );
      expect(bot.slack.messages(CHANNEL)).toEqual([]);
      expect(bot.sfn).not.toHaveReceivedCommand(StartExecutionCommand);
    } finally {
      ddb.restore();
    }
  });
});

describe('a replayed request', () => {
  it('maps to the same run, from what Slack signed, and is refused as already handled after that run ended', async () => {
    const event = bot.signedSlash('stop', { triggerId: 'trigger-replayed' });
    await bot.handler(event);
    const name = bot.sfn.commandCalls(StartExecutionCommand)[0].args[0].input.name ?? '';
    // The run ended and released its lock; a minute later the same signed request comes again.
    await bot.dynamodb.clearLocks();
    bot.sfn
      .on(DescribeExecutionCommand)
      .resolves({ status: 'SUCCEEDED', input: '{}', startDate: new Date() });

    const replay = await bot.handler(event);

    expect(ephemeralText(replay)).toContain(`already handled: <`);
    expect(ephemeralText(replay)).toContain(name);
    expect(bot.sfn).toHaveReceivedCommandTimes(StartExecutionCommand, 1);
  });
});

describe('an approval click with a dependency that stalls', () => {
  it('Step Functions never answers the history: nothing decided, and the clicker is told', async () => {
    const web = new WebClient(BOT_TOKEN, { slackApiUrl: bot.slack.apiUrl });
    const root = await web.chat.postMessage({ channel: CHANNEL, text: 'Maintenance in: shop' });
    const executionArn = `${STATE_MACHINES.stop.replace(':stateMachine:', ':execution:')}:stop-shop-20261129T2200-0123abcd`;
    const posted = await makeRequestApproval({
      slack: async () => web,
      now: Date.now,
      ...personRunOnly,
    })({
      taskToken: 'token',
      executionArn,
      timeoutSeconds: 3600,
      run: preparedRun('stop', { channel: CHANNEL, threadTs: root.ts }),
    });
    const message = bot.slack.thread(CHANNEL, root.ts ?? '').find((m) => m.ts === posted.ts)!;
    bot.sfn.on(GetExecutionHistoryCommand).callsFake(never);

    const response = await bot.click(ACTION_IDS.approve, buttonValue(message), {
      user: USERS.approver,
      messageTs: message.ts,
      threadTs: root.ts,
      blocks: message.blocks,
    });

    expect(response.statusCode).toBe(200);
    expect(bot.slack.ephemerals(CHANNEL, USERS.approver).at(-1)?.text).toBe(
      'Nothing was decided: Step Functions did not answer in time. Try again.',
    );
  });
});

describe('what the bot has no listener for', () => {
  const send = (payload: object) =>
    bot.handler(signedFunctionUrlEvent(interactionBody(payload), SIGNING_SECRET));

  it('answers a button it does not know, privately', async () => {
    const response = await bot.click('some_old_button', 'x', {
      user: USERS.approver,
      messageTs: '1.1',
    });
    expect(response.statusCode).toBe(200);
    expect(bot.slack.ephemerals(CHANNEL, USERS.approver).at(-1)?.text).toMatch(
      /does not know this button/,
    );
  });

  it('acknowledges a shortcut and a dialog submission instead of answering 404', async () => {
    const user = { id: USERS.approver, username: 'a', team_id: 'T0LOCAL' };
    const shortcut = await send({
      type: 'shortcut',
      callback_id: 'x',
      trigger_id: 't',
      user,
      team: { id: 'T0LOCAL' },
      token: 'v',
    });
    expect(shortcut.statusCode).toBe(200);
    const view = await send({
      type: 'view_submission',
      user,
      team: { id: 'T0LOCAL' },
      view: { id: 'V1', callback_id: 'x', type: 'modal', state: { values: {} } },
      token: 'v',
    });
    expect(view.statusCode).toBe(200);
  });
});
