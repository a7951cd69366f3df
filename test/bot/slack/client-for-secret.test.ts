import { WebClient } from '@slack/web-api';
import { clientForSecret } from '../../../bot/slack/client-for-secret';

describe('clientForSecret', () => {
  it('keeps one client while the token stays, and makes a new one once it was rotated', async () => {
    // Prepare
    let botToken = 'xoxb-first';
    const client = clientForSecret(
      async () => ({ botToken, signingSecret: 'secret' }),
      (token) => new WebClient(token),
    );

    // Act
    const first = await client();
    const again = await client();
    botToken = 'xoxb-rotated';
    const rotated = await client();

    // Assess
    expect(again).toBe(first);
    expect(rotated).not.toBe(first);
    expect(rotated.token).toBe('xoxb-rotated');
  });
});
