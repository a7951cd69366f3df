import type { Button, ContextBlock, HeaderBlock, KnownBlock, SectionBlock } from '@slack/types';
import { ELLIPSIS, packLines, SLACK_LIMITS, truncate } from './limits';

/** What every builder returns: the blocks and the plain fallback used in notifications. */
export interface BlockMessage {
  readonly text: string;
  readonly blocks: KnownBlock[];
}

/** Notification text stays short: it is what a phone's lock screen shows. */
const FALLBACK_TEXT_MAX = 3000;

export function header(text: string): HeaderBlock {
  return {
    type: 'header',
    text: { type: 'plain_text', text: truncate(text, SLACK_LIMITS.headerText), emoji: true },
  };
}

export function section(mrkdwn: string, blockId?: string): SectionBlock {
  return {
    type: 'section',
    ...(blockId ? { block_id: blockId } : {}),
    text: { type: 'mrkdwn', text: truncate(mrkdwn, SLACK_LIMITS.sectionText) },
  };
}

/** Lines spread over as many sections as they need; only the first gets `blockId`. */
export function sections(lines: readonly string[], blockId?: string): SectionBlock[] {
  return packLines(lines, SLACK_LIMITS.sectionText).map((chunk, i) =>
    section(chunk, i === 0 ? blockId : undefined),
  );
}

export function context(elements: readonly string[], blockId?: string): ContextBlock {
  return {
    type: 'context',
    ...(blockId ? { block_id: blockId } : {}),
    elements: elements
      .slice(0, SLACK_LIMITS.contextElements)
      .map((text) => ({ type: 'mrkdwn' as const, text: truncate(text, SLACK_LIMITS.contextText) })),
  };
}

export interface ButtonInput {
  readonly text: string;
  readonly actionId: string;
  readonly value: string;
  readonly style?: 'primary' | 'danger';
  readonly confirm?: { title: string; text: string; confirm: string; deny: string };
}

/** A button; a value over Slack's limit throws, because a cut value would act on the wrong thing. */
export function button(input: ButtonInput): Button {
  if (input.value.length > SLACK_LIMITS.buttonValue) {
    throw new RangeError(
      `Button value is ${input.value.length} characters; Slack allows ${SLACK_LIMITS.buttonValue}`,
    );
  }
  const plain = (text: string, max: number) => ({
    type: 'plain_text' as const,
    text: truncate(text, max),
  });
  const { confirm } = input;
  return {
    type: 'button',
    text: plain(input.text, SLACK_LIMITS.buttonText),
    action_id: input.actionId,
    value: input.value,
    ...(input.style ? { style: input.style } : {}),
    ...(confirm
      ? {
          confirm: {
            title: plain(confirm.title, SLACK_LIMITS.confirmTitle),
            text: {
              type: 'mrkdwn' as const,
              text: truncate(confirm.text, SLACK_LIMITS.confirmText),
            },
            confirm: plain(confirm.confirm, SLACK_LIMITS.confirmButton),
            deny: plain(confirm.deny, SLACK_LIMITS.confirmButton),
            ...(input.style === 'danger' ? { style: 'danger' as const } : {}),
          },
        }
      : {}),
  };
}

/**
 * The finished message. Builders size their parts to fit; this is the last guard, so an
 * unforeseen input (hundreds of steps) still yields a message Slack accepts.
 */
export function message(text: string, blocks: readonly KnownBlock[]): BlockMessage {
  const capped =
    blocks.length <= SLACK_LIMITS.blocks
      ? [...blocks]
      : [
          ...blocks.slice(0, SLACK_LIMITS.blocks - 1),
          context([`${ELLIPSIS} ${blocks.length - SLACK_LIMITS.blocks + 1} more blocks left out`]),
        ];
  return { text: truncate(text, FALLBACK_TEXT_MAX), blocks: capped };
}
