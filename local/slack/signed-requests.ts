import { createHmac, randomUUID } from 'node:crypto';
import { functionUrlEvent, type FunctionUrlEvent } from './function-url-event';
import { LOCAL_BOT } from './types';

export { functionUrlEvent, type FunctionUrlEvent };

/** Bolt accepts only this exact content type (with `; charset=…` it tries JSON and throws). */
export const SLACK_FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';
/** The deprecated verification token Slack still sends; Bolt ignores it. */
const VERIFICATION_TOKEN = 'local-verification-token';

export interface SlashCommandInput {
  readonly command: string;
  readonly text: string;
  readonly userId: string;
  readonly userName?: string;
  readonly channelId: string;
  readonly channelName?: string;
  readonly teamId?: string;
  readonly responseUrl: string;
  readonly triggerId: string;
}

/** A slash command body with the fields, in the order, Slack sends them. */
export function slashCommandBody(input: SlashCommandInput): string {
  return new URLSearchParams({
    token: VERIFICATION_TOKEN,
    team_id: input.teamId ?? LOCAL_BOT.teamId,
    team_domain: 'local',
    channel_id: input.channelId,
    channel_name: input.channelName ?? 'local',
    user_id: input.userId,
    user_name: input.userName ?? input.userId.toLowerCase(),
    command: input.command,
    text: input.text,
    api_app_id: LOCAL_BOT.appId,
    is_enterprise_install: 'false',
    response_url: input.responseUrl,
    trigger_id: input.triggerId,
  }).toString();
}

/** An interactivity body: the payload JSON in one form field, as Slack posts it. */
export function interactionBody(payload: object): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export interface BlockActionInput {
  readonly actionId: string;
  readonly value: string;
  readonly userId: string;
  readonly userName?: string;
  readonly channelId: string;
  readonly messageTs: string;
  readonly threadTs?: string;
  readonly responseUrl: string;
  readonly triggerId?: string;
  /** The message the button is in; its blocks also supply the action's block_id. */
  readonly messageText?: string;
  readonly messageBlocks?: readonly unknown[];
  /** A message only the user sees: Slack sends no `message`, only its ts in the container. */
  readonly ephemeral?: boolean;
}

/** A `block_actions` payload for a button click, shaped like Slack's. */
export function blockActionPayload(input: BlockActionInput): Record<string, unknown> {
  const userName = input.userName ?? input.userId.toLowerCase();
  return {
    type: 'block_actions',
    user: { id: input.userId, username: userName, name: userName, team_id: LOCAL_BOT.teamId },
    api_app_id: LOCAL_BOT.appId,
    token: VERIFICATION_TOKEN,
    container: {
      type: 'message',
      message_ts: input.messageTs,
      channel_id: input.channelId,
      is_ephemeral: input.ephemeral === true,
    },
    trigger_id: input.triggerId ?? `${input.messageTs}.${randomUUID().replace(/-/g, '')}`,
    team: { id: LOCAL_BOT.teamId, domain: 'local' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: input.channelId, name: 'local' },
    ...(input.ephemeral
      ? {}
      : {
          message: {
            type: 'message',
            user: LOCAL_BOT.userId,
            bot_id: LOCAL_BOT.botId,
            ts: input.messageTs,
            ...(input.threadTs ? { thread_ts: input.threadTs } : {}),
            text: input.messageText ?? '',
            ...(input.messageBlocks ? { blocks: input.messageBlocks } : {}),
          },
        }),
    state: { values: {} },
    response_url: input.responseUrl,
    actions: [
      {
        action_id: input.actionId,
        block_id: blockIdOf(input.messageBlocks, input.actionId) ?? 'local_block',
        value: input.value,
        type: 'button',
        action_ts: (Date.now() / 1000).toFixed(6),
      },
    ],
  };
}

/** Headers Slack signs a request with (v0: HMAC-SHA256 of `v0:{timestamp}:{body}`). */
export function signRequest(
  body: string,
  signingSecret: string,
  timestampSeconds: number = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const digest = createHmac('sha256', signingSecret)
    .update(`v0:${timestampSeconds}:${body}`)
    .digest('hex');
  return {
    'content-type': SLACK_FORM_CONTENT_TYPE,
    'x-slack-request-timestamp': String(timestampSeconds),
    'x-slack-signature': `v0=${digest}`,
  };
}

/** Signs `body` and wraps it as a Function URL event: what Slack's request looks like to the handler. */
export function signedFunctionUrlEvent(
  body: string,
  signingSecret: string,
  options: { timestampSeconds?: number; base64?: boolean } = {},
): FunctionUrlEvent {
  const headers = signRequest(body, signingSecret, options.timestampSeconds);
  return functionUrlEvent({ body, headers, base64: options.base64 ?? true });
}

function blockIdOf(blocks: readonly unknown[] | undefined, actionId: string): string | undefined {
  for (const block of blocks ?? []) {
    const b = block as {
      block_id?: string;
      elements?: { action_id?: string }[];
      accessory?: { action_id?: string };
    };
    const inBlock =
      b.elements?.some((e) => e.action_id === actionId) || b.accessory?.action_id === actionId;
    if (inBlock && b.block_id) return b.block_id;
  }
  return undefined;
}
