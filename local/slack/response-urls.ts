import type { MessageStore } from './message-store';
import type { EphemeralMessage } from './types';
import { boolParam, fullContent, isApiError, messageContent, type Params } from './message-params';

/** Slack accepts at most five posts to one response URL. */
const MAX_USES = 5;

interface Binding {
  readonly channel: string;
  readonly user: string;
  readonly messageTs?: string;
  uses: number;
}

export interface ResponseUrlAnswer {
  readonly status: number;
  readonly body: { ok: boolean; error?: string; response_metadata?: { messages: string[] } };
}

/**
 * Response URLs as Bolt's `respond()` uses them. A post is ephemeral to the user unless it
 * says `in_channel`, and `replace_original` / `delete_original` act on the bound message.
 */
export class ResponseUrls {
  private seq = 0;
  private readonly bindings = new Map<string, Binding>();

  /** A new id bound to where the interaction happened. */
  create(channel: string, user: string, messageTs?: string): string {
    this.seq += 1;
    const id = `R${String(this.seq).padStart(4, '0')}`;
    this.bindings.set(id, { channel, user, ...(messageTs ? { messageTs } : {}), uses: 0 });
    return id;
  }

  /** Applies one post; Bolt's respond() throws on any non-2xx status. */
  post(id: string, payload: unknown, store: MessageStore): ResponseUrlAnswer {
    const binding = this.bindings.get(id);
    if (!binding) return fail(404, 'invalid_url');
    if (binding.uses >= MAX_USES) return fail(404, 'used_url');
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      return fail(400, 'invalid_payload');
    }
    binding.uses += 1;
    return apply(binding, payload as Params, store, 'response_url');
  }

  /**
   * A slash command's acknowledgement, the HTTP answer to the command itself. Slack shows a
   * body with text or blocks as it would a post to the command's response URL (privately
   * unless it says `in_channel`), without using up one of that URL's posts.
   */
  acknowledge(id: string, body: unknown, store: MessageStore): void {
    const binding = this.bindings.get(id);
    if (!binding || typeof body !== 'object' || body === null) return;
    const { text, blocks } = body as Params;
    if (!text && !(Array.isArray(blocks) && blocks.length > 0)) return;
    apply(binding, body as Params, store, 'acknowledgement');
  }

  reset(): void {
    this.seq = 0;
    this.bindings.clear();
  }
}

function apply(
  binding: Binding,
  params: Params,
  store: MessageStore,
  via: EphemeralMessage['via'],
): ResponseUrlAnswer {
  const { channel, user, messageTs } = binding;
  if (boolParam(params.delete_original)) {
    return messageTs && store.delete(channel, messageTs) ? done() : fail(404, 'message_not_found');
  }
  const content = messageContent(params, boolParam(params.replace_original));
  if (isApiError(content)) {
    return { status: 400, body: content };
  }
  if (boolParam(params.replace_original)) {
    // A button in a message only this user sees (a slash command's answer) replaces that one.
    return messageTs &&
      (store.update(channel, messageTs, content) ||
        store.replaceEphemeral(channel, user, messageTs, content))
      ? done()
      : fail(404, 'message_not_found');
  }
  const threadTs =
    typeof params.thread_ts === 'string' && params.thread_ts ? params.thread_ts : undefined;
  if (params.response_type === 'in_channel') {
    const parent = threadTs ? store.parentTs(channel, threadTs) : undefined;
    if (threadTs && !parent) return fail(404, 'thread_not_found');
    store.post(channel, fullContent(content), parent);
  } else {
    store.addEphemeral({
      channel,
      user,
      ...fullContent(content),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      via,
    });
  }
  return done();
}

function done(): ResponseUrlAnswer {
  return { status: 200, body: { ok: true } };
}

function fail(status: number, error: string): ResponseUrlAnswer {
  return { status, body: { ok: false, error } };
}
