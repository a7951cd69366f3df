/** The identity the local server answers `auth.test` with and posts messages as. */
export const LOCAL_BOT = {
  userId: 'U0BOT',
  botId: 'B0BOT',
  teamId: 'T0LOCAL',
  appId: 'A0LOCAL',
} as const;

/** Message metadata as Slack stores it (`metadata` on chat.postMessage). */
export interface MessageMetadata {
  readonly event_type: string;
  readonly event_payload: Record<string, unknown>;
}

/** A message in a channel or thread, as the assertions and the transcript see it. */
export interface SlackMessage {
  readonly type: 'message';
  readonly channel: string;
  readonly ts: string;
  readonly user: string;
  readonly bot_id: string;
  readonly text: string;
  readonly blocks?: unknown[];
  /** Set on replies only: the parent's ts. */
  readonly thread_ts?: string;
  readonly metadata?: MessageMetadata;
  /** How many chat.update (or replace_original) calls changed it. */
  readonly edits: number;
}

/** A message only one user sees; it cannot be edited through the Web API. */
export interface EphemeralMessage {
  readonly channel: string;
  readonly user: string;
  readonly message_ts: string;
  readonly text: string;
  readonly blocks?: unknown[];
  readonly thread_ts?: string;
  /** How the bot sent it; `acknowledgement` is the answer to the slash command itself. */
  readonly via: 'chat.postEphemeral' | 'response_url' | 'acknowledgement';
  /** How many times a click in it replaced it (`replace_original`); absent until then. */
  readonly edits?: number;
}

/** One request the server answered; `method` is `response_url` for response URL posts. */
export interface ApiCall {
  readonly method: string;
  /** `Date.now()` when the request arrived, so tests can check Retry-After was honoured. */
  readonly at: number;
  readonly ok: boolean;
  readonly error?: string;
  /** The parameters, with JSON-encoded form values (blocks, metadata) parsed. */
  readonly body: Record<string, unknown>;
}

/** A failure the next call(s) to a method get instead of an answer. */
/** A rate limit, a server error, or a stall: the request is held unanswered until reset. */
export type SlackFault =
  { status: 429; retryAfterSeconds: number } | { status: 500 } | { status: 'stall' };

export interface LocalSlackOptions {
  /** 0 (the default) picks any free port. */
  readonly port?: number;
  /** The only token the Web API accepts; default `xoxb-local`. */
  readonly botToken?: string;
  /** `usergroups.users.list` answers: user group id (S…) -> user ids (U…). */
  readonly userGroups?: Record<string, string[]>;
  /**
   * The clock message timestamps (`ts`) follow, in epoch ms: the local mode's simulated one.
   * Without it time stands still and ts count up from `1764453600.000100`.
   */
  readonly now?: () => number;
}

/** A running local Slack-compatible Web API server and what it recorded. */
export interface LocalSlack {
  /** Base URL for the WebClient's `slackApiUrl` (`SLACK_API_URL`); ends in `/api/`. */
  readonly apiUrl: string;
  readonly port: number;
  /** Every request in arrival order. */
  readonly calls: readonly ApiCall[];
  /** Top-level messages of a channel in posting order. */
  messages(channel: string): SlackMessage[];
  /** The parent then its replies in order; empty when there is no such message. */
  thread(channel: string, ts: string): SlackMessage[];
  ephemerals(channel?: string, user?: string): EphemeralMessage[];
  /**
   * A response URL as Slack puts in slash command and interaction payloads. Bind it to
   * `messageTs` (the message the interaction came from) so `replace_original` and
   * `delete_original` know what to change.
   */
  createResponseUrl(channel: string, userId: string, messageTs?: string): string;
  /**
   * Shows a slash command's acknowledgement (the bot's HTTP answer to it) as Slack does: a body
   * with text or blocks is a message to whoever typed the command, by its response URL's binding.
   */
  acknowledge(responseUrl: string, body: unknown): void;
  /** The next `times` calls to `method` (or `response_url`) fail with `fault`. */
  failNext(method: string, fault: SlackFault, times?: number): void;
  /** Drops the faults armed for `method` that no call has met yet; requests a stall holds stay held. */
  clearFaults(method: string): void;
  /** Forgets messages, calls, faults and response URLs; ts numbering starts again. */
  reset(): void;
  close(): Promise<void>;
}
