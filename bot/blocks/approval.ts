import type { KnownBlock } from '@slack/types';
import type { Plan } from '../../contract/plan';
import { ACTION_IDS, BLOCK_IDS } from './action-ids';
import { approvalRefValue, type ApprovalState } from './approval-ref';
import { consoleLink } from './console-link';
import { clockTime } from './format';
import { JOBNET_WORDS, mention, requester } from './jobnet-words';
import type { JobnetName } from '../../contract/jobnets';
import { codeBlock, escapeMrkdwn } from './limits';
import { button, context, header, message, section, sections, type BlockMessage } from './parts';
import { stateLines } from './resource-states';

export interface ApprovalRequestInput {
  readonly jobnet: JobnetName;
  readonly system: string;
  /** Slack user id of the requester; absent for scheduled and event-triggered runs. */
  readonly requestedBy?: string;
  /** With `attempt`, what the buttons carry; never the task token (the listener looks it up). */
  readonly executionArn: string;
  /** This approval's attempt: a digest of its task token (approval-ref.ts). */
  readonly attempt: string;
  readonly plan: Plan;
  /** The scripts the run will execute as root on every instance, shown to the approver. */
  readonly scripts?: readonly { readonly label: string; readonly script: string }[];
  /** When the approval step times out (epoch ms). */
  readonly expiresAt: number;
  /** A scheduled run: which schedule, and how it reads ("Mon–Fri 22:00 Asia/Tokyo"). */
  readonly schedule?: { readonly name: string; readonly description?: string };
  /** An event-triggered run: which trigger, and what happened ("CloudWatch alarm … ALARM"). */
  readonly trigger?: { readonly name: string; readonly description?: string };
  /** Why the run was asked for (the execution input's `reason`). */
  readonly reason?: string;
}

export type ApprovalDecision =
  'approved' | 'rejected' | 'expired' | 'held' | 'no-objection' | 'cancelled';

/**
 * The plan and the Approve / Reject buttons, posted in the run's thread. Everything the
 * approver needs to decide is here: each change in order and the current state of the
 * resources it touches.
 */
export function approvalRequest(input: ApprovalRequestInput): BlockMessage {
  const words = JOBNET_WORDS[input.jobnet];
  return requestMessage(input, {
    title: `${words.verb} ${input.system}`,
    intro:
      `${intro(input)}${reasonBreak(input)}Nothing has been touched yet.\n` +
      'Approve to go ahead; reject to end the run without changes.',
    details: [...planBlocks(input.plan), ...scriptBlocks(input.scripts ?? [])],
    state: 'Approval',
    approve: 'Approve',
    reject: {
      text: 'Reject',
      danger: true,
      title: 'Reject this run?',
      consequence: `The ${words.verb} of *${escapeMrkdwn(input.system)}* ends here; nothing is changed.`,
    },
    fallback: `Approval needed: ${words.verb} ${escapeMrkdwn(input.system)}, requested by ${requester(input.requestedBy)}`,
  });
}

/**
 * An unless-held schedule's plan: the same plan and scripts, one Hold button, and the time it
 * goes ahead. Holding it ends the run like a rejection; nobody holding it is its approval.
 */
export function holdRequest(input: ApprovalRequestInput): BlockMessage {
  const words = JOBNET_WORDS[input.jobnet];
  const system = escapeMrkdwn(input.system);
  const at = clockTime(input.expiresAt);
  const value = approvalRefValue({
    executionArn: input.executionArn,
    state: 'Approval',
    attempt: input.attempt,
  });
  const hold = button({
    text: 'Hold',
    actionId: ACTION_IDS.hold,
    value,
    style: 'danger',
    confirm: {
      title: 'Hold this run?',
      text: `The ${input.trigger ? 'triggered' : 'scheduled'} ${words.verb} of *${system}* ends here; nothing is changed.`,
      confirm: 'Hold',
      deny: 'Cancel',
    },
  });
  const blocks: KnownBlock[] = [
    header(`🕙 Runs at ${at} unless someone holds it: ${words.verb} ${input.system}`),
    section(
      `${scheduleWords(input)} will *${words.verb}* *${system}* at ${at} unless an approver holds it.` +
        `${reasonBreak(input)}Nothing has been touched yet.`,
    ),
    ...planBlocks(input.plan),
    ...scriptBlocks(input.scripts ?? []),
    context([`Goes ahead at ${at} unless held.`], BLOCK_IDS.approvalExpiry),
    { type: 'actions', block_id: BLOCK_IDS.approvalActions, elements: [hold] },
    context([consoleLink(input.executionArn)]),
  ];
  return message(`Runs at ${at} unless someone holds it: ${words.verb} ${system}`, blocks);
}

