import type { KnownBlock } from '@slack/types';

export type Decision = 'approved' | 'rejected';

/** "22:01 UTC" — operators read the time of day; the date is the message's own. */
export function clockTime(at: Date): string {
  return `${at.toISOString().slice(11, 16)} UTC`;
}

/**
 * The approval message after a decision: the same plan, the buttons gone, and who decided when.
 * Built from the clicked message's own blocks so the plan shown is exactly the one approved.
 */
export function decidedBlocks(
  blocks: readonly KnownBlock[],
  decision: Decision,
  userId: string,
  at: Date,
): { text: string; blocks: KnownBlock[] } {
  const verb = decision === 'approved' ? '✅ Approved' : '🚫 Rejected';
  const line = `${verb} by <@${userId}> at ${clockTime(at)}`;
  return {
    text: line,
    blocks: [
      ...blocks.filter((block) => block.type !== 'actions'),
      { type: 'context', elements: [{ type: 'mrkdwn', text: line }] },
    ],
  };
}
