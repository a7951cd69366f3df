/**
 * Block Kit limits Slack enforces on messages. Checking them here makes a test fail the way
 * production would (`invalid_blocks`) instead of passing on a server that accepts anything.
 * Lengths are counted in UTF-16 code units, never fewer than Slack's characters.
 */
export const BLOCK_LIMITS = {
  blocks: 50,
  blockId: 255,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  actionId: 255,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  messageText: 40_000,
} as const;

const OTHER_BLOCK_TYPES = new Set([
  'divider',
  'image',
  'rich_text',
  'input',
  'markdown',
  'file',
  'video',
  'call',
]);

type Report = (message: string, pointer: string) => void;
type Json = Record<string, unknown>;

/** Slack-style problem messages (`[ERROR] … [json-pointer:/blocks/0/text/text]`); empty when valid. */
export function validateBlocks(blocks: unknown): string[] {
  const problems: string[] = [];
  const report: Report = (message, pointer) =>
    problems.push(`[ERROR] ${message} [json-pointer:${pointer}]`);
  if (!Array.isArray(blocks)) {
    report('must be an array', '/blocks');
    return problems;
  }
  if (blocks.length > BLOCK_LIMITS.blocks) {
    report(`no more than ${BLOCK_LIMITS.blocks} items allowed`, '/blocks');
  }
  const blockIds = new Set<string>();
  blocks.forEach((block, i) => validateBlock(block, `/blocks/${i}`, report, blockIds));
  return problems;
}

function validateBlock(block: unknown, at: string, report: Report, blockIds: Set<string>): void {
  if (!isObject(block) || typeof block.type !== 'string') {
    report('missing required field: type', at);
    return;
  }
  if (block.block_id !== undefined) {
    const id = block.block_id;
    if (typeof id !== 'string' || id.length === 0 || id.length > BLOCK_LIMITS.blockId) {
      report(`must be 1-${BLOCK_LIMITS.blockId} characters`, `${at}/block_id`);
    } else if (blockIds.has(id)) {
      report('block_id must be unique in a message', `${at}/block_id`);
    } else {
      blockIds.add(id);
    }
  }
  switch (block.type) {
    case 'section':
      return validateSection(block, at, report);
    case 'header':
      return textObject(block.text, `${at}/text`, BLOCK_LIMITS.headerText, report, true);
    case 'context':
      return validateList(
        block.elements,
        `${at}/elements`,
        BLOCK_LIMITS.contextElements,
        report,
        (e, p) => {
          if (isObject(e) && e.type !== 'image') textObject(e, p, BLOCK_LIMITS.contextText, report);
        },
      );
    case 'actions': {
      const actionIds = new Set<string>();
      return validateList(
        block.elements,
        `${at}/elements`,
        BLOCK_LIMITS.actionsElements,
        report,
        (e, p) => validateElement(e, p, report, actionIds),
      );
    }
    default:
      if (!OTHER_BLOCK_TYPES.has(block.type))
        report(`unsupported type: ${block.type}`, `${at}/type`);
  }
}

function validateSection(block: Json, at: string, report: Report): void {
  if (block.text === undefined && block.fields === undefined) {
    report('must provide either text or fields', at);
  }
  if (block.text !== undefined)
    textObject(block.text, `${at}/text`, BLOCK_LIMITS.sectionText, report);
  if (block.fields !== undefined) {
    validateList(block.fields, `${at}/fields`, BLOCK_LIMITS.sectionFields, report, (f, p) =>
      textObject(f, p, BLOCK_LIMITS.fieldText, report),
    );
  }
  if (block.accessory !== undefined) {
    validateElement(block.accessory, `${at}/accessory`, report, new Set());
  }
}

function validateElement(el: unknown, at: string, report: Report, actionIds: Set<string>): void {
  if (!isObject(el) || typeof el.type !== 'string') {
    report('missing required field: type', at);
    return;
  }
  if (el.action_id !== undefined) {
    const id = el.action_id;
    if (typeof id !== 'string' || id.length === 0 || id.length > BLOCK_LIMITS.actionId) {
      report(`must be 1-${BLOCK_LIMITS.actionId} characters`, `${at}/action_id`);
    } else if (actionIds.has(id)) {
      report('action_id must be unique in a block', `${at}/action_id`);
    } else {
      actionIds.add(id);
    }
  }
  if (el.type !== 'button') return;
  textObject(el.text, `${at}/text`, BLOCK_LIMITS.buttonText, report, true);
  maxString(el.value, `${at}/value`, BLOCK_LIMITS.buttonValue, report);
  maxString(el.url, `${at}/url`, BLOCK_LIMITS.buttonUrl, report);
  if (el.style !== undefined && el.style !== 'primary' && el.style !== 'danger') {
    report('must be primary or danger', `${at}/style`);
  }
  if (el.confirm !== undefined) validateConfirm(el.confirm, `${at}/confirm`, report);
}

function validateConfirm(confirm: unknown, at: string, report: Report): void {
  if (!isObject(confirm)) {
    report('must be an object', at);
    return;
  }
  textObject(confirm.title, `${at}/title`, BLOCK_LIMITS.confirmTitle, report, true);
  textObject(confirm.text, `${at}/text`, BLOCK_LIMITS.confirmText, report);
  textObject(confirm.confirm, `${at}/confirm`, BLOCK_LIMITS.confirmButton, report, true);
  textObject(confirm.deny, `${at}/deny`, BLOCK_LIMITS.confirmButton, report, true);
}

function textObject(
  value: unknown,
  at: string,
  max: number,
  report: Report,
  plainOnly = false,
): void {
  if (!isObject(value) || typeof value.text !== 'string') {
    report('missing required field: text', at);
    return;
  }
  const types = plainOnly ? ['plain_text'] : ['plain_text', 'mrkdwn'];
  if (!types.includes(value.type as string)) report(`must be ${types.join(' or ')}`, `${at}/type`);
  if (value.text.length === 0) report('must be more than 0 characters', `${at}/text`);
  if (value.text.length > max) report(`must be less than ${max + 1} characters`, `${at}/text`);
}

function validateList(
  list: unknown,
  at: string,
  max: number,
  report: Report,
  each: (item: unknown, at: string) => void,
): void {
  if (!Array.isArray(list) || list.length === 0) {
    report('must be a non-empty array', at);
    return;
  }
  if (list.length > max) report(`no more than ${max} items allowed`, at);
  list.forEach((item, i) => each(item, `${at}/${i}`));
}

function maxString(value: unknown, at: string, max: number, report: Report): void {
  if (value === undefined) return;
  if (typeof value !== 'string') report('must be a string', at);
  else if (value.length > max) report(`must be less than ${max + 1} characters`, at);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