/**
 * A run approved before it started — by its schedule's policy, or by a person who approved a
 * one-off in advance — says so in its thread, with the plan it goes ahead with.
 */
export function preapprovedNotice(
  input: Omit<ApprovalRequestInput, 'attempt' | 'expiresAt'>,
  approval: { readonly approvedBy: string; readonly approvedAt: number; readonly note: string },
): BlockMessage {
  const words = JOBNET_WORDS[input.jobnet];
  const line = `✅ Approved in advance by ${mention(approval.approvedBy)} (${escapeMrkdwn(approval.note)}); going ahead`;
  return message(`${line}: ${words.verb} ${escapeMrkdwn(input.system)}`, [
    header(`✅ Approved in advance: ${words.verb} ${input.system}`),
    section(`${line}${reasonBreak(input).trimEnd()}`),
    ...planBlocks(input.plan),
    ...scriptBlocks(input.scripts ?? []),
    context([consoleLink(input.executionArn)]),
  ]);
}

/**
 * Between two sentences: a line with the run's reason when it has one (the approver reads
 * why), else a space.
 */
function reasonBreak(input: Pick<ApprovalRequestInput, 'reason'>): string {
  return input.reason ? `\n*Reason:* ${escapeMrkdwn(input.reason)}\n` : ' ';
}

/** What started a run nobody typed: its schedule or its event trigger, in words. */
function scheduleWords(input: ApprovalRequestInput): string {
  const [kind, firer] = input.trigger ? ['trigger', input.trigger] : ['schedule', input.schedule];
  if (!firer) return 'This run';
  const how = firer.description ? ` (${escapeMrkdwn(firer.description)})` : '';
  return `The ${kind} *${escapeMrkdwn(firer.name)}*${how}`;
}

/**
 * The second, optional approval of the start jobnet: everything is up and healthy, and the
 * maintenance page comes down only when someone says so. Same buttons, same decision flow.
 */
export function reopenRequest(input: Omit<ApprovalRequestInput, 'plan' | 'scripts'>): BlockMessage {
  const system = escapeMrkdwn(input.system);
  return requestMessage(input, {
    title: `take the maintenance page down (${input.system})`,
    intro:
      `The DB cluster is available, every instance runs Apache and every target is healthy. ` +
      `Approve to take the maintenance page of *${system}* down; reject to leave it up.`,
    details: [],
    state: 'ApproveReopen',
    approve: 'Take the page down',
    reject: {
      text: 'Keep it up',
      danger: false,
      title: 'Keep the page up?',
      consequence: `The run ends with *${system}* running behind its maintenance page.`,
    },
    fallback: `Approval needed: take the maintenance page of ${system} down`,
  });
}

interface RequestWords {
  readonly title: string;
  readonly intro: string;
  readonly details: readonly KnownBlock[];
  readonly state: ApprovalState;
  readonly approve: string;
  readonly reject: { text: string; danger: boolean; title: string; consequence: string };
  readonly fallback: string;
}

