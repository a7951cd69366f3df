import { LOCAL_BOT, type EphemeralMessage, type MessageMetadata, type SlackMessage } from './types';

/** The instant a store without a clock stands still at, so tests' ts never change. */
const FIXED_NOW_MS = 1_764_453_600_000;
/** Microseconds between ts values taken at the same instant, as in `1764453600.000100`. */
const TS_STEP_MICROS = 100;

export interface MessageContent {
  readonly text: string;
  readonly blocks?: unknown[];
}

type Stored = { -readonly [K in keyof SlackMessage]: SlackMessage[K] };

/**
 * Channels, threads and ephemerals. Each ts is the time of posting on the given clock (the
 * local mode's simulated one) and at least a step after the previous one, so every ts is
 * unique and increasing; without a clock the time stands still and ts count up from
 * `1764453600.000100`, the same on every run.
 */
export class MessageStore {
  private lastMicros = FIXED_NOW_MS * 1000;
  private readonly channels = new Map<string, Stored[]>();
  private readonly ephemeralLog: EphemeralMessage[] = [];

  constructor(private readonly now: () => number = () => FIXED_NOW_MS) {}

  /** The next Slack-shaped ts, e.g. `1764453600.000100`. */
  nextTs(): string {
    this.lastMicros = Math.max(Math.floor(this.now()) * 1000, this.lastMicros + TS_STEP_MICROS);
    const seconds = Math.floor(this.lastMicros / 1_000_000);
    return `${seconds}.${String(this.lastMicros % 1_000_000).padStart(6, '0')}`;
  }

  post(
    channel: string,
    content: MessageContent,
    threadTs?: string,
    metadata?: MessageMetadata,
  ): SlackMessage {
    const message: Stored = {
      type: 'message',
      channel,
      ts: this.nextTs(),
      user: LOCAL_BOT.userId,
      bot_id: LOCAL_BOT.botId,
      text: content.text,
      ...(content.blocks ? { blocks: content.blocks } : {}),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      ...(metadata ? { metadata } : {}),
      edits: 0,
    };
    this.list(channel).push(message);
    return copy(message);
  }

  /** A message or reply by ts. */
  find(channel: string, ts: string): SlackMessage | undefined {
    const found = this.channels.get(channel)?.find((m) => m.ts === ts);
    return found && copy(found);
  }

  /** The thread a reply belongs to (Slack files a reply to a reply under the same parent). */
  parentTs(channel: string, ts: string): string | undefined {
    const message = this.find(channel, ts);
    return message && (message.thread_ts ?? message.ts);
  }

  /** Applies the fields given, as chat.update does: omitted blocks are kept, `[]` removes them. */
  update(
    channel: string,
    ts: string,
    change: { text?: string; blocks?: unknown[]; metadata?: MessageMetadata },
  ): SlackMessage | undefined {
    const message = this.channels.get(channel)?.find((m) => m.ts === ts);
    if (!message) return undefined;
    if (change.text !== undefined) message.text = change.text;
    if (change.blocks !== undefined) {
      message.blocks = change.blocks.length > 0 ? change.blocks : undefined;
    }
    if (change.metadata !== undefined) message.metadata = change.metadata;
    message.edits += 1;
    return copy(message);
  }

  delete(channel: string, ts: string): boolean {
    const list = this.channels.get(channel) ?? [];
    const before = list.length;
    const kept = list.filter((m) => m.ts !== ts && m.thread_ts !== ts);
    this.channels.set(channel, kept);
    return kept.length < before;
  }

  topLevel(channel: string): SlackMessage[] {
    return (this.channels.get(channel) ?? []).filter((m) => !m.thread_ts).map(copy);
  }

  thread(channel: string, ts: string): SlackMessage[] {
    const list = this.channels.get(channel) ?? [];
    const parent = list.find((m) => m.ts === ts && !m.thread_ts);
    if (!parent) return [];
    return [parent, ...list.filter((m) => m.thread_ts === ts)].map(copy);
  }

  addEphemeral(message: Omit<EphemeralMessage, 'message_ts'>): EphemeralMessage {
    const stored = { ...message, message_ts: this.nextTs() };
    this.ephemeralLog.push(stored);
    return structuredClone(stored);
  }

  /**
   * Replaces a message one user sees, as `replace_original` does for a click in it: the fields
   * given, in place (same message_ts); undefined when there is no such message.
   */
  replaceEphemeral(
    channel: string,
    user: string,
    messageTs: string,
    change: { text?: string; blocks?: unknown[] },
  ): EphemeralMessage | undefined {
    const index = this.ephemeralLog.findIndex(
      (e) => e.channel === channel && e.user === user && e.message_ts === messageTs,
    );
    if (index < 0) return undefined;
    const { blocks: _blocks, ...kept } = this.ephemeralLog[index];
    const blocks = change.blocks ?? this.ephemeralLog[index].blocks;
    const replaced: EphemeralMessage = {
      ...kept,
      ...(change.text !== undefined ? { text: change.text } : {}),
      ...(blocks && blocks.length > 0 ? { blocks } : {}),
      edits: (this.ephemeralLog[index].edits ?? 0) + 1,
    };
    this.ephemeralLog[index] = replaced;
    return structuredClone(replaced);
  }

  ephemerals(channel?: string, user?: string): EphemeralMessage[] {
    return this.ephemeralLog
      .filter(
        (e) =>
          (channel === undefined || e.channel === channel) &&
          (user === undefined || e.user === user),
      )
      .map((e) => structuredClone(e));
  }

  reset(): void {
    this.lastMicros = FIXED_NOW_MS * 1000;
    this.channels.clear();
    this.ephemeralLog.length = 0;
  }

  private list(channel: string): Stored[] {
    let list = this.channels.get(channel);
    if (!list) {
      list = [];
      this.channels.set(channel, list);
    }
    return list;
  }
}

/** Callers get snapshots: a later edit must not change what a test already captured. */
function copy(message: Stored): SlackMessage {
  const clone = structuredClone(message);
  if (clone.blocks === undefined) delete clone.blocks;
  return clone;
}
