import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isApiError, parseJsonParams, type Params } from './message-params';
import { MessageStore } from './message-store';
import { ResponseUrls } from './response-urls';
import type {
  ApiCall,
  EphemeralMessage,
  LocalSlack,
  LocalSlackOptions,
  SlackFault,
  SlackMessage,
} from './types';
import { callWebApi, JSON_ENCODED_PARAMS } from './web-api';

const HOST = '127.0.0.1';
const RESPONSE_URL_METHOD = 'response_url';

/**
 * Starts a local Slack-compatible Web API server on 127.0.0.1. Point the WebClient's
 * `slackApiUrl` (the bot's SLACK_API_URL) at `apiUrl`.
 */
export async function startLocalSlack(options: LocalSlackOptions = {}): Promise<LocalSlack> {
  const slack = new LocalSlackServer(options);
  await slack.listen(options.port ?? 0);
  return slack;
}

class LocalSlackServer implements LocalSlack {
  private readonly store: MessageStore;
  private readonly responseUrls = new ResponseUrls();
  private readonly faults = new Map<string, SlackFault[]>();
  private readonly log: ApiCall[] = [];
  /** Requests held by a stall fault, answered (500) by reset or close. */
  private readonly stalled: ServerResponse[] = [];
  private readonly server: Server;
  private readonly botToken: string;
  private readonly userGroups: Record<string, string[]>;

  constructor(options: LocalSlackOptions) {
    this.store = new MessageStore(options.now);
    this.botToken = options.botToken ?? 'xoxb-local';
    this.userGroups = { ...options.userGroups };
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        send(res, 500, { ok: false, error: 'internal_error', detail: String(error) });
      });
    });
  }

  listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, HOST, () => resolve());
    });
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get apiUrl(): string {
    return `http://${HOST}:${this.port}/api/`;
  }

  get calls(): readonly ApiCall[] {
    return [...this.log];
  }

  messages(channel: string): SlackMessage[] {
    return this.store.topLevel(channel);
  }

  thread(channel: string, ts: string): SlackMessage[] {
    return this.store.thread(channel, ts);
  }

  ephemerals(channel?: string, user?: string): EphemeralMessage[] {
    return this.store.ephemerals(channel, user);
  }

  createResponseUrl(channel: string, userId: string, messageTs?: string): string {
    return `http://${HOST}:${this.port}/respond/${this.responseUrls.create(channel, userId, messageTs)}`;
  }

  acknowledge(responseUrl: string, body: unknown): void {
    const id = /\/respond\/(\w+)$/.exec(responseUrl)?.[1] ?? '';
    this.responseUrls.acknowledge(id, body, this.store);
  }

  failNext(method: string, fault: SlackFault, times = 1): void {
    const queue = this.faults.get(method) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(fault);
    this.faults.set(method, queue);
  }

  clearFaults(method: string): void {
    this.faults.delete(method);
  }

  reset(): void {
    this.releaseStalled();
    this.store.reset();
    this.responseUrls.reset();
    this.faults.clear();
    this.log.length = 0;
  }

  close(): Promise<void> {
    this.releaseStalled();
    return new Promise((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      // fetch keeps connections alive; without this close() would wait for them to idle out.
      this.server.closeAllConnections();
    });
  }

  private releaseStalled(): void {
    for (const res of this.stalled.splice(0)) send(res, 500, { ok: false, error: 'stalled' });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const raw = await readBody(req);
    const path = new URL(req.url ?? '/', `http://${HOST}`).pathname;
    const api = /^\/api\/([\w.]+)$/.exec(path);
    const respond = /^\/respond\/(\w+)$/.exec(path);
    if (req.method !== 'POST' || (!api && !respond)) {
      send(res, 404, { ok: false, error: 'not_found' });
      return;
    }
    const method = api ? api[1] : RESPONSE_URL_METHOD;
    const body = parseBody(req.headers['content-type'], raw);
    const record = (ok: boolean, error?: string, params: Params = body ?? {}): void => {
      this.log.push({ method, at, ok, ...(error ? { error } : {}), body: params });
    };

    const fault = this.faults.get(method)?.shift();
    if (fault?.status === 'stall') {
      record(false, 'stalled');
      this.stalled.push(res);
      return;
    }
    if (fault) {
      const error = fault.status === 429 ? 'ratelimited' : 'internal_error';
      record(false, error);
      const headers: Record<string, string> =
        fault.status === 429 ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
      send(res, fault.status, { ok: false, error }, headers);
      return;
    }

    if (respond) {
      const answer = this.responseUrls.post(respond[1], body, this.store);
      record(answer.body.ok, answer.body.error);
      send(res, answer.status, answer.body);
      return;
    }

    const result = this.answerApi(method, req.headers.authorization, body);
    record(result.answer.ok, result.answer.error, result.params);
    send(res, 200, result.answer);
  }

  private answerApi(
    method: string,
    authorization: string | undefined,
    body: Params | undefined,
  ): { answer: { ok: boolean; error?: string }; params?: Params } {
    if (!authorization) return { answer: { ok: false, error: 'not_authed' } };
    if (authorization !== `Bearer ${this.botToken}`)
      return { answer: { ok: false, error: 'invalid_auth' } };
    if (!body) return { answer: { ok: false, error: 'invalid_form_data' } };
    const params = parseJsonParams(body, JSON_ENCODED_PARAMS);
    if (isApiError(params)) return { answer: params };
    const ctx = { store: this.store, userGroups: this.userGroups };
    return { answer: callWebApi(method, params, ctx), params };
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Form (what the WebClient sends) or JSON (what respond() sends); undefined when unreadable. */
function parseBody(contentType: string | undefined, raw: string): Params | undefined {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    return Object.fromEntries(new URLSearchParams(raw));
  }
  if (type === 'application/json') {
    try {
      const parsed: unknown = JSON.parse(raw || '{}');
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
        ? (parsed as Params)
        : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function send(
  res: ServerResponse,
  status: number,
  body: object,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}
