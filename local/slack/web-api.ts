import type { MessageStore } from './message-store';
import {
  boolParam,
  fullContent,
  isApiError,
  messageContent,
  metadataParam,
  type ApiError,
  type Params,
} from './message-params';
import { LOCAL_BOT } from './types';

export type ApiResult = ({ ok: true } & Params) | ApiError;

export interface WebApiContext {
  readonly store: MessageStore;
  readonly userGroups: Readonly<Record<string, string[]>>;
}

type Method = (params: Params, ctx: WebApiContext) => ApiResult;

/** The Web API methods the bot uses, answering as Slack does (HTTP 200, `ok` in the body). */
const METHODS: Record<string, Method> = {
  'auth.test': () => ({
    ok: true,
    url: 'https://local.slack.invalid/',
    team: 'local',
    user: 'webapp-chatops',
    team_id: LOCAL_BOT.teamId,
    user_id: LOCAL_BOT.userId,
    bot_id: LOCAL_BOT.botId,
    is_enterprise_install: false,
  }),

  'chat.postMessage': (params, { store }) => {
    const channel = channelOf(params);
    if (isApiError(channel)) return channel;
    const content = messageContent(params);
    if (isApiError(content)) return content;
    const metadata = metadataParam(params.metadata);
    if (isApiError(metadata)) return metadata;
    let threadTs: string | undefined;
    if (params.thread_ts !== undefined && params.thread_ts !== '') {
      // Slack would file a reply under an unknown ts where nobody sees it; failing here
      // catches the bot losing track of its thread.
      threadTs = store.parentTs(channel, String(params.thread_ts));
      if (!threadTs) return { ok: false, error: 'thread_not_found' };
    }
    const message = store.post(channel, fullContent(content), threadTs, metadata);
    return { ok: true, channel, ts: message.ts, message: withoutChannel(message) };
  },

  'chat.update': (params, { store }) => {
    const channel = channelOf(params);
    if (isApiError(channel)) return channel;
    const content = messageContent(params, true);
    if (isApiError(content)) return content;
    const metadata = metadataParam(params.metadata);
    if (isApiError(metadata)) return metadata;
    const ts = String(params.ts ?? '');
    const message = store.update(channel, ts, { ...content, ...(metadata ? { metadata } : {}) });
    if (!message) return { ok: false, error: 'message_not_found' };
    return { ok: true, channel, ts, text: message.text, message: withoutChannel(message) };
  },

  'chat.postEphemeral': (params, { store }) => {
    const channel = channelOf(params);
    if (isApiError(channel)) return channel;
    if (typeof params.user !== 'string' || params.user === '') {
      return { ok: false, error: 'user_not_found' };
    }
    const content = messageContent(params);
    if (isApiError(content)) return content;
    const threadTs =
      typeof params.thread_ts === 'string' && params.thread_ts ? params.thread_ts : undefined;
    const ephemeral = store.addEphemeral({
      channel,
      user: params.user,
      ...fullContent(content),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      via: 'chat.postEphemeral',
    });
    return { ok: true, message_ts: ephemeral.message_ts };
  },

  'conversations.replies': (params, { store }) => {
    const channel = channelOf(params);
    if (isApiError(channel)) return channel;
    const parentTs = store.parentTs(channel, String(params.ts ?? ''));
    if (!parentTs) return { ok: false, error: 'thread_not_found' };
    const withMetadata = boolParam(params.include_all_metadata);
    const [parent, ...replies] = store.thread(channel, parentTs);
    const shown =
      replies.length > 0
        ? { ...parent, thread_ts: parent.ts, reply_count: replies.length }
        : parent;
    const messages = [shown, ...replies].map((m) => {
      const { metadata, ...rest } = withoutChannel(m);
      return withMetadata && metadata ? { ...rest, metadata } : rest;
    });
    return { ok: true, messages, has_more: false, response_metadata: { next_cursor: '' } };
  },

  'usergroups.users.list': (params, { userGroups }) => {
    const users = userGroups[String(params.usergroup ?? '')];
    return users ? { ok: true, users: [...users] } : { ok: false, error: 'no_such_subteam' };
  },
};

/** Parameters the WebClient JSON-encodes in form bodies. */
export const JSON_ENCODED_PARAMS = ['blocks', 'metadata'] as const;

/** Answers one Web API call; `params` already has JSON_ENCODED_PARAMS parsed. */
export function callWebApi(method: string, params: Params, ctx: WebApiContext): ApiResult {
  const handler = METHODS[method];
  return handler ? handler(params, ctx) : { ok: false, error: 'unknown_method' };
}

function channelOf(params: Params): string | ApiError {
  const channel = params.channel;
  return typeof channel === 'string' && channel !== ''
    ? channel
    : { ok: false, error: 'channel_not_found' };
}

/** Slack's message objects do not repeat the channel; `edits` is the local server's own count. */
function withoutChannel<T extends { channel: string; edits: number }>(
  message: T,
): Omit<T, 'channel' | 'edits'> {
  const { channel: _channel, edits: _edits, ...rest } = message;
  return rest;
}
