import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FunctionUrlEvent, FunctionUrlResult } from '../bot/request-guard';

/**
 * Serves the bot's Function URL handler over plain HTTP on loopback: each request becomes the
 * event a Lambda Function URL would deliver (body base64-encoded, as Function URLs do with form
 * bodies), so the same guard and Bolt receiver check and answer it.
 */
export async function startBotServer(
  handle: (event: FunctionUrlEvent) => Promise<FunctionUrlResult>,
  port = 0,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]),
      );
      const event: FunctionUrlEvent = {
        version: '2.0',
        rawPath: req.url ?? '/',
        headers,
        body: Buffer.concat(chunks).toString('base64'),
        isBase64Encoded: true,
      };
      handle(event).then(
        (result) => {
          res.writeHead(result.statusCode, result.headers ?? {});
          res.end(result.body);
        },
        () => {
          res.writeHead(500);
          res.end();
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}/slack/events`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // fetch keeps connections alive; without this close() would wait for them to idle out.
        server.closeAllConnections();
      }),
  };
}
