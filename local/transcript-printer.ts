import { blockLines, type LocalSlack, type SlackMessage } from './slack';

/**
 * Prints a channel as it unfolds: each new message (replies indented under their thread) and
 * each edit of one (the live checklist, a decided approval) once, as it lands.
 */
export class TranscriptPrinter {
  private readonly seen = new Map<string, { edits: number; lines: string[] }>();
  private ephemerals = 0;

  constructor(
    private readonly slack: LocalSlack,
    private readonly channel: string,
    private readonly write: (text: string) => void,
  ) {}

  /** Prints whatever changed since the last call. */
  flush(): void {
    for (const root of this.slack.messages(this.channel)) {
      for (const message of this.slack.thread(this.channel, root.ts)) this.show(message);
    }
    const ephemerals = this.slack.ephemerals(this.channel);
    for (const e of ephemerals.slice(this.ephemerals)) {
      this.write(`  (only @${e.user} sees) ${e.text}\n`);
    }
    this.ephemerals = ephemerals.length;
  }

  private show(message: SlackMessage): void {
    const known = this.seen.get(message.ts);
    if (known?.edits === message.edits) return;
    const lines = (
      message.blocks && message.blocks.length > 0
        ? blockLines(message.blocks)
        : message.text.split('\n')
    ).map(readable);
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

/** Slack mrkdwn made readable in a terminal: links by their label, mentions as @user. */
function readable(line: string): string {
  return line.replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2').replace(/<@([A-Z0-9]+)>/g, '@$1');
}
