import type { KnownBlock } from '@slack/types';
import type { JobnetName } from '../../contract/jobnets';
import type { Observed } from '../../contract/plan';
import type { RunProgress } from '../progress-model';
import { ACTION_IDS } from './action-ids';
import { checklistBlocks } from './checklist';
import { consoleLink } from './console-link';
import { clockTime } from './format';
import { JOBNET_WORDS, mention } from './jobnet-words';
import { escapeMrkdwn } from './limits';
import { button, context, header, message, section, sections, type BlockMessage } from './parts';
import { byState, stateLines } from './resource-states';

/**
 * What a Confirm cancel button names: the run, the attempt the person was shown (a redrive
 * since is another attempt) and when they were shown where everything was.
 */
export interface CancelConfirmRef {
  readonly executionArn: string;
  readonly attempt: number;
  /** Epoch ms when the resources were looked at. */
  readonly shownAt: number;
}

export function cancelConfirmValue(ref: CancelConfirmRef): string {
  return JSON.stringify({ e: ref.executionArn, a: ref.attempt, t: ref.shownAt });
}

/** The run a Confirm cancel button names, or undefined for a value this bot did not write. */
export function parseCancelConfirmRef(value: string | undefined): CancelConfirmRef | undefined {
  try {
    const raw = JSON.parse(value ?? '') as { e?: unknown; a?: unknown; t?: unknown };
    if (typeof raw.e !== 'string' || !Number.isInteger(raw.a) || !Number.isFinite(raw.t)) {
      return undefined;
    }
    return { executionArn: raw.e, attempt: raw.a as number, shownAt: raw.t as number };
  } catch {
    return undefined;
  }
}

export interface CancelCheckInput {
  readonly progress: RunProgress;
  /** The resources now, or why they could not be read. */
  readonly observed: Observed | { readonly problem: string };
  readonly attempt: number;
  readonly shownAt: number;
}

/**
 * The private answer to a cancel once the run has begun changing things: what it has done and
 * what not, where every resource is now, and Confirm cancel / Keep running.
 */
export function cancelCheckMessage(input: CancelCheckInput): BlockMessage {
  const { progress } = input;
  const words = JOBNET_WORDS[progress.jobnet];
  const system = escapeMrkdwn(progress.system);
  const confirm = button({
    text: 'Confirm cancel',
    actionId: ACTION_IDS.cancelConfirm,
    value: cancelConfirmValue({
      executionArn: progress.executionArn,
      attempt: input.attempt,
      shownAt: input.shownAt,
    }),
    style: 'danger',
    confirm: {
      title: 'Stop the run here?',
      text: `The ${words.verb} of *${system}* stops where it is: what is done stays done, the step under way is cut short.`,
      confirm: 'Stop it',
      deny: 'Keep running',
    },
  });
  const keep = button({
    text: 'Keep running',
    actionId: ACTION_IDS.cancelKeep,
    value: progress.executionArn,
  });
  const blocks: KnownBlock[] = [
    header(`🛑 Cancel the ${words.verb} of ${progress.system}?`),
    section(
      `It has begun changing things. Here is what it has done and what not, and where every resource is now (${clockTime(input.shownAt)}).`,
    ),
    ...checklistBlocks(progress.steps),
    ...nowBlocks(input.observed),
    section(
      'Confirm to stop it where it is (StopExecution). The thread then says where every resource is and which jobnet makes the system consistent again.',
    ),
    { type: 'actions', elements: [confirm, keep] },
    context([consoleLink(progress.executionArn)]),
  ];
  return message(`Cancel the ${words.verb} of ${system}? It has begun changing things.`, blocks);
}

function nowBlocks(observed: CancelCheckInput['observed']): KnownBlock[] {
  if ('problem' in observed) {
    return [section(`*Now*: the resources could not be read (${escapeMrkdwn(observed.problem)}).`)];
  }
  return sections(['*Now*', ...stateLines(observed)]);
}

export interface CancelReportInput {
  readonly progress: RunProgress;
  readonly observed: Observed | { readonly problem: string };
  /** Who cancelled (a Slack user id) and when (epoch ms). */
  readonly by: string;
  readonly at: number;
}

/**
 * The thread's account of a run cancelled while it was changing things: the page, each instance
 * (EC2 state, and Apache as far as the run knows), the DB cluster and the targets, as they are
 * now, and which jobnet brings the system to a consistent state.
 */