/** One shape for every approval request, so the bot and the notifier can decide any of them. */
function requestMessage(
  input: Pick<ApprovalRequestInput, 'executionArn' | 'attempt' | 'expiresAt'>,
  words: RequestWords,
): BlockMessage {
  const value = approvalRefValue({
    executionArn: input.executionArn,
    state: words.state,
    attempt: input.attempt,
  });
  const approve = button({
    text: words.approve,
    actionId: ACTION_IDS.approve,
    value,
    style: 'primary',
  });
  const reject = button({
    text: words.reject.text,
    actionId: ACTION_IDS.reject,
    value,
    ...(words.reject.danger ? { style: 'danger' as const } : {}),
    confirm: {
      title: words.reject.title,
      text: words.reject.consequence,
      confirm: words.reject.text,
      deny: 'Cancel',
    },
  });
  const blocks: KnownBlock[] = [
    header(`✋ Approval needed: ${words.title}`),
    section(words.intro),
    ...words.details,
    context([`Expires at ${clockTime(input.expiresAt)}.`], BLOCK_IDS.approvalExpiry),
    { type: 'actions', block_id: BLOCK_IDS.approvalActions, elements: [approve, reject] },
    context([consoleLink(input.executionArn)]),
  ];
  return message(words.fallback, blocks);
}

/**
 * The posted request once decided: the same plan (exactly what was approved), the buttons and
 * the expiry gone, and who decided when in their place. Works on the message's own blocks, so
 * the bot and the notifier need nothing but the message they find.
 */
export function decideApproval(
  posted: readonly KnownBlock[],
  decision: ApprovalDecision,
  at: number,
  by?: string,
): BlockMessage {
  const { line } = decisionWords({ decision, at, ...(by ? { by } : {}) });
  const gone = new Set<string>([
    BLOCK_IDS.approvalActions,
    BLOCK_IDS.approvalExpiry,
    BLOCK_IDS.approvalDecision,
  ]);
  const kept = posted.filter((block) => !gone.has(block.block_id ?? ''));
  const decided = section(line, BLOCK_IDS.approvalDecision);
  // The console link stays last.
  const last = kept.at(-1)?.type === 'context' ? kept.length - 1 : kept.length;
  return message(line, [...kept.slice(0, last), decided, ...kept.slice(last)]);
}

function intro(input: ApprovalRequestInput): string {
  const words = JOBNET_WORDS[input.jobnet];
  const fired = input.schedule ?? input.trigger;
  const who = fired ? scheduleWords(input) : requester(input.requestedBy);
  const verb = fired ? 'wants' : 'asked';
  const what = input.plan.scope === 'database' ? 'only the DB cluster' : words.title.toLowerCase();
  return `${who} ${verb} to *${words.verb}* *${escapeMrkdwn(input.system)}* (${what}).`;
}

function decisionWords(input: { decision: ApprovalDecision; at: number; by?: string }): {
  line: string;
} {
  const by = input.by ? ` by <@${input.by}>` : '';
  const time = clockTime(input.at);
  switch (input.decision) {
    case 'approved':
      return { line: `✅ Approved${by} at ${time}` };
    case 'rejected':
      return { line: `🚫 Rejected${by} at ${time}; nothing was changed` };
    case 'expired':
      return { line: `⌛ Expired: nobody decided by ${time}; nothing was changed` };
    case 'held':
      return { line: `⏸ Held${by} at ${time}; nothing was changed` };
    case 'no-objection':
      return { line: '✅ Nobody held it within its window: it went ahead' };
    case 'cancelled':
      return { line: `🛑 Cancelled${by} at ${time}` };
  }
}

/** The changes in order, then the current states compactly. */
function planBlocks(plan: Plan): KnownBlock[] {
  const changes = plan.changes.map((change, i) => `${i + 1}. ${escapeMrkdwn(change)}`);
  return [...sections(['*Plan*', ...changes]), ...sections(['*Now*', ...stateLines(plan)])];
}

/** Longest script shown; a longer one is cut, and the message says where the rest is. */
const SCRIPT_CHARS = 600;

/** What will run as root: approvers must not approve blind. */
function scriptBlocks(scripts: readonly { label: string; script: string }[]): KnownBlock[] {
  if (scripts.length === 0) return [];
  return sections([
    '*Scripts run as root on every instance* (from the configuration)',
    ...scripts.map((s) => `${escapeMrkdwn(s.label)}\n${codeBlock(s.script, SCRIPT_CHARS)}`),
  ]);
}
