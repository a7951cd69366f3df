import { App, AwsLambdaReceiver, LogLevel } from '@slack/bolt';
import { startLocalSlack, type LocalSlack } from '../../../local/slack';
import {
  blockActionPayload,
  functionUrlEvent,
  interactionBody,
  signedFunctionUrlEvent,
  signRequest,
  slashCommandBody,
} from '../../../local/slack/signed-requests';

const SECRET = 'local-signing-secret';

type AwsHandler = ReturnType<AwsLambdaReceiver['toHandler']>;

/**
 * The pieces together as the local mode will use them: signed Function URL events into Bolt's
 * AwsLambdaReceiver, the listeners' Web API calls and respond() into the local server.
 */
describe('Bolt on Lambda against the local Slack', () => {
  let slack: LocalSlack;
  let handler: AwsHandler;

  beforeEach(async () => {
    slack = await startLocalSlack();
    const receiver = new AwsLambdaReceiver({ signingSecret: SECRET, logLevel: LogLevel.ERROR });
    const app = new App({
      receiver,
      // A custom authorize skips Bolt's auth.test at start, as the deployed bot does.
      authorize: async () => ({ botToken: 'xoxb-local', botId: 'B0BOT', botUserId: 'U0BOT' }),
      clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } },
      logLevel: LogLevel.ERROR,
    });
    app.command('/webapp', async ({ ack, command, client, respond }) => {
      await ack();
      await client.chat.postMessage({
        channel: command.channel_id,
        text: `${command.user_id}: ${command.text}`,
      });
      await respond({ text: 'started' });
    });
    app.action('approval_approve', async ({ ack, action, respond }) => {
      await ack();
      await respond({
        replace_original: true,
        text: `approved ${(action as { value?: string }).value}`,
      });
    });
    handler = await receiver.start();
  });

  afterEach(() => slack.close());

  function command(text: string): string {
    return slashCommandBody({
      command: '/webapp',
      text,
      userId: 'U0REQ',
      channelId: 'C0OPS',
      responseUrl: slack.createResponseUrl('C0OPS', 'U0REQ'),
      triggerId: '1.2.abc',
    });
  }

  it.each([true, false])('runs a slash command delivered with base64 %s', async (base64) => {
    const response = await handler(
      signedFunctionUrlEvent(command('stop shop'), SECRET, { base64 }),
      {},
    );

    expect(response.statusCode).toBe(200);
    expect(slack.messages('C0OPS').map((m) => m.text)).toEqual(['U0REQ: stop shop']);
    expect(slack.ephemerals('C0OPS', 'U0REQ').map((e) => e.text)).toEqual(['started']);
  });

  it('answers 401 and does nothing for a bad signature or a stale timestamp', async () => {
    const body = command('stop shop');
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;

    const forged = await handler(
      functionUrlEvent({ body, headers: signRequest(body, 'not-the-secret'), base64: true }),
      {},
    );
    const old = await handler(
      signedFunctionUrlEvent(body, SECRET, { timestampSeconds: stale }),
      {},
    );

    expect([forged.statusCode, old.statusCode]).toEqual([401, 401]);
    expect(slack.calls).toEqual([]);
  });

  it('replaces the clicked message through the response URL', async () => {
    const root = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-local', 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'C0OPS', text: 'approve?' }),
    }).then((r) => r.json() as Promise<{ ts: string }>);
    const payload = blockActionPayload({
      actionId: 'approval_approve',
      value: 'arn:aws:states:us-east-1:1:execution:m:e',
      userId: 'U0APP',
      channelId: 'C0OPS',
      messageTs: root.ts,
      responseUrl: slack.createResponseUrl('C0OPS', 'U0APP', root.ts),
    });

    const response = await handler(signedFunctionUrlEvent(interactionBody(payload), SECRET), {});

    expect(response.statusCode).toBe(200);
    expect(slack.messages('C0OPS')).toEqual([
      expect.objectContaining({
        ts: root.ts,
        text: 'approved arn:aws:states:us-east-1:1:execution:m:e',
        edits: 1,
      }),
    ]);
  });
});
