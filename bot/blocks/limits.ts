/**
 * Slack's message limits and the text helpers that keep every builder inside them. Lengths
 * are UTF-16 code units (`string.length`): never fewer than the characters Slack counts.
 */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  contextText: 3000,
  contextElements: 10,
  headerText: 150,
  buttonText: 75,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  buttonValue: 2000,
  actionId: 255,
  /** Top-level `text`; Slack rejects longer with msg_too_long. */
  messageText: 40_000,
} as const;

/** What a cut string ends with. */
export const ELLIPSIS = '…';

/**
 * Escapes the three characters Slack's mrkdwn treats as control characters, so untrusted
 * text (instance names, error causes) cannot form links or mentions such as `<!channel>`.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * At most `max` characters, ending in `marker` when cut. Cuts only between whole code points,
 * entities (`&amp;`) and `<…>` links or mentions, so escaped mrkdwn stays valid.
 */
export function truncate(text: string, max: number, marker: string = ELLIPSIS): string {
  if (text.length <= max) return text;
  return takeAtoms(text, Math.max(0, max - marker.length), 'head') + marker;
}

/**
 * A fenced code block of at most `max` characters for untrusted text (command output). The
 * fences always open and close: ``` inside the text becomes ˋˋˋ, and a cut block says how
 * much it left out. `keep: 'tail'` keeps the end, where the error usually is.
 */
export function codeBlock(text: string, max: number, keep: 'head' | 'tail' = 'head'): string {
  const open = '```\n';
  const close = '\n```';
  const body =
    escapeMrkdwn(text.replace(/`{3,}/g, (run) => 'ˋ'.repeat(run.length))).replace(/\s+$/, '') ||
    ' ';
  if (open.length + body.length + close.length <= max) return open + body + close;

  const note = (omitted: number): string =>
    keep === 'tail'
      ? `${ELLIPSIS} cut ${omitted} characters\n`
      : `\n${ELLIPSIS} cut ${omitted} characters`;
  const budget = max - open.length - close.length - note(body.length).length;
  if (budget < 1) throw new RangeError(`codeBlock: ${max} characters cannot hold a code block`);
  let kept = takeAtoms(body, budget, keep);
  if (keep === 'tail') kept = fromLineStart(kept);
  const omitted = body.length - kept.length;
  return keep === 'tail'
    ? open + note(omitted) + kept + close
    : open + kept + note(omitted) + close;
}

/**
 * Groups lines into chunks of at most `max` characters (joined by newlines), for text that
 * must spread over several section blocks. A single line longer than `max` is truncated.
 */
export function packLines(lines: readonly string[], max: number): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const raw of lines) {
    const line = truncate(raw, max);
    if (current && current.length + 1 + line.length > max) {
      chunks.push(current);
      current = line;
    } else {
      current = current ? `${current}\n${line}` : line;
    }
  }
  if (current) chunks.push(current);
  return chunks;
}

/** Up to `max` items joined by `separator`, then "and N more" so the total stays readable. */
export function listCompactly(items: readonly string[], max: number, separator = ', '): string {
  let out = '';
  for (let i = 0; i < items.length; i += 1) {
    const rest = items.length - i - 1;
    const candidate = out ? `${out}${separator}${items[i]}` : items[i];
    const suffix = rest > 0 ? `${separator}${ELLIPSIS} and ${rest} more` : '';
    if ((candidate + suffix).length > max) {
      return out
        ? `${out}${separator}${ELLIPSIS} and ${items.length - i} more`
        : `${items.length} items`;
    }
    out = candidate;
  }
  return out;
}

/** Whole code points, mrkdwn entities, and `<…>` links or mentions: the units that must not be split. */
const ATOM = /&(?:amp|lt|gt);|<[^<>\n]{1,400}>|[\s\S]/gu;

function takeAtoms(text: string, budget: number, keep: 'head' | 'tail'): string {
  const atoms = text.match(ATOM) ?? [];
  if (keep === 'tail') atoms.reverse();
  const taken: string[] = [];
  let used = 0;
  for (const atom of atoms) {
    if (used + atom.length > budget) break;
    taken.push(atom);
    used += atom.length;
  }
  if (keep === 'tail') taken.reverse();
  return taken.join('');
}

/** A tail that begins mid-line reads as garbage; start at the next line when one is near. */
function fromLineStart(text: string): string {
  const newline = text.indexOf('\n');
  return newline >= 0 && newline < 200 && newline < text.length - 1
    ? text.slice(newline + 1)
    : text;
}
