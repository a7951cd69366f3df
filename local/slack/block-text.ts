type Json = Record<string, unknown>;

/**
 * The readable text of Block Kit blocks, one entry per line: headers and sections as their
 * text, context elements joined, buttons as `[Label]`. For terminal transcripts, not for Slack.
 */
export function blockLines(blocks: readonly unknown[]): string[] {
  return blocks.flatMap((block) => (isObject(block) ? linesOf(block) : []));
}

function linesOf(block: Json): string[] {
  switch (block.type) {
    case 'header':
      return splitLines(`## ${textOf(block.text)}`);
    case 'section': {
      const fields = Array.isArray(block.fields) ? block.fields.map(textOf).join('  |  ') : '';
      const accessory = isObject(block.accessory) ? elementText(block.accessory) : '';
      const text = [textOf(block.text), accessory].filter(Boolean).join(' ');
      return [...splitLines(text), ...splitLines(fields)];
    }
    case 'context':
      return splitLines(listOf(block.elements).map(elementText).filter(Boolean).join(' · '));
    case 'actions':
      return [listOf(block.elements).map(elementText).filter(Boolean).join(' ')];
    case 'divider':
      return ['---'];
    case 'image':
      return [`[image: ${String(block.alt_text ?? '')}]`];
    default:
      return [`[${String(block.type)} block]`];
  }
}

function elementText(element: unknown): string {
  if (!isObject(element)) return '';
  if (element.type === 'button') return `[${textOf(element.text)}]`;
  if (element.type === 'image') return `[image: ${String(element.alt_text ?? '')}]`;
  if (element.type === 'mrkdwn' || element.type === 'plain_text') return textOf(element);
  return `[${String(element.type)}]`;
}

function textOf(value: unknown): string {
  return isObject(value) && typeof value.text === 'string' ? value.text : '';
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function splitLines(text: string): string[] {
  return text ? text.split('\n') : [];
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
