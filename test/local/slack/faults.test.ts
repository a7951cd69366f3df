import { ErrorCode, type WebAPIHTTPError, type WebAPIRateLimitedError } from '@slack/web-api';
import { startLocalSlack, type LocalSlack } from '../../../local/slack';
import { localClient } from './client';

describe('local Slack fault injection', () => {
  let slack: LocalSlack;

  beforeEach(async () => {
    slack = await startLocalSlack();
  });

  afterEach(() => slack.close());

  it('answers 429 with Retry-After and ratelimited, then recovers', async () => {
    // Prepare
    slack.failNext('chat.update', { status: 429, retryAfterSeconds: 7 });
    const client = localClient(slack, { rejectRateLimitedCalls: true });
    const root = await client.chat.postMessage({ channel: 'C0OPS', text: 'root' });

    // Act
    const limited = (await client.chat
      .update({ channel: 'C0OPS', ts: root.ts ?? '', text: 'v2' })
      .catch((e: unknown) => e)) as WebAPIRateLimitedError;
    const after = await client.chat.update({ channel: 'C0OPS', ts: root.ts ?? '', text: 'v2' });

    // Assess
    expect(limited.code).toBe(ErrorCode.RateLimitedError);
    expect(limited.retryAfter).toBe(7);
    expect(after.ok).toBe(true);
    expect(slack.calls.map((c) => [c.method, c.ok, c.error])).toEqual([
      ['chat.postMessage', true, undefined],
      ['chat.update', false, 'ratelimited'],
      ['chat.update', true, undefined],
    ]);
    expect(slack.messages('C0OPS')[0]).toMatchObject({ text: 'v2', edits: 1 });
  });

  it('lets a retrying WebClient try again only after Retry-After', async () => {
    slack.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 1 });
    const client = localClient(slack, {
      retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 },
    });

    const out = await client.chat.postMessage({ channel: 'C0OPS', text: 'eventually' });

    const [limited, retried] = slack.calls;
    expect(out.ok).toBe(true);
    expect(limited).toMatchObject({ ok: false, error: 'ratelimited' });
    expect(retried.ok).toBe(true);
    expect(retried.at - limited.at).toBeGreaterThanOrEqual(1000);
    expect(slack.messages('C0OPS')).toHaveLength(1);
  });

  it('answers 500 the given number of times', async () => {
    slack.failNext('auth.test', { status: 500 }, 2);
    const client = localClient(slack);

    const first = (await client.auth.test().catch((e: unknown) => e)) as WebAPIHTTPError;
    const second = (await client.auth.test().catch((e: unknown) => e)) as WebAPIHTTPError;
    const third = await client.auth.test();

    expect(first.code).toBe(ErrorCode.HTTPError);
    expect(first.statusCode).toBe(500);
    expect(second.statusCode).toBe(500);
    expect(third.ok).toBe(true);
    expect(slack.calls.map((c) => c.error)).toEqual([
      'internal_error',
      'internal_error',
      undefined,
    ]);
  });

  it('faults only the method named', async () => {
    slack.failNext('chat.update', { status: 500 });
    const client = localClient(slack);

    await expect(
      client.chat.postMessage({ channel: 'C0OPS', text: 'fine' }),
    ).resolves.toMatchObject({ ok: true });
  });
});
