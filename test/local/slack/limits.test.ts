import type { WebAPIPlatformError, WebClient } from '@slack/web-api';
import { startLocalSlack, type LocalSlack } from '../../../local/slack';
import { localClient } from './client';

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const buttonBlock = (button: Record<string, unknown>) => ({
  type: 'actions',
  elements: [
    { type: 'button', text: { type: 'plain_text', text: 'Go' }, action_id: 'go', ...button },
  ],
});

describe('local Slack enforces Slack message limits', () => {
  let slack: LocalSlack;
  let client: WebClient;

  beforeEach(async () => {
    slack = await startLocalSlack();
    client = localClient(slack);
  });

  afterEach(() => slack.close());

  const post = (payload: Record<string, unknown>) =>
    client
      .apiCall('chat.postMessage', { channel: 'C0OPS', text: 'fallback', ...payload })
      .catch((e: unknown) => e as WebAPIPlatformError);

  it('accepts blocks right at every limit', async () => {
    const out = await post({
      text: 'x'.repeat(40_000),
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(150) } },
        section('s'.repeat(3000)),
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'c'.repeat(3000) }] },
        buttonBlock({ value: 'v'.repeat(2000), action_id: 'a'.repeat(255) }),
        ...Array.from({ length: 46 }, () => ({ type: 'divider' })),
      ],
    });

    expect(out).toMatchObject({ ok: true });
  });

  it.each([
    ['51 blocks', Array.from({ length: 51 }, () => ({ type: 'divider' })), '/blocks'],
    ['a 3001-character section', [section('s'.repeat(3001))], '/blocks/0/text/text'],
    [
      'a 3001-character context',
      [{ type: 'context', elements: [{ type: 'mrkdwn', text: 'c'.repeat(3001) }] }],
      '/blocks/0/elements/0/text',
    ],
    [
      'a 151-character header',
      [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }],
      '/blocks/0/text/text',
    ],
    [
      'a 2001-character button value',
      [buttonBlock({ value: 'v'.repeat(2001) })],
      '/blocks/0/elements/0/value',
    ],
    [
      'a 256-character action_id',
      [buttonBlock({ action_id: 'a'.repeat(256) })],
      '/blocks/0/elements/0/action_id',
    ],
    ['an empty section text', [section('')], '/blocks/0/text/text'],
    [
      'a duplicate block_id',
      [
        { type: 'divider', block_id: 'b' },
        { type: 'divider', block_id: 'b' },
      ],
      '/blocks/1/block_id',
    ],
  ])('refuses %s with invalid_blocks and says where', async (_, blocks, pointer) => {
    const failure = (await post({ blocks })) as WebAPIPlatformError;

    expect(failure.data.error).toBe('invalid_blocks');
    expect(failure.data.response_metadata?.messages?.join('\n')).toContain(
      `[json-pointer:${pointer}]`,
    );
    expect(slack.messages('C0OPS')).toEqual([]);
  });

  it('refuses text over 40,000 characters with msg_too_long', async () => {
    const failure = (await post({ text: 'x'.repeat(40_001) })) as WebAPIPlatformError;

    expect(failure.data.error).toBe('msg_too_long');
  });

  it('applies the same checks to chat.update and chat.postEphemeral', async () => {
    const root = await client.chat.postMessage({ channel: 'C0OPS', text: 'root' });
    const tooLong = [section('s'.repeat(3001))];

    const update = await client
      .apiCall('chat.update', { channel: 'C0OPS', ts: root.ts, blocks: tooLong })
      .catch((e: unknown) => e as WebAPIPlatformError);
    const ephemeral = await client
      .apiCall('chat.postEphemeral', { channel: 'C0OPS', user: 'U0A', text: 'x', blocks: tooLong })
      .catch((e: unknown) => e as WebAPIPlatformError);

    expect((update as WebAPIPlatformError).data.error).toBe('invalid_blocks');
    expect((ephemeral as WebAPIPlatformError).data.error).toBe('invalid_blocks');
    expect(slack.messages('C0OPS')[0]).toMatchObject({ text: 'root', edits: 0 });
  });

  it('refuses blocks that are not JSON with invalid_blocks_format', async () => {
    const failure = (await post({ blocks: '[{' })) as WebAPIPlatformError;

    expect(failure.data.error).toBe('invalid_blocks_format');
  });
});
