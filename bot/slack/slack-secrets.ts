import { TransformParameterError } from '@aws-lambda-powertools/parameters/errors';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** The Slack app's credentials, stored as one JSON secret. */
export interface SlackSecrets {
  readonly botToken: string;
  readonly signingSecret: string;
}

/** How long a read of the secret is used before it is read again: rotated values take effect within this. */
export const SLACK_SECRET_MAX_AGE_SECONDS = 5 * 60;

/** How long a read under way is shared by the requests that need it. */
const SHARED_READ_MS = 1_000;

/**
 * Reads the Slack secret through Powertools Parameters, over the given client (so tests, the
 * local mode and `AWS_ENDPOINT_URL` keep working), and keeps it in memory for at most
 * SLACK_SECRET_MAX_AGE_SECONDS. A failed read is not kept, nor a value without both keys: the
 * next call reads again. Errors name the secret and what is wrong with it, never its content.
 */
export function slackSecretsLoader(
  client: SecretsManagerClient,
  secretArn: string | undefined,
): () => Promise<SlackSecrets> {
  const provider = new SecretsProvider({ awsSdkV3Client: client });
  // A read under way is shared — the read started at a cold start serves the first request —
  // but not for long: a read that stalled must not hold every later request.
  let reading: { promise: Promise<SlackSecrets>; at: number } | undefined;
  return () => {
    if (!reading || Date.now() - reading.at > SHARED_READ_MS) {
      const promise = read().finally(() => {
        if (reading?.promise === promise) reading = undefined;
      });
      reading = { promise, at: Date.now() };
    }
    return reading.promise;
  };
  async function read(): Promise<SlackSecrets> {
    if (!secretArn) throw new Error('SLACK_SECRET_ARN is not set');
    let value: unknown;
    try {
      value = await provider.get(secretArn, {
        maxAge: SLACK_SECRET_MAX_AGE_SECONDS,
        transform: 'json',
      });
    } catch (error) {
      // The JSON parser's message quotes the text it could not parse: the secret itself.
      if (error instanceof TransformParameterError) {
        throw new Error(`Slack secret ${secretArn} is not JSON`);
      }
      throw error;
    }
    const { botToken, signingSecret } = (value ?? {}) as Partial<
      Record<keyof SlackSecrets, unknown>
    >;
    if (
      typeof botToken !== 'string' ||
      !botToken ||
      typeof signingSecret !== 'string' ||
      !signingSecret
    ) {
      provider.clearCache();
      // Name the missing keys, never the values.
      throw new Error(`Slack secret ${secretArn} needs both "botToken" and "signingSecret"`);
    }
    return { botToken, signingSecret };
  }
}
