import { startLocalSlack, type LocalSlack } from '../../../local/slack';
import { localClient } from './client';

describe('local Slack message timestamps', () => {
  let slack: LocalSlack | undefined;
  afterEach(() => slack?.close());

  it('follow the clock it is given, as Slack stamps messages with the time they were posted', async () => {
    let now = Date.parse('2025-11-29T22:01:30.250Z');
    slack = await startLocalSlack({ now: () => now });
    const client = localClient(slack);

    const root = await client.chat.postMessage({ channel: 'C0OPS', text: 'root' });
    now += 90_000;
    const reply = await client.chat.postMessage({
      channel: 'C0OPS',
      text: 'reply',
      thread_ts: root.ts,
    });
    const sameInstant = await client.chat.postMessage({ channel: 'C0OPS', text: 'again' });
    const ephemeral = await client.chat.postEphemeral({ channel: 'C0OPS', user: 'U0A', text: 'x' });

    expect(root.ts).toBe('1764453690.250000');
    expect(reply.ts).toBe('1764453780.250000');
    // Still unique and increasing when the clock has not moved.
    expect(sameInstant.ts).toBe('1764453780.250100');
    expect(ephemeral.message_ts).toBe('1764453780.250200');
  });

  it('count up from a fixed instant without a clock, the same on every run', async () => {
    slack = await startLocalSlack();
    const client = localClient(slack);

    const first = await client.chat.postMessage({ channel: 'C0OPS', text: 'a' });
    const second = await client.chat.postMessage({ channel: 'C0OPS', text: 'b' });

    expect([first.ts, second.ts]).toEqual(['1764453600.000100', '1764453600.000200']);
  });
});
