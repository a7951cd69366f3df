import { InvokeCommand } from '@aws-sdk/client-lambda';
import {
  DescribeExecutionCommand,
  SFNServiceException,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import 'aws-sdk-client-mock-jest';
import crypto from 'node:crypto';
import {
  functionUrlEvent,
  signedFunctionUrlEvent,
  signRequest,
  slashCommandBody,
} from '../../local/slack';
import {
  CHANNEL,
  createBotHarness,
  SIGNING_SECRET,
  STATE_MACHINES,
  USERS,
  type BotHarness,
} from '../helpers/bot-harness';

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

const ephemeralText = (response: { body: string }) =>
  (JSON.parse(response.body) as { response_type: string; text: string }).text;

function body(text: string, user: string = USERS.requester) {
  return slashCommandBody({
    command: '/webapp',
    text,
    userId: user,
    channelId: CHANNEL,
    responseUrl: bot.slack.createResponseUrl(CHANNEL, user),
    triggerId: 'trigger-x',
  });
}

describe('requests that are not from Slack', () => {
  it('refuses a bad signature with 401 and does nothing', async () => {
    const response = await bot.handler(signedFunctionUrlEvent(body('stop'), 'not-the-secret'));
    expect(response.statusCode).toBe(401);
    expect(bot.slack.calls).toEqual([]);
    expect(bot.sfn).not.toHaveReceivedAnyCommand();
  });

  it('refuses a stale timestamp with 401', async () => {
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    const response = await bot.handler(
      signedFunctionUrlEvent(body('stop'), SIGNING_SECRET, { timestampSeconds: stale }),
    );
    expect(response.statusCode).toBe(401);
    expect(bot.sfn).not.toHaveReceivedAnyCommand();
  });

  it('refuses a request without the signature headers with 401', async () => {
    const response = await bot.handler(functionUrlEvent({ body: body('stop'), headers: {} }));
    expect(response.statusCode).toBe(401);
  });

  it('checks the signature once per request, in the guard, not again in Bolt', async () => {
    const event = signedFunctionUrlEvent(body('help'), SIGNING_SECRET);
    // Bolt's receiver and the guard both compute the HMAC through node:crypto; counting the
    // HMACs keyed with the signing secret counts the signature checks.
    const hmac = jest.spyOn(crypto, 'createHmac');
    try {
      const response = await bot.handler(event);
      expect(response.statusCode).toBe(200);
      expect(hmac.mock.calls.filter(([, key]) => key === SIGNING_SECRET)).toHaveLength(1);
    } finally {
      hmac.mockRestore();
    }
  });

  it('answers a signed but malformed body with 400 and does nothing', async () => {
    const raw = 'payload=%7Bnot-json';
    const response = await bot.handler(
      functionUrlEvent({ body: raw, headers: signRequest(raw, SIGNING_SECRET) }),
    );
    expect(response.statusCode).toBe(400);
    expect(bot.sfn).not.toHaveReceivedAnyCommand();
  });
});

describe('/webapp', () => {
  it('answers help and unknown subcommands privately with the usage', async () => {
    const help = await bot.slash('help');
    expect(help.statusCode).toBe(200);
    expect(JSON.parse(help.body)).toMatchObject({ response_type: 'ephemeral' });
    expect(ephemeralText(help)).toMatch(/stop/);
    const unknown = await bot.slash('reboot');
    expect(ephemeralText(unknown)).toMatch(/^Unknown command `reboot`/);
    // Slack shows the blocks: the unknown word leads them.
    const blocks = (JSON.parse(unknown.body) as { blocks: { text?: { text: string } }[] }).blocks;
    expect(blocks[0].text?.text).toBe('Unknown command `reboot`.');
    expect(bot.slack.calls).toEqual([]);
  });

  it('starts a stop run: root message in the channel, then an execution with the built input', async () => {
    const response = await bot.slash('stop', { base64: true });

    expect(response.statusCode).toBe(200);
    const [root] = bot.slack.messages(CHANNEL);
    expect(root.text).toContain('shop');
    expect(bot.sfn).toHaveReceivedCommandTimes(StartExecutionCommand, 1);
    const start = bot.sfn.commandCalls(StartExecutionCommand)[0].args[0].input;
    expect(start.stateMachineArn).toBe(STATE_MACHINES.stop);
    expect(start.name).toMatch(/^stop-shop-\d{8}T\d{4}-[0-9a-f]{8}$/);
    expect(JSON.parse(start.input ?? '')).toMatchObject({
      runId: start.name,
      system: 'shop',
      requestedBy: USERS.requester,
      slack: { channel: CHANNEL, threadTs: root.ts },
      instances: { tags: { System: 'shop', Role: 'web' } },
      dbClusterId: 'shop-db',
    });
  });

  it('accepts a plain (not base64) body and a member of a requester group', async () => {
    const response = await bot.slash('start shop', { base64: false, user: USERS.operator });
    expect(response.statusCode).toBe(200);
    expect(bot.sfn).toHaveReceivedCommandWith(StartExecutionCommand, {
      stateMachineArn: STATE_MACHINES.start,
    });
  });

  it('refuses someone who may not request, privately, and starts nothing', async () => {
    const response = await bot.slash('stop', { user: USERS.stranger });
    expect(ephemeralText(response)).toMatch(/not allowed to request a stop/);
    expect(bot.sfn).not.toHaveReceivedCommand(StartExecutionCommand);
    expect(bot.slack.messages(CHANNEL)).toEqual([]);
  });

  it('refuses in a channel that is not configured', async () => {
    const response = await bot.slash('stop', { channel: 'C0ELSEWHERE' });
    expect(ephemeralText(response)).toMatch(/not set up/);
    expect(bot.sfn).not.toHaveReceivedCommand(StartExecutionCommand);
  });

  it('refuses a second run while one of the system is running, linking to it', async () => {
    await bot.slash('start', { user: USERS.operator });
    const started = bot.sfn.commandCalls(StartExecutionCommand)[0].args[0].input;
    const running = started.name ?? '';
    bot.sfn
      .on(DescribeExecutionCommand, {
        executionArn: `${STATE_MACHINES.start.replace(':stateMachine:', ':execution:')}:${running}`,
      })
      .resolves({ status: 'RUNNING', input: '{}', startDate: new Date() });

    const response = await bot.slash('stop');

    expect(ephemeralText(response)).toMatch(
      new RegExp(
        `A start of \`shop\` is already running \\(asked by <@${USERS.operator}>\\): <https://us-east-1\\.console\\.aws\\.amazon\\.com/states/.*${running}`,
      ),
    );
    expect(bot.sfn).toHaveReceivedCommandTimes(StartExecutionCommand, 1);
  });

  it('starts nothing twice when Slack delivers the same command again', async () => {
    await bot.slash('stop', { triggerId: 'same-trigger' });
    const name = bot.sfn.commandCalls(StartExecutionCommand)[0].args[0].input.name;
    bot.sfn
      .on(DescribeExecutionCommand)
      .resolves({ status: 'RUNNING', input: '{}', startDate: new Date() });

    const again = await bot.slash('stop', { triggerId: 'same-trigger' });

    expect(ephemeralText(again)).toContain(name);
    expect(bot.sfn).toHaveReceivedCommandTimes(StartExecutionCommand, 1);
    expect(bot.slack.messages(CHANNEL)).toHaveLength(1);
  });

  it('refuses status to someone who may neither request nor approve, by default', async () => {
    bot.lambda.resetHistory();
    const response = await bot.slash('status', { user: USERS.stranger });
    expect(ephemeralText(response)).toBe(
      'Only requesters and approvers may see the status of a system.',
    );
    expect(bot.lambda).not.toHaveReceivedCommand(InvokeCommand);
  });

  it('acknowledges status at once and has the status function answer the response URL', async () => {
    const response = await bot.slash('status');
    expect(ephemeralText(response)).toMatch(/Looking at every resource of `shop`/);
    expect(bot.lambda).toHaveReceivedCommandTimes(InvokeCommand, 1);
    const invoke = bot.lambda.commandCalls(InvokeCommand)[0].args[0].input;
    expect(invoke).toMatchObject({
      FunctionName: expect.stringContaining('system-status'),
      InvocationType: 'Event',
    });
    const payload = JSON.parse(
      Buffer.from(invoke.Payload as Uint8Array).toString('utf8'),
    ) as Record<string, unknown>;
    expect(payload).toMatchObject({
      system: { name: 'shop', dbClusterId: 'shop-db' },
      executions: [],
      responseUrl: expect.stringContaining('/respond/'),
    });
  });

  it('says so in the root message and privately when the execution cannot start', async () => {
    bot.sfn.on(StartExecutionCommand).rejects(
      new SFNServiceException({
        name: 'AccessDeniedException',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
        message: 'not authorized',
      }),
    );
    const response = await bot.slash('stop');
    const [root] = bot.slack.messages(CHANNEL);
    expect(root.text).toMatch(
      /could not start: AccessDeniedException: not authorized\. Nothing was changed/,
    );
    expect(ephemeralText(response)).toBe(
      'Nothing was started: AccessDeniedException: not authorized.',
    );
    // The lock went back with it: the next request starts.
    bot.sfn.on(StartExecutionCommand).resolves({});
    await bot.slash('stop');
    expect(bot.sfn).toHaveReceivedCommandTimes(StartExecutionCommand, 2);
  });
});

describe('one run per system', () => {
  it('starts exactly one execution of 20 requests at once, stops and starts mixed, from several people', async () => {
    const people = [USERS.requester, USERS.operator];
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        bot.slash(i % 2 ? 'start' : 'stop', { user: people[i % people.length] }),
      ),
    );

    expect(responses.every((r) => r.statusCode === 200)).toBe(true);
    expect(bot.sfn).toHaveReceivedCommandTimes(StartExecutionCommand, 1);
    const refusals = responses.filter((r) => r.body !== '').map(ephemeralText);
    expect(refusals).toHaveLength(19);
    for (const text of refusals) expect(text).toMatch(/of `shop` is being started by <@U0/);
    expect(bot.slack.messages(CHANNEL)).toHaveLength(1);
  });
});
