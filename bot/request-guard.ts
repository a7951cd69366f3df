import { createHmac, timingSafeEqual } from 'node:crypto';
import type { RequestBudget } from './services/request-budget';

/** The fields of a Lambda Function URL event this guard reads. */
export interface FunctionUrlEvent {
  headers?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
  [other: string]: unknown;
}

export interface FunctionUrlResult {
  statusCode: number;
  body: string;
  headers?: Record<string, string>;
}

const MAX_SKEW_SECONDS = 5 * 60;

function header(event: FunctionUrlEvent, name: string): string | undefined {
  const key = Object.keys(event.headers ?? {}).find((k) => k.toLowerCase() === name);
  return key ? event.headers?.[key] : undefined;
}

/** The body as Slack signed it: Function URLs may base64-encode form bodies. */
export function rawBody(event: FunctionUrlEvent): string {
  if (!event.body) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

/**
 * Slack's v0 signature over `v0:<timestamp>:<body>`, and a timestamp within five minutes
 * either way (a replayed or pre-dated request is refused). Constant-time comparison.
 */
export function isSignedBySlack(
  event: FunctionUrlEvent,
  signingSecret: string,
  nowSeconds: number,
): boolean {
  const signature = header(event, 'x-slack-signature');
  const timestamp = Number(header(event, 'x-slack-request-timestamp'));
  if (!signature || !Number.isInteger(timestamp)) return false;
  if (Math.abs(nowSeconds - timestamp) > MAX_SKEW_SECONDS) return false;
  const expected = `v0=${createHmac('sha256', signingSecret)
    .update(`v0:${timestamp}:${rawBody(event)}`)
    .digest('hex')}`;
  const a = Buffer.from(signature);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Puts the Function URL event into the shape Bolt's AwsLambdaReceiver handles safely: the
 * body decoded once (Bolt decodes base64 as ASCII) and the content type without parameters
 * (with `; charset=…` Bolt parses a form body as JSON).
 */
export function normalizeEvent(event: FunctionUrlEvent): FunctionUrlEvent {
  const headers = { ...(event.headers ?? {}) };
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() === 'content-type') headers[key] = headers[key]?.split(';')[0].trim();
  }
  return { ...event, headers, body: rawBody(event), isBase64Encoded: false };
}

/** Set on the event by the Lambda entry: when the request arrived, before the secret was read. */
export const RECEIVED_AT = 'webappChatopsReceivedAt';

/**
 * A private answer Slack shows the person who typed the command; for a click Slack ignores the
 * body, so it only keeps the answer in time.
 */
export function privateAnswer(text: string): FunctionUrlResult {
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ response_type: 'ephemeral', text }),
  };
}

const LATE = privateAnswer(
  'webapp-chatops could not finish in time; the thread shows what happened. Try again if nothing appears.',
);

/**
 * Wraps Bolt's Lambda handler and is the bot's only signature check: a request not signed by
 * Slack gets 401 before its body is even parsed, and a signed but malformed one 400 instead of
 * a crash. With a budget, the request's work runs within its deadline, and Slack gets an answer
 * by then whatever the work still waits for.
 */
export function guardSlackRequests(
  signingSecret: string,
  handle: (event: FunctionUrlEvent) => Promise<FunctionUrlResult>,
  nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  budget?: RequestBudget,
): (event: FunctionUrlEvent) => Promise<FunctionUrlResult> {
  return async (event) => {
    // The deadline counts from when the function got the request, before the guard.
    const stamped = event[RECEIVED_AT];
    const receivedAt = typeof stamped === 'number' ? stamped : Date.now();
    if (!isSignedBySlack(event, signingSecret, nowSeconds())) return { statusCode: 401, body: '' };
    const work = async () => {
      try {
        return await handle(normalizeEvent(event));
      } catch {
        return { statusCode: 400, body: 'Malformed request' };
      }
    };
    if (!budget) return work();
    const signedAt = Number(header(event, 'x-slack-request-timestamp'));
    const answer = budget.run(work, { startedAt: receivedAt, signedAt });
    // Every dependency call races the budget already; this is the net under all of them.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<FunctionUrlResult>((resolve) => {
      timer = setTimeout(() => resolve(LATE), budget.deadlineMs - (Date.now() - receivedAt));
    });
    try {
      return await Promise.race([answer, late]);
    } finally {
      clearTimeout(timer);
    }
  };
}
