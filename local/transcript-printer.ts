import { blockLines, type EphemeralMessage, type LocalSlack, type SlackMessage } from './slack';

/**
 * Prints a channel as it unfolds: each new message (replies indented under their thread), each
 * edit of one (the live checklist, a decided approval) once, as it lands, and every private
 * reply — the acknowledgement of a slash command, a response-URL reply, chat.postEphemeral —
 * marked with who alone sees it. Lines in the other channels given (a system's announce
 * channel) are printed too, marked with their channel.
 */
export class TranscriptPrinter {
  private readonly seen = new Map<string, { edits: number; lines: string[] }>();
  private ephemerals = 0;

  constructor(
    private readonly slack: LocalSlack,
    private readonly channel: string,
    private readonly write: (text: string) => void,
    private readonly others: readonly string[] = [],
  ) {}

  /** Prints whatever changed since the last call. */
  flush(): void {
    for (const root of this.slack.messages(this.channel)) {
      for (const message of this.slack.thread(this.channel, root.ts)) this.show(message);
    }
    for (const channel of this.others) {
      for (const message of this.slack.messages(channel)) {
        if (this.seen.has(`${channel}/${message.ts}`)) continue;
        this.seen.set(`${channel}/${message.ts}`, { edits: message.edits, lines: [] });
        this.write(`● #${channel} ${linesOf(message).join(' ')}\n`);
      }
    }
    const ephemerals = this.slack.ephemerals(this.channel);
    for (const e of ephemerals.slice(this.ephemerals)) this.showPrivate(e);
    this.ephemerals = ephemerals.length;
  }

  private showPrivate(message: EphemeralMessage): void {
    const lines = linesOf(message);
    const marker = `  (only @${message.user} sees)`;
    this.write(
      lines.length === 1
        ? `${marker} ${lines[0]}\n`
        : `${marker}\n${lines.map((l) => `      ${l}`).join('\n')}\n`,
    );
  }

  private show(message: SlackMessage): void {
    const known = this.seen.get(message.ts);
    if (known?.edits === message.edits) return;
    const lines = linesOf(message);
    this.seen.set(message.ts, { edits: message.edits, lines });
    const reply = message.thread_ts !== undefined;
    const indent = reply ? '      ' : '    ';
    if (!known) {
      this.write(
        `${reply ? '  ↳ reply' : '● message'} ${message.ts}\n${lines.map((l) => indent + l).join('\n')}\n`,
      );
      return;
    }
    // An edit (the live checklist): only the lines that changed.
    const changed = lines.filter((line) => !known.lines.includes(line));
    if (changed.length === 0) return;
    this.write(
      `${reply ? '  ↳ reply' : '● message'} ${message.ts} edited:\n${changed.map((l) => indent + l).join('\n')}\n`,
    );
  }
}

/** A message's lines as a person reads them: its blocks' text, else its text. */
function linesOf(message: { text: string; blocks?: unknown[] }): string[] {
  const lines =
    message.blocks && message.blocks.length > 0
      ? blockLines(message.blocks)
      : message.text.split('\n');
  return lines.map(readable);
}

/** Slack mrkdwn made readable in a terminal: links by their label, mentions as @user. */
function readable(line: string): string {
  return line.replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2').replace(/<@([A-Z0-9]+)>/g, '@$1');
}
