import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { SLACK_SECRET_MAX_AGE_SECONDS, slackSecretsLoader } from '../../../bot/slack/slack-secrets';

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:webapp-chatops/slack-AbCdEf';
const BOT_TOKEN = 'xoxb-1111-secret-bot-token';
const SIGNING_SECRET = 'signing-secret-0123456789abcdef';
const stored = (value: unknown) => ({
  SecretString: typeof value === 'string' ? value : JSON.stringify(value),
});

// The loader's own client, mocked alone: a provider that made its own client would not be.
const client = new SecretsManagerClient({ region: 'us-east-1' });
const secrets = mockClient(client);

beforeEach(() => {
  secrets.reset();
  jest.useFakeTimers({ now: Date.parse('2026-11-29T22:00:00Z'), doNotFake: ['nextTick'] });
});
afterEach(() => jest.useRealTimers());

describe('slackSecretsLoader', () => {
  it('reads through the given client and reuses the value until it is too old', async () => {
    // Prepare
    secrets
      .on(GetSecretValueCommand)
      .resolvesOnce(stored({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET }))
      .resolves(stored({ botToken: 'xoxb-rotated', signingSecret: 'rotated-secret' }));
    const load = slackSecretsLoader(client, ARN);

    // Act
    const first = await load();
    jest.advanceTimersByTime(SLACK_SECRET_MAX_AGE_SECONDS * 1000 - 1_000);
    const cached = await load();
    jest.advanceTimersByTime(2_000);
    const rotated = await load();

    // Assess
    expect(first).toEqual({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET });
    expect(cached).toEqual(first);
    expect(rotated).toEqual({ botToken: 'xoxb-rotated', signingSecret: 'rotated-secret' });
    expect(secrets).toHaveReceivedCommandTimes(GetSecretValueCommand, 2);
    expect(secrets).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: ARN });
  });

  it('does not keep a failed read: the next call reads again', async () => {
    // Prepare
    secrets
      .on(GetSecretValueCommand)
      .rejectsOnce(new Error('Rate exceeded'))
      .resolves(stored({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET }));
    const load = slackSecretsLoader(client, ARN);

    // Act
    const failed = load();

    // Assess
    await expect(failed).rejects.toThrow('Rate exceeded');
    await expect(load()).resolves.toEqual({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET });
  });

  it.each([
    ['not JSON', `${BOT_TOKEN} ${SIGNING_SECRET}`, 'is not JSON'],
    ['without the signing secret', { botToken: BOT_TOKEN }, 'needs both'],
    ['without the bot token', { signingSecret: SIGNING_SECRET, extra: BOT_TOKEN }, 'needs both'],
    ['a JSON string', JSON.stringify(BOT_TOKEN), 'needs both'],
  ])(
    'refuses a secret %s without echoing any of it, and reads it again next time',
    async (_, value, problem) => {
      // Prepare
      secrets
        .on(GetSecretValueCommand)
        .resolvesOnce(stored(value))
        .resolves(stored({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET }));
      const load = slackSecretsLoader(client, ARN);

      // Act
      const error = await load().then(
        () => undefined,
        (e: unknown) => e as Error,
      );

      // Assess
      expect(error?.message).toContain(problem);
      expect(error?.message).toContain(ARN);
      const told = `${error?.message} ${error?.stack} ${JSON.stringify(error)}`;
      expect(told).not.toContain(BOT_TOKEN);
      expect(told).not.toContain(SIGNING_SECRET);
      await expect(load()).resolves.toEqual({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET });
    },
  );

  it('says so when no secret is configured', async () => {
    await expect(slackSecretsLoader(client, undefined)()).rejects.toThrow(
      'SLACK_SECRET_ARN is not set',
    );
  });
});
