import { renderChannel, startLocalSlack, type LocalSlack } from '../../../local/slack';
import { localClient } from './client';

describe('renderChannel', () => {
  let slack: LocalSlack;

  beforeEach(async () => {
    slack = await startLocalSlack();
  });

  afterEach(() => slack.close());

  it('prints roots, indented replies, flattened blocks, buttons and ephemerals', async () => {
    // Prepare
    const client = localClient(slack);
    const root = await client.chat.postMessage({
      channel: 'C0OPS',
      text: 'fallback',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: '🛑 Maintenance in: shop' } },
        {
          type: 'section',
          text: { type: 'mrkdwn', text: '<@U0REQ> asked to *stop*\nline two &amp; more' },
        },
        {
          type: 'context',
          elements: [
            { type: 'mrkdwn', text: '⏳ Running' },
            { type: 'mrkdwn', text: '<https://x.test/a|console>' },
          ],
        },
      ],
    });
    await client.chat.update({ channel: 'C0OPS', ts: root.ts ?? '', text: 'fallback v2' });
    await client.chat.postMessage({
      channel: 'C0OPS',
      thread_ts: root.ts,
      text: 'approve?',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: 'Plan' } },
        {
          type: 'actions',
          elements: [
            { type: 'button', text: { type: 'plain_text', text: 'Approve' }, action_id: 'a' },
            { type: 'button', text: { type: 'plain_text', text: 'Reject' }, action_id: 'r' },
          ],
        },
      ],
    });
    await client.chat.postMessage({ channel: 'C0OPS', text: 'plain root' });
    await client.chat.postEphemeral({ channel: 'C0OPS', user: 'U0A', text: 'not allowed' });

    // Act
    const transcript = renderChannel(slack, 'C0OPS');

    // Assess
    expect(transcript).toBe(
      [
        '#C0OPS',
        '● 1764453600.000100 (edited 1×)',
        '  ## 🛑 Maintenance in: shop',
        '  @U0REQ asked to *stop*',
        '  line two & more',
        '  ⏳ Running · console',
        '  ↳ 1764453600.000200',
        '      Plan',
        '      [Approve] [Reject]',
        '● 1764453600.000300',
        '  plain root',
        '○ 1764453600.000400 only visible to @U0A',
        '  not allowed',
      ].join('\n'),
    );
  });
});
