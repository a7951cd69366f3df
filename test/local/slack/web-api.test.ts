import { ErrorCode, type WebAPIPlatformError, type WebClient } from '@slack/web-api';
import { startLocalSlack, type LocalSlack } from '../../../local/slack';
import { localClient } from './client';

describe('local Slack Web API through the real WebClient', () => {
  let slack: LocalSlack;
  let client: WebClient;

  beforeEach(async () => {
    slack = await startLocalSlack({ userGroups: { S0APPROVERS: ['U0A', 'U0B'] } });
    client = localClient(slack);
  });

  afterEach(() => slack.close());

  it('answers auth.test as the local bot', async () => {
    const out = await client.auth.test();

    expect(out).toMatchObject({ ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T0LOCAL' });
    expect(slack.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
  });

  it('posts, updates and threads messages with Slack-shaped, increasing ts values', async () => {
    // Prepare
    const blocks = [
      { type: 'section' as const, text: { type: 'mrkdwn' as const, text: '*root*' } },
    ];
    const root = await client.chat.postMessage({ channel: 'C0OPS', text: 'root', blocks });

    // Act
    const reply = await client.chat.postMessage({
      channel: 'C0OPS',
      thread_ts: root.ts,
      text: 'reply',
      metadata: { event_type: 'run_summary', event_payload: { attempt: 1 } },
    });
    const nested = await client.chat.postMessage({
      channel: 'C0OPS',
      thread_ts: reply.ts,
      text: 'nested',
    });
    const updated = await client.chat.update({
      channel: 'C0OPS',
      ts: root.ts ?? '',
      text: 'root v2',
    });
    await client.chat.update({ channel: 'C0OPS', ts: root.ts ?? '', text: 'root v3', blocks: [] });

    // Assess
    expect(root).toMatchObject({ ok: true, channel: 'C0OPS', ts: '1764453600.000100' });
    expect(root.message).toMatchObject({ text: 'root', user: 'U0BOT', blocks });
    expect(reply.ts).toBe('1764453600.000200');
    expect(updated).toMatchObject({ ok: true, ts: root.ts, text: 'root v2' });
    const [message] = slack.messages('C0OPS');
    expect(slack.messages('C0OPS')).toHaveLength(1);
    expect(message).toMatchObject({ ts: root.ts, text: 'root v3', edits: 2, user: 'U0BOT' });
    expect(message.blocks).toBeUndefined();
    expect(slack.thread('C0OPS', root.ts ?? '').map((m) => [m.text, m.thread_ts])).toEqual([
      ['root v3', undefined],
      ['reply', root.ts],
      ['nested', root.ts],
    ]);
    expect(nested.message?.thread_ts).toBe(root.ts);
  });

  it('returns a thread from conversations.replies, with metadata only when asked', async () => {
    const root = await client.chat.postMessage({ channel: 'C0OPS', text: 'root' });
    await client.chat.postMessage({
      channel: 'C0OPS',
      thread_ts: root.ts,
      text: 'summary',
      metadata: { event_type: 'run_summary', event_payload: { attempt: 2 } },
    });

    const plain = await client.conversations.replies({ channel: 'C0OPS', ts: root.ts ?? '' });
    const withMetadata = await client.conversations.replies({
      channel: 'C0OPS',
      ts: root.ts ?? '',
      include_all_metadata: true,
    });

    expect(plain.messages?.map((m) => m.text)).toEqual(['root', 'summary']);
    expect(plain.messages?.[0]).toMatchObject({ thread_ts: root.ts, reply_count: 1 });
    expect(plain.messages?.[1].metadata).toBeUndefined();
    expect(withMetadata.messages?.[1].metadata).toEqual({
      event_type: 'run_summary',
      event_payload: { attempt: 2 },
    });
  });

  it('records ephemerals per channel and user', async () => {
    const out = await client.chat.postEphemeral({
      channel: 'C0OPS',
      user: 'U0A',
      text: 'only you',
    });

    expect(out.message_ts).toBe('1764453600.000100');
    expect(slack.ephemerals('C0OPS', 'U0A')).toEqual([
      {
        channel: 'C0OPS',
        user: 'U0A',
        text: 'only you',
        message_ts: out.message_ts,
        via: 'chat.postEphemeral',
      },
    ]);
    expect(slack.ephemerals('C0OPS', 'U0B')).toEqual([]);
    expect(slack.messages('C0OPS')).toEqual([]);
  });

  it('lists user group members and refuses unknown groups', async () => {
    await expect(client.usergroups.users.list({ usergroup: 'S0APPROVERS' })).resolves.toMatchObject(
      {
        users: ['U0A', 'U0B'],
      },
    );
    await expect(client.usergroups.users.list({ usergroup: 'S0NOPE' })).rejects.toMatchObject({
      data: { error: 'no_such_subteam' },
    });
  });

  it.each([
    ['a wrong token', () => localClient(slack, {}, 'xoxb-wrong').auth.test(), 'invalid_auth'],
    [
      'a missing channel',
      () => client.chat.postMessage({ channel: '', text: 'x' }),
      'channel_not_found',
    ],
    [
      'an unknown ts',
      () => client.chat.update({ channel: 'C0OPS', ts: '1.000001', text: 'x' }),
      'message_not_found',
    ],
    [
      'an unknown thread',
      () => client.chat.postMessage({ channel: 'C0OPS', thread_ts: '1.000001', text: 'x' }),
      'thread_not_found',
    ],
    [
      'replies of an unknown ts',
      () => client.conversations.replies({ channel: 'C0OPS', ts: '1.000001' }),
      'thread_not_found',
    ],
    [
      'no text and no blocks',
      () => client.chat.postMessage({ channel: 'C0OPS', text: '' }),
      'no_text',
    ],
    ['an unknown method', () => client.apiCall('files.info', { file: 'F1' }), 'unknown_method'],
  ])('refuses %s like Slack', async (_, call, error) => {
    const failure = (await call().catch((e: unknown) => e)) as WebAPIPlatformError;

    expect(failure.code).toBe(ErrorCode.PlatformError);
    expect(failure.data.error).toBe(error);
    expect(slack.calls.at(-1)).toMatchObject({ ok: false, error });
  });

  it('logs every call with its parsed body and forgets everything on reset', async () => {
    const before = Date.now();
    await client.chat.postMessage({ channel: 'C0OPS', text: 'x', blocks: [{ type: 'divider' }] });

    expect(slack.calls).toEqual([
      {
        method: 'chat.postMessage',
        at: expect.any(Number),
        ok: true,
        body: { channel: 'C0OPS', text: 'x', blocks: [{ type: 'divider' }] },
      },
    ]);
    expect(slack.calls[0].at).toBeGreaterThanOrEqual(before);

    slack.reset();
    const again = await client.chat.postMessage({ channel: 'C0OPS', text: 'y' });

    expect(slack.calls).toHaveLength(1);
    expect(slack.messages('C0OPS').map((m) => m.text)).toEqual(['y']);
    expect(again.ts).toBe('1764453600.000100');
  });
});
