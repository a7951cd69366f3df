import type { KnownBlock } from '@slack/types';
import type { OneOff } from '../services/schedule-state';
import { ACTION_IDS, BLOCK_IDS } from './action-ids';
import { oneOffTime } from './format';
import { JOBNET_WORDS, mention } from './jobnet-words';
import { codeBlock, escapeMrkdwn, listCompactly } from './limits';
import { button, context, message, section, sections, type BlockMessage } from './parts';
import { refValue } from './schedule-refs';

/** What a run of the system touches, from its configuration: shown before anyone approves. */
export interface OneOffTargets {
  readonly instances: {
    readonly ids?: readonly string[];
    readonly tags?: Readonly<Record<string, string>>;
  };
  readonly dbClusterId: string;
  readonly maintenancePage: { readonly priority: number };
  readonly scripts: { readonly stop: string; readonly start: string; readonly check: string };
}

/** Longest script shown, as in the approval request. */
const SCRIPT_CHARS = 600;
/** Instance ids or tags listed before "and N more". */
const SELECTOR_CHARS = 400;

/**
 * A one-off run's message in the system's channel, rendered from its record whatever its
 * status: asked (Approve / Reject / Cancel), approved in advance (Cancel), rejected,
 * cancelled or fired. What it will do stays, so the thread shows what was approved.
 */
export function oneOffMessage(oneOff: OneOff, targets: OneOffTargets): BlockMessage {
  const words = JOBNET_WORDS[oneOff.jobnet];
  const system = escapeMrkdwn(oneOff.system);
  const at = new Date(oneOff.at);
  const asked =
    `🗓 *One-off ${words.verb} of ${system}* at ${oneOffTime(at, oneOff.timeZone)}, asked by ` +
    `${mention(oneOff.requestedBy)} — approve it now; when the time comes it runs on this approval.`;
  const reason = oneOff.reason ? [context([`Reason: ${escapeMrkdwn(oneOff.reason)}`])] : [];
  const decision = decisionLine(oneOff);
  const actions = actionButtons(oneOff);
  const blocks: KnownBlock[] = [
    section(asked),
    ...reason,
    ...sections([
      `*What it will do* (${words.title.toLowerCase()}): ${words.does}.`,
      ...targetLines(targets),
    ]),
    ...scriptSections(oneOff.jobnet, targets.scripts),
    section(decision, BLOCK_IDS.oneOffDecision),
    ...(actions.length > 0
      ? [{ type: 'actions' as const, block_id: BLOCK_IDS.oneOffActions, elements: actions }]
      : []),
  ];
  const fallback =
    oneOff.status === 'awaiting-approval'
      ? `One-off ${words.verb} of ${system} at ${oneOffTime(at, oneOff.timeZone)}: approval needed`
      : decision;
  return message(fallback, blocks);
}

function targetLines(targets: OneOffTargets): string[] {
  const { ids, tags } = targets.instances;
  const instances = ids
    ? `instances ${listCompactly(
        ids.map((id) => `\`${escapeMrkdwn(id)}\``),
        SELECTOR_CHARS,
      )}`
    : `the instances tagged ${listCompactly(
        Object.entries(tags ?? {}).map(([k, v]) => `\`${escapeMrkdwn(`${k}=${v}`)}\``),
        SELECTOR_CHARS,
      )}`;
  return [
    `• Web instances: ${instances}`,
    `• DB cluster: \`${escapeMrkdwn(targets.dbClusterId)}\``,
    `• Maintenance page: listener rule at priority ${targets.maintenancePage.priority}`,
  ];
}

/** What will run as root: approvers must not approve blind, here no more than in a run's thread. */
function scriptSections(jobnet: OneOff['jobnet'], scripts: OneOffTargets['scripts']) {
  const main = jobnet === 'stop' ? 'Stop script' : 'Start script';
  return sections([
    '*Scripts run as root on every instance* (from the configuration)',
    `${main}\n${codeBlock(jobnet === 'stop' ? scripts.stop : scripts.start, SCRIPT_CHARS)}`,
    `Check script (exit 0 running, 3 stopped)\n${codeBlock(scripts.check, SCRIPT_CHARS)}`,
  ]);
}

function decisionLine(oneOff: OneOff): string {
  const runs = oneOffTime(new Date(oneOff.at), oneOff.timeZone, false);
  switch (oneOff.status) {
    case 'awaiting-approval':
      return `✋ Waiting for an approver. Nothing is scheduled until someone approves.`;
    case 'scheduled': {
      const when =
        oneOff.approvedAt === undefined
          ? ''
          : ` at ${oneOffTime(new Date(oneOff.approvedAt), oneOff.timeZone, false)}`;
      return `✅ Approved by ${mention(oneOff.approvedBy ?? '')}${when} — runs ${runs}`;
    }
    case 'rejected':
      return `🚫 Rejected by ${mention(oneOff.endedBy ?? '')}: it will not run.`;
    case 'cancelled':
      return `🗑 Cancelled by ${mention(oneOff.endedBy ?? '')}: it will not run.`;
    case 'fired':
      return `▶️ Its time came (${runs}): the run follows in this thread.`;
  }
}

function actionButtons(oneOff: OneOff) {
  const value = refValue({ system: oneOff.system, oneOff: oneOff.id });
  const cancel = button({
    text: 'Cancel',
    actionId: ACTION_IDS.oneOffCancel,
    value,
    confirm: {
      title: 'Cancel this one-off run?',
      text: `The one-off ${oneOff.jobnet} of *${escapeMrkdwn(oneOff.system)}* will not run.`,
      confirm: 'Cancel the run',
      deny: 'Keep it',
    },
  });
  if (oneOff.status === 'scheduled') return [cancel];
  if (oneOff.status !== 'awaiting-approval') return [];
  return [
    button({ text: 'Approve', actionId: ACTION_IDS.oneOffApprove, value, style: 'primary' }),
    button({
      text: 'Reject',
      actionId: ACTION_IDS.oneOffReject,
      value,
      style: 'danger',
      confirm: {
        title: 'Reject this one-off run?',
        text: `The one-off ${oneOff.jobnet} of *${escapeMrkdwn(oneOff.system)}* will not run.`,
        confirm: 'Reject',
        deny: 'Keep it',
      },
    }),
    cancel,
  ];
}
