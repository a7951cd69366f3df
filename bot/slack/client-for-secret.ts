import type { WebClient } from '@slack/web-api';
import type { SlackSecrets } from './slack-secrets';

/**
 * The Web API client for the bot token the secret holds now: the same client while the token
 * stays (its request queue and rate-limit pause with it), a new one once the token was rotated.
 */
export function clientForSecret(
  secrets: () => Promise<SlackSecrets>,
  create: (botToken: string) => WebClient,
): () => Promise<WebClient> {
  let current: { botToken: string; client: WebClient } | undefined;
  return async () => {
    const { botToken } = await secrets();
    if (current?.botToken !== botToken) current = { botToken, client: create(botToken) };
    return current.client;
  };
}
