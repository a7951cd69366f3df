import type { SectionBlock } from '@slack/types';
import type { ProgressItem, ProgressStep, StepState } from '../progress-model';
import { BLOCK_IDS } from './action-ids';
import { mention } from './jobnet-words';
import { ELLIPSIS, escapeMrkdwn, SLACK_LIMITS } from './limits';
import { sections } from './parts';

export const STEP_ICONS: Readonly<Record<StepState, string>> = {
  pending: '⬜',
  running: '⏳',
  succeeded: '✅',
  failed: '❌',
  skipped: '⏭️',
  rejected: '⛔',
  expired: '⌛',
  stopped: '⏹️',
};

/** Items shown per line: several per line keeps 50 instances to a screenful. */
const ITEMS_PER_LINE = 4;
const ITEM_SEPARATOR = '   ';
const INDENT = '      ';
const MORE_LINE_RESERVE = 40;

/**
 * The live checklist: one line per step and, inside Map steps, every instance with its
 * state. Section blocks hold 3000 characters, so a step whose full listing would not fit
 * shows its counts and only the instances that need attention.
 */
export function checklistBlocks(steps: readonly ProgressStep[]): SectionBlock[] {
  return sections(steps.flatMap(stepLines), BLOCK_IDS.checklist);
}

function stepLines(step: ProgressStep): string[] {
  const items = step.items ?? [];
  const title = `${STEP_ICONS[step.state]} *${escapeMrkdwn(step.label)}*${decided(step)}`;
  if (items.length === 0) return [title];
  const head = `${title} — ${counts(items)}`;
  const full = [head, ...rows(items.map(itemText))];
  // Beyond one section's worth the listing would crowd out the rest of the message.
  if (full.join('\n').length <= SLACK_LIMITS.sectionText) return full;
  // Failures first: they are why anyone opens the thread.
  const attention = [
    ...items.filter((i) => i.state === 'failed'),
    ...items.filter((i) => i.state === 'running'),
  ].map(itemText);
  const lines = [head];
  let used = head.length;
  for (let i = 0; i < attention.length; i += ITEMS_PER_LINE) {
    const row = rows(attention.slice(i, i + ITEMS_PER_LINE))[0];
    // Leave room for the "and N more" line that ends a cut listing.
    if (used + row.length + 1 + MORE_LINE_RESERVE > SLACK_LIMITS.sectionText) {
      lines.push(`${INDENT}${ELLIPSIS} and ${attention.length - i} more`);
      break;
    }
    lines.push(row);
    used += row.length + 1;
  }
  return lines;
}

/** " — rejected by @x" / " — expired, nobody decided in time" for an approval that ended the run. */
function decided(step: ProgressStep): string {
  if (step.state === 'rejected') {
    const how = step.cancelled ? 'cancelled' : 'rejected';
    return ` — ${how}${step.decidedBy ? ` by ${mention(step.decidedBy)}` : ''}`;
  }
  return step.state === 'expired' ? ' — expired, nobody decided in time' : '';
}

/** `i-0abc ✅`, `i-0def ❌ StopApache`: the sub-step matters only while running or failed. */
function itemText(item: ProgressItem): string {
  const detail = item.detail && (item.state === 'failed' || item.state === 'running');
  return `${escapeMrkdwn(item.id)} ${STEP_ICONS[item.state]}${detail ? ` ${escapeMrkdwn(item.detail ?? '')}` : ''}`;
}

function rows(texts: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < texts.length; i += ITEMS_PER_LINE) {
    out.push(`${INDENT}${texts.slice(i, i + ITEMS_PER_LINE).join(ITEM_SEPARATOR)}`);
  }
  return out;
}

/** "48/50 done · 1 running · 1 failed": done counts skipped items too (nothing left to do). */
export function counts(items: readonly ProgressItem[]): string {
  const by = (state: StepState) => items.filter((i) => i.state === state).length;
  const done = by('succeeded') + by('skipped');
  const parts = [`${done}/${items.length} done`];
  if (by('running')) parts.push(`${by('running')} running`);
  if (by('failed')) parts.push(`${by('failed')} failed`);
  return parts.join(' · ');
}
