import { randomUUID } from 'node:crypto';

/** A Lambda Function URL event (payload format 2.0), the shape AwsLambdaReceiver is handed. */
export interface FunctionUrlEvent {
  readonly version: '2.0';
  readonly routeKey: '$default';
  readonly rawPath: string;
  readonly rawQueryString: string;
  readonly headers: Record<string, string>;
  readonly requestContext: Record<string, unknown>;
  readonly body: string;
  readonly isBase64Encoded: boolean;
}

/**
 * Wraps a body and headers as a Function URL delivers them: headers lower-cased and, with
 * `base64`, the body base64-encoded (what Function URLs do with form bodies in practice).
 */
export function functionUrlEvent(input: {
  body: string;
  headers: Record<string, string>;
  base64?: boolean;
}): FunctionUrlEvent {
  const now = Date.now();
  const base64 = input.base64 ?? false;
  const headers: Record<string, string> = {
    host: 'local.lambda-url.us-east-1.on.aws',
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    'x-forwarded-for': '127.0.0.1',
    'x-forwarded-proto': 'https',
    'content-length': String(Buffer.byteLength(input.body)),
  };
  for (const [name, value] of Object.entries(input.headers)) headers[name.toLowerCase()] = value;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString: '',
    headers,
    requestContext: {
      accountId: 'anonymous',
      apiId: 'local',
      domainName: headers.host,
      domainPrefix: 'local',
      http: {
        method: 'POST',
        path: '/',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: headers['user-agent'],
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: requestTime(new Date(now)),
      timeEpoch: now,
    },
    body: base64 ? Buffer.from(input.body, 'utf8').toString('base64') : input.body,
    isBase64Encoded: base64,
  };
}

/** `29/Nov/2025:22:01:00 +0000`, the format of `requestContext.time`. */
function requestTime(date: Date): string {
  const month = date.toUTCString().split(' ')[2];
  const pad = (n: number): string => String(n).padStart(2, '0');
  return (
    `${pad(date.getUTCDate())}/${month}/${date.getUTCFullYear()}:` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}
