import { startLocalSlack, type LocalSlack } from '../../../local/slack';
import { localClient } from './client';

async function errorOf(res: Response): Promise<[number, string | undefined]> {
  const body = (await res.json()) as { error?: string };
  return [res.status, body.error];
}

function postJson(url: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('local Slack response URLs', () => {
  let slack: LocalSlack;

  beforeEach(async () => {
    slack = await startLocalSlack();
  });

  afterEach(() => slack.close());

  it('records a post as an ephemeral to the user by default', async () => {
    const url = slack.createResponseUrl('C0OPS', 'U0A');

    const res = await postJson(url, { text: 'only you', blocks: [{ type: 'divider' }] });

    expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${slack.port}/respond/\\w+$`));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(slack.ephemerals('C0OPS', 'U0A')).toEqual([
      expect.objectContaining({
        text: 'only you',
        blocks: [{ type: 'divider' }],
        via: 'response_url',
      }),
    ]);
    expect(slack.calls).toEqual([
      expect.objectContaining({
        method: 'response_url',
        ok: true,
        body: expect.objectContaining({ text: 'only you' }),
      }),
    ]);
  });

  it('posts in_channel messages to the channel, in a thread when asked', async () => {
    const root = await localClient(slack).chat.postMessage({ channel: 'C0OPS', text: 'root' });
    const url = slack.createResponseUrl('C0OPS', 'U0A');

    await postJson(url, { response_type: 'in_channel', text: 'for all' });
    await postJson(url, { response_type: 'in_channel', text: 'in thread', thread_ts: root.ts });

    expect(slack.messages('C0OPS').map((m) => m.text)).toEqual(['root', 'for all']);
    expect(slack.thread('C0OPS', root.ts ?? '').map((m) => m.text)).toEqual(['root', 'in thread']);
  });

  it('replaces and deletes the message the interaction came from', async () => {
    const client = localClient(slack);
    const root = await client.chat.postMessage({ channel: 'C0OPS', text: 'root' });
    const approval = await client.chat.postMessage({
      channel: 'C0OPS',
      thread_ts: root.ts,
      text: 'approve?',
    });
    const url = slack.createResponseUrl('C0OPS', 'U0A', approval.ts);

    await postJson(url, { replace_original: true, text: 'approved' });
    const replaced = slack.thread('C0OPS', root.ts ?? '')[1];
    await postJson(url, { delete_original: true });

    expect(replaced).toMatchObject({ ts: approval.ts, text: 'approved', edits: 1 });
    expect(slack.thread('C0OPS', root.ts ?? '').map((m) => m.text)).toEqual(['root']);
  });

  it('refuses what Slack refuses: bad blocks, no original, unknown or used-up URLs', async () => {
    const url = slack.createResponseUrl('C0OPS', 'U0A');
    const section = { type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } };

    const invalid = await postJson(url, { text: 'x', blocks: [section] });
    const noOriginal = await postJson(url, { replace_original: true, text: 'x' });
    const unknown = await postJson(`${url}9`, { text: 'x' });
    for (let i = 0; i < 3; i += 1) await postJson(url, { text: `use ${i}` });
    const usedUp = await postJson(url, { text: 'sixth' });

    expect(await errorOf(invalid)).toEqual([400, 'invalid_blocks']);
    expect(await errorOf(noOriginal)).toEqual([404, 'message_not_found']);
    expect(unknown.status).toBe(404);
    expect(await errorOf(usedUp)).toEqual([404, 'used_url']);
    expect(slack.ephemerals().map((e) => e.text)).toEqual(['use 0', 'use 1', 'use 2']);
  });

  it('can be faulted like a Web API method', async () => {
    slack.failNext('response_url', { status: 500 });
    const url = slack.createResponseUrl('C0OPS', 'U0A');

    const failed = await postJson(url, { text: 'x' });
    const ok = await postJson(url, { text: 'x' });

    expect([failed.status, ok.status]).toEqual([500, 200]);
  });
});
