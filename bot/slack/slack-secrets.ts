import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** The Slack app's credentials, stored as one JSON secret. */
export interface SlackSecrets {
  readonly botToken: string;
  readonly signingSecret: string;
}

/**
 * Reads the Slack secret once per container and keeps it in memory only; a failed read is
 * not cached, so the next invocation tries again. Nothing here ever logs the values.
 */
export function slackSecretsLoader(
  client: SecretsManagerClient,
  secretArn: string | undefined,
): () => Promise<SlackSecrets> {
  let cached: Promise<SlackSecrets> | undefined;
  return () => {
    cached ??= read(client, secretArn).catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
    return cached;
  };
}

async function read(
  client: SecretsManagerClient,
  secretArn: string | undefined,
): Promise<SlackSecrets> {
  if (!secretArn) throw new Error('SLACK_SECRET_ARN is not set');
  const out = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
  const value = JSON.parse(out.SecretString ?? '{}') as Partial<SlackSecrets>;
  if (!value.botToken || !value.signingSecret) {
    // Name the missing keys, never the values.
    throw new Error(`Slack secret ${secretArn} needs both "botToken" and "signingSecret"`);
  }
  return { botToken: value.botToken, signingSecret: value.signingSecret };
}
