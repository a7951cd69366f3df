import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Answers for the AWS JSON-protocol actions the bot calls, keyed by `X-Amz-Target`. */
export type FakeAnswer = (body: Record<string, unknown>) => { status?: number; json: unknown };

/**
 * A loopback HTTP endpoint speaking the AWS JSON protocol (Step Functions, Secrets Manager) that
 * answers at once. The bundled bot reaches it through the SDK's standard `AWS_ENDPOINT_URL`, so
 * the benchmark measures the bot, not the network or a mock library inside the bundle.
 */
export async function startFakeAwsEndpoint(
  answers: Record<string, FakeAnswer>,
): Promise<{ url: string; calls: string[]; close: () => Promise<void> }> {
  const calls: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      calls.push(target);
      const answer = answers[target];
      const { status, json } = answer
        ? answer(
            JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>,
          )
        : { status: 400, json: { __type: 'UnknownOperationException', message: target } };
      res.writeHead(status ?? 200, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
