import { blockLines } from './block-text';
import type { EphemeralMessage, LocalSlack, SlackMessage } from './types';

/**
 * A compact transcript of a channel for the local mode's terminal: each root message with its
 * replies indented under it, then the ephemerals. Blocks are flattened to their text, buttons
 * shown as `[Approve]`, and mrkdwn links and mentions made readable.
 */
export function renderChannel(
  slack: Pick<LocalSlack, 'messages' | 'thread' | 'ephemerals'>,
  channel: string,
): string {
  const lines: string[] = [`#${channel}`];
  for (const root of slack.messages(channel)) {
    const [, ...replies] = slack.thread(channel, root.ts);
    lines.push(...renderMessage(root, '● ', '  '));
    for (const reply of replies) lines.push(...renderMessage(reply, '  ↳ ', '      '));
  }
  for (const ephemeral of slack.ephemerals(channel)) lines.push(...renderEphemeral(ephemeral));
  return lines.join('\n');
}

function renderMessage(message: SlackMessage, bullet: string, indent: string): string[] {
  const edited = message.edits > 0 ? ` (edited ${message.edits}×)` : '';
  return [`${bullet}${message.ts}${edited}`, ...body(message).map((line) => indent + line)];
}

function renderEphemeral(message: EphemeralMessage): string[] {
  const where = message.thread_ts ? ` in thread ${message.thread_ts}` : '';
  return [
    `○ ${message.message_ts} only visible to @${message.user}${where}`,
    ...body(message).map((line) => `  ${line}`),
  ];
}

function body(message: { text: string; blocks?: unknown[] }): string[] {
  const lines =
    message.blocks && message.blocks.length > 0
      ? blockLines(message.blocks)
      : message.text.split('\n');
  return lines.map(readable);
}

/** `<url|label>` -> label, `<@U1>` -> @U1, entities decoded: what a person would see in Slack. */
function readable(line: string): string {
  return line
    .replace(/<([^<>|]+)\|([^<>]+)>/g, '$2')
    .replace(/<@([A-Z0-9]+)>/g, '@$1')
    .replace(/<!([a-z]+)>/g, '@$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