export function cancelReport(input: CancelReportInput): BlockMessage {
  const { progress, observed } = input;
  const words = JOBNET_WORDS[progress.jobnet];
  const system = escapeMrkdwn(progress.system);
  const done = progress.steps.filter((s) => s.state === 'succeeded').length;
  const headline = `🛑 *The ${words.verb} of ${system} was cancelled by ${mention(input.by)}* at ${clockTime(input.at)}, after ${done}/${progress.steps.length} steps.`;
  if ('problem' in observed) {
    return message(`The ${words.verb} of ${system} was cancelled`, [
      section(headline),
      section(
        `The resources could not be read now (${escapeMrkdwn(observed.problem)}): \`/webapp status ${system}\` shows them. The checklist above says what the run did. Either jobnet brings the system to a consistent state, skipping what is already done: \`/webapp ${otherJobnet(progress.jobnet)} ${system}\` undoes this ${words.verb}, \`/webapp ${progress.jobnet} ${system}\` finishes it.`,
      ),
      context([consoleLink(progress.executionArn)]),
    ]);
  }
  const lines = [
    headline,
    '*Where everything is now*',
    `• *Maintenance page*: ${observed.maintenancePage}`,
    ...observed.instances.map(
      (i) =>
        `• *${escapeMrkdwn(i.name ? `${i.id} (${i.name})` : i.id)}*: instance ${escapeMrkdwn(i.state)}; ${apacheWords(progress, i.id, i.state)}`,
    ),
    `• *DB cluster* ${escapeMrkdwn(observed.db.id)}: ${escapeMrkdwn(observed.db.status)}`,
    `• *Targets* (${observed.targets.length}): ${byState(observed.targets)}`,
    `*What to run*: ${consistency(progress.jobnet, progress.system, observed)}`,
  ];
  return message(`The ${words.verb} of ${system} was cancelled: where everything is now`, [
    ...sections(lines),
    context([consoleLink(progress.executionArn)]),
  ]);
}

/** Apache is not observed (that takes a command on the instance): the run's history says it. */
export function apacheWords(
  progress: RunProgress,
  instanceId: string,
  instanceState: string,
): string {
  if (instanceState === 'stopped') return 'Apache not running (the instance is stopped)';
  const map = progress.jobnet === 'stop' ? 'StopWebInstances' : 'StartWebServers';
  const item = progress.steps.find((s) => s.name === map)?.items?.find((i) => i.id === instanceId);
  if (progress.jobnet === 'stop') {
    if (!item || (item.state === 'pending' && !item.detail))
      return 'Apache as before (the run had not reached it)';
    if (item.state === 'succeeded' || item.detail !== 'StopApache')
      return 'Apache stopped by the run';
    return 'Apache may be stopping or stopped (the run was stopping it)';
  }
  if (!item || (item.state === 'pending' && !item.detail))
    return 'Apache not started by the run yet';
  if (item.state === 'succeeded') return 'Apache running (checked by the run)';
  return item.detail === 'CheckApacheRunning'
    ? 'Apache started by the run, not yet checked'
    : 'Apache may be starting (the run was starting it)';
}

function otherJobnet(jobnet: JobnetName): JobnetName {
  return jobnet === 'stop' ? 'start' : 'stop';
}

const SETTLING = new Set([
  'pending',
  'stopping',
  'starting',
  'backing-up',
  'modifying',
  'rebooting',
]);

/**
 * Which jobnet brings the system to a consistent state: none when it is wholly in service or
 * wholly in maintenance; otherwise undoing the cancelled run first (the person stopped it for a
 * reason), finishing it as the other way. Both skip what is already done.
 */
export function consistency(jobnet: JobnetName, systemName: string, observed: Observed): string {
  const system = escapeMrkdwn(systemName);
  const instances = observed.instances.map((i) => i.state);
  const inService =
    observed.maintenancePage === 'down' &&
    instances.every((s) => s === 'running') &&
    observed.db.status === 'available';
  const inMaintenance =
    observed.maintenancePage === 'up' &&
    instances.every((s) => s === 'stopped') &&
    observed.db.status === 'stopped';
  if (inService) return `\`${system}\` is in service and consistent: nothing to run.`;
  if (inMaintenance) {
    return `\`${system}\` is in maintenance and consistent: \`/webapp start ${system}\` when it should come back.`;
  }
  const other = otherJobnet(jobnet);
  const settling = [...instances, observed.db.status].filter((s) => SETTLING.has(s));
  const wait =
    settling.length > 0
      ? ` Some resources are still changing (${[...new Set(settling)].join(', ')}); either jobnet waits for them.`
      : '';
  const back = other === 'start' ? 'back into service' : 'back into maintenance';
  return `\`${system}\` is half-way. \`/webapp ${other} ${system}\` brings it ${back}; \`/webapp ${jobnet} ${system}\` finishes the ${JOBNET_WORDS[jobnet].verb} instead. Each skips what is already done.${wait}`;
}
