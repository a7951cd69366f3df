import { BLOCK_LIMITS, validateBlocks } from './block-validation';
import type { MessageContent } from './message-store';
import type { MessageMetadata } from './types';

/** A Web API error answer; `response_metadata.messages` explains invalid blocks as Slack does. */
export interface ApiError {
  readonly ok: false;
  readonly error: string;
  readonly response_metadata?: { messages: string[] };
}

export type Params = Record<string, unknown>;

/** Form bodies carry objects as JSON strings (the WebClient encodes them so); JSON bodies as objects. */
export function parseJsonParams(params: Params, keys: readonly string[]): Params | ApiError {
  const parsed: Params = { ...params };
  for (const key of keys) {
    const value = params[key];
    if (typeof value !== 'string') continue;
    try {
      parsed[key] = JSON.parse(value);
    } catch {
      return { ok: false, error: key === 'blocks' ? 'invalid_blocks_format' : 'invalid_arguments' };
    }
  }
  return parsed;
}

/**
 * The text and blocks of a message, checked against Slack's limits. With `partial`, both may
 * be absent (chat.update keeps what it is not given).
 */
export function messageContent(
  params: Params,
  partial = false,
): { text?: string; blocks?: unknown[] } | ApiError {
  const { text, blocks } = params;
  if (text !== undefined && typeof text !== 'string')
    return { ok: false, error: 'invalid_arguments' };
  if (text !== undefined && text.length > BLOCK_LIMITS.messageText) {
    return { ok: false, error: 'msg_too_long' };
  }
  if (blocks !== undefined) {
    if (!Array.isArray(blocks)) return { ok: false, error: 'invalid_blocks_format' };
    const problems = validateBlocks(blocks);
    if (problems.length > 0) {
      return { ok: false, error: 'invalid_blocks', response_metadata: { messages: problems } };
    }
  }
  if (!partial && !text && !(Array.isArray(blocks) && blocks.length > 0)) {
    return { ok: false, error: 'no_text' };
  }
  return {
    ...(text !== undefined ? { text } : {}),
    ...(blocks !== undefined ? { blocks: blocks as unknown[] } : {}),
  };
}

/** Content for a new message: text defaults to empty when blocks carry it. */
export function fullContent(content: { text?: string; blocks?: unknown[] }): MessageContent {
  return { text: content.text ?? '', ...(content.blocks ? { blocks: content.blocks } : {}) };
}

/** Message metadata must name its event type and carry an object payload. */
export function metadataParam(value: unknown): MessageMetadata | undefined | ApiError {
  if (value === undefined) return undefined;
  const ok =
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Params).event_type === 'string' &&
    typeof (value as Params).event_payload === 'object' &&
    (value as Params).event_payload !== null;
  return ok ? (value as MessageMetadata) : { ok: false, error: 'invalid_metadata_format' };
}

/** Form values arrive as strings (`true`, `1`); JSON values as booleans. */
export function boolParam(value: unknown): boolean {
  return value === true || value === 'true' || value === '1' || value === 1;
}

export function isApiError(value: unknown): value is ApiError {
  return typeof value === 'object' && value !== null && (value as Params).ok === false;
}
