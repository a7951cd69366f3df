import { createHmac } from 'node:crypto';
import { isValidSlackRequest } from '@slack/bolt';
import {
  blockActionPayload,
  functionUrlEvent,
  interactionBody,
  signRequest,
  slashCommandBody,
} from '../../../local/slack/signed-requests';

const SECRET = 'local-signing-secret';

describe('signRequest', () => {
  it("reproduces the example in Slack's documentation", () => {
    // The documented request: body, timestamp, secret and resulting signature.
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&' +
      'channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&' +
      'response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&' +
      'trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';

    const headers = signRequest(body, '8f742231b10e8888abcd99yyyzzz85a5', 1531420618);

    expect(headers).toEqual({
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': '1531420618',
      'x-slack-signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    });
  });

  it('matches an independent HMAC-SHA256 of v0:{timestamp}:{body} and passes Bolt’s check', () => {
    const body = slashCommandBody({
      command: '/webapp',
      text: 'stop shop',
      userId: 'U0REQ',
      channelId: 'C0OPS',
      responseUrl: 'http://127.0.0.1:1/respond/R0001',
      triggerId: '123.456.abc',
    });
    const now = Math.floor(Date.now() / 1000);
    const expected = `v0=${createHmac('sha256', SECRET).update(`v0:${now}:${body}`).digest('hex')}`;

    const headers = signRequest(body, SECRET, now);
    const verify = (secret: string, ts: number) =>
      isValidSlackRequest({
        signingSecret: secret,
        body,
        headers: {
          'x-slack-signature': headers['x-slack-signature'],
          'x-slack-request-timestamp': ts,
        },
      });

    expect(headers['x-slack-signature']).toBe(expected);
    expect(verify(SECRET, now)).toBe(true);
    expect(verify('another-secret', now)).toBe(false);
    expect(verify(SECRET, now - 1)).toBe(false);
  });
});

describe('request bodies', () => {
  it('encodes a slash command with the fields Slack sends, in order', () => {
    const body = slashCommandBody({
      command: '/webapp',
      text: 'stop shop & more',
      userId: 'U0REQ',
      userName: 'alice',
      channelId: 'C0OPS',
      responseUrl: 'http://127.0.0.1:1/respond/R0001',
      triggerId: '123.456.abc',
    });

    const fields = new URLSearchParams(body);
    expect([...fields.keys()]).toEqual([
      'token',
      'team_id',
      'team_domain',
      'channel_id',
      'channel_name',
      'user_id',
      'user_name',
      'command',
      'text',
      'api_app_id',
      'is_enterprise_install',
      'response_url',
      'trigger_id',
    ]);
    expect(Object.fromEntries(fields)).toMatchObject({
      team_id: 'T0LOCAL',
      channel_id: 'C0OPS',
      user_id: 'U0REQ',
      user_name: 'alice',
      command: '/webapp',
      text: 'stop shop & more',
      is_enterprise_install: 'false',
      response_url: 'http://127.0.0.1:1/respond/R0001',
      trigger_id: '123.456.abc',
    });
    expect(body).toContain('command=%2Fwebapp');
  });

  it('builds a block_actions payload that finds its block_id in the message', () => {
    const blocks = [
      { type: 'section', text: { type: 'mrkdwn', text: 'Plan' } },
      {
        type: 'actions',
        block_id: 'approval_actions',
        elements: [{ type: 'button', action_id: 'approval_approve' }],
      },
    ];

    const payload = blockActionPayload({
      actionId: 'approval_approve',
      value: 'arn:aws:states:us-east-1:1:execution:m:e',
      userId: 'U0APP',
      channelId: 'C0OPS',
      messageTs: '1764453600.000200',
      threadTs: '1764453600.000100',
      responseUrl: 'http://127.0.0.1:1/respond/R0002',
      messageBlocks: blocks,
    });

    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: 'U0APP', username: 'u0app', team_id: 'T0LOCAL' },
      container: {
        type: 'message',
        message_ts: '1764453600.000200',
        channel_id: 'C0OPS',
        is_ephemeral: false,
      },
      channel: { id: 'C0OPS' },
      message: { ts: '1764453600.000200', thread_ts: '1764453600.000100', blocks },
      response_url: 'http://127.0.0.1:1/respond/R0002',
      actions: [
        {
          action_id: 'approval_approve',
          block_id: 'approval_actions',
          value: 'arn:aws:states:us-east-1:1:execution:m:e',
          type: 'button',
        },
      ],
    });
    expect(typeof payload.trigger_id).toBe('string');
    expect(JSON.parse(new URLSearchParams(interactionBody(payload)).get('payload') ?? '')).toEqual(
      payload,
    );
  });
});

describe('functionUrlEvent', () => {
  const body = 'payload=%7B%22a%22%3A1%7D';
  const headers = {
    'Content-Type': 'application/x-www-form-urlencoded',
    'X-Slack-Signature': 'v0=x',
  };

  it('wraps a plain body as payload format 2.0 with lower-cased headers', () => {
    const event = functionUrlEvent({ body, headers });

    expect(event).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/',
      rawQueryString: '',
      body,
      isBase64Encoded: false,
      requestContext: { http: { method: 'POST', path: '/', sourceIp: '127.0.0.1' } },
    });
    expect(event.headers).toMatchObject({
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-signature': 'v0=x',
    });
    expect(Object.keys(event.headers).every((k) => k === k.toLowerCase())).toBe(true);
  });

  it('base64-encodes the body when asked, as Function URLs do with form bodies', () => {
    const event = functionUrlEvent({ body, headers, base64: true });

    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body, 'base64').toString('utf8')).toBe(body);
  });
});
