import { createServer, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An answer that never comes: the request is held until the fault is undone or the server closes. */
export const STALL = 'stall';

/** Answers for the AWS JSON-protocol actions the bot calls, keyed by `X-Amz-Target`. */
export type FakeAnswer = (
  body: Record<string, unknown>,
) => { status?: number; json: unknown } | typeof STALL;

export interface FakeAwsEndpoint {
  readonly url: string;
  /** Every `X-Amz-Target` received, in arrival order. */
  readonly calls: string[];
  /** Answers `target` with `answer` instead of its default until `restore(target)`. */
  override(target: string, answer: FakeAnswer): void;
  /** The default answer again; requests a stall still holds lose their connection. */
  restore(target: string): void;
  close(): Promise<void>;
}

/**
 * A loopback HTTP endpoint speaking the AWS JSON protocol (Step Functions, Secrets Manager) that
 * answers at once, or, while an action is overridden, throttles, fails or stalls it. The bundled
 * bot reaches it through the SDK's standard `AWS_ENDPOINT_URL`, so the benchmark measures the
 * bot, not the network or a mock library inside the bundle.
 */
export async function startFakeAwsEndpoint(
  answers: Record<string, FakeAnswer>,
): Promise<FakeAwsEndpoint> {
  const calls: string[] = [];
  const overrides = new Map<string, FakeAnswer>();
  const held = new Map<string, ServerResponse[]>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      calls.push(target);
      const answer = overrides.get(target) ?? answers[target];
      const out = answer
        ? answer(
            JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>,
          )
        : { status: 400, json: { __type: 'UnknownOperationException', message: target } };
      if (out === STALL) {
        held.set(target, [...(held.get(target) ?? []), res]);
        return;
      }
      res.writeHead(out.status ?? 200, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify(out.json));
    });
  });
  const drop = (target: string) => {
    for (const res of held.get(target) ?? []) res.destroy();
    held.delete(target);
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    override: (target, answer) => void overrides.set(target, answer),
    restore: (target) => {
      overrides.delete(target);
      drop(target);
    },
    close: () => {
      for (const target of [...held.keys()]) drop(target);
      return new Promise((resolve) => {
        server.close(() => resolve());
        // The SDK keeps connections alive; without this close() would wait for them to idle out.
        server.closeAllConnections();
      });
    },
  };
}

/**
 * A loopback endpoint that accepts connections and requests and never answers any: a stalled
 * service for a client pointed at it through its endpoint variable.
 */
export async function startStallingEndpoint(): Promise<{
  url: string;
  close(): Promise<void>;
}> {
  const server = createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
