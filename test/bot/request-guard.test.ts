import { createHmac } from 'node:crypto';
import {
  guardSlackRequests,
  isSignedBySlack,
  normalizeEvent,
  RECEIVED_AT,
} from '../../bot/request-guard';
import { RequestBudget } from '../../bot/services/request-budget';

const secret = 'signing-secret';
const now = 1_764_453_600;
const body = 'command=%2Fwebapp&text=stop';

function signed(rawBody: string, timestamp = now, signingSecret = secret) {
  const signature = `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
  return { 'X-Slack-Signature': signature, 'X-Slack-Request-Timestamp': String(timestamp) };
}

describe('isSignedBySlack', () => {
  it('accepts a correct signature, plain or base64-encoded', () => {
    expect(isSignedBySlack({ headers: signed(body), body }, secret, now)).toBe(true);
    const encoded = Buffer.from(body).toString('base64');
    expect(
      isSignedBySlack({ headers: signed(body), body: encoded, isBase64Encoded: true }, secret, now),
    ).toBe(true);
  });

  it('refuses a wrong secret, a changed body, missing headers, stale or future timestamps', () => {
    expect(isSignedBySlack({ headers: signed(body, now, 'other'), body }, secret, now)).toBe(false);
    expect(isSignedBySlack({ headers: signed(body), body: `${body}x` }, secret, now)).toBe(false);
    expect(isSignedBySlack({ headers: {}, body }, secret, now)).toBe(false);
    expect(isSignedBySlack({ body }, secret, now)).toBe(false);
    expect(isSignedBySlack({ headers: signed(body, now - 301), body }, secret, now)).toBe(false);
    expect(isSignedBySlack({ headers: signed(body, now + 301), body }, secret, now)).toBe(false);
  });
});

describe('guardSlackRequests', () => {
  it('answers 401 without calling the app when the signature is bad', async () => {
    const app = jest.fn();
    const guarded = guardSlackRequests(secret, app, () => now);
    await expect(guarded({ headers: signed(body, now, 'x'), body })).resolves.toEqual({
      statusCode: 401,
      body: '',
    });
    expect(app).not.toHaveBeenCalled();
  });

  it('answers 400 when a signed body cannot be handled', async () => {
    const guarded = guardSlackRequests(
      secret,
      () => Promise.reject(new SyntaxError('bad json')),
      () => now,
    );
    await expect(
      guarded({ headers: signed('payload=%7B'), body: 'payload=%7B' }),
    ).resolves.toMatchObject({ statusCode: 400 });
  });

  it('hands the app a decoded body and a content type without parameters', () => {
    const event = normalizeEvent({
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: Buffer.from('text=%E5%81%9C%E6%AD%A2').toString('base64'),
      isBase64Encoded: true,
    });
    expect(event).toMatchObject({
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'text=%E5%81%9C%E6%AD%A2',
      isBase64Encoded: false,
    });
  });
});

describe('the request budget', () => {
  it('counts from when the function got the request, not from when the guard ran', async () => {
    const budget = new RequestBudget();
    let remaining = Infinity;
    const guarded = guardSlackRequests(
      secret,
      async () => {
        remaining = budget.remainingMs();
        return { statusCode: 200, body: '' };
      },
      () => now,
      budget,
    );
    // The secret took 2 s to read before the guard saw the request.
    await guarded({ headers: signed(body), body, [RECEIVED_AT]: Date.now() - 2_000 });
    expect(remaining).toBeLessThanOrEqual(500);
    expect(remaining).toBeGreaterThan(0);
  });

  it('answers by the deadline whatever the app still waits for', async () => {
    const budget = new RequestBudget(Date.now, 50, 10);
    const guarded = guardSlackRequests(
      secret,
      () => new Promise<never>(() => undefined),
      () => now,
      budget,
    );
    const answer = await guarded({ headers: signed(body), body });
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ response_type: 'ephemeral' });
  });
});
