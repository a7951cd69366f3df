import type { KnownBlock } from '@slack/types';
import type { RunProgress } from '../progress-model';
import { checklistBlocks } from './checklist';
import { consoleLink } from './console-link';
import { formatDuration } from './format';
import { JOBNET_WORDS, requester, runOutcome } from './jobnet-words';
import type { JobnetName } from '../../contract/jobnets';
import type { ApprovalPolicy, RunTrigger } from '../../contract/run-trigger';
import { ACTION_IDS, BLOCK_IDS } from './action-ids';
import { escapeMrkdwn } from './limits';
import { button, context, header, message, section, type BlockMessage } from './parts';

export interface RunMessageInput {
  readonly jobnet: JobnetName;
  readonly system: string;
  /** Slack user id of the requester; absent for scheduled and event-triggered runs. */
  readonly requestedBy?: string;
  readonly executionArn: string;
  /** The live state; without it the message says the run is starting. */
  readonly progress?: RunProgress;
  /** A schedule, a one-off run or an event: said instead of who asked. */
  readonly trigger?: RunTrigger;
  /** Why the run was asked for, as the person typed it. */
  readonly reason?: string;
  /** `database`: the run stops only the DB cluster (the Aurora watch's re-stop). */
  readonly scope?: 'database';
}

/** What a database-scope stop does, said instead of the jobnet's whole description. */
export const DATABASE_ONLY =
  'stop the DB cluster only (the maintenance page, the web instances and their backups are left as they are)';

/**
 * The run's root message: who asked, what the jobnet will do, a console link and, once there
 * is progress, the live checklist. It is edited in place as the run goes on; details of a
 * failure go into the thread, so this message stays one screen.
 */
export function runMessage(input: RunMessageInput): BlockMessage {
  const { jobnet, executionArn, progress } = input;
  const words = JOBNET_WORDS[jobnet];
  const started = startedBy(input);
  const reason = input.reason ? `\n*Reason:* ${escapeMrkdwn(input.reason)}` : '';
  const blocks: KnownBlock[] = [
    header(`${words.icon} ${words.title}: ${input.system}`),
    section(
      `${started.line}: ${input.scope === 'database' ? DATABASE_ONLY : words.does}.${reason}` +
        (progress ? '' : `\n${started.until}`),
    ),
  ];
  if (progress) blocks.push(...checklistBlocks(progress.steps));
  const links = [consoleLink(executionArn)];
  // What the event is about (the alarm, the DB cluster, the rule), one click away.
  if (input.trigger?.kind === 'event' && input.trigger.link) {
    links.push(`<${input.trigger.link}|Open what triggered it>`);
  }
  if (!progress || progress.status === 'RUNNING') blocks.push(cancelActions(input));
  blocks.push(context([statusLine(progress), ...links]));

  const state = progress ? stateText(progress) : 'starting';
  return message(`${started.text}: ${state}`, blocks);
}

/** What a run nobody typed waits for before anything changes, by its approval policy. */
function untilWords(
  trigger: { readonly policy: ApprovalPolicy; readonly holdWindowMinutes?: number },
  firer: 'schedule' | 'trigger',
): string {
  return {
    required: 'Nothing changes until someone approves the plan in the thread.',
    'unless-held': `It goes ahead when its ${trigger.holdWindowMinutes ?? 15}-minute window ends, unless an approver holds it in the thread.`,
    preapproved: `The ${firer} is its approval: it goes ahead without asking.`,
  }[trigger.policy];
}

/**
 * Who or what started the run, as the root message's first line and its notification text,
 * and what it waits for before anything changes.
 */
function startedBy(input: RunMessageInput): { line: string; text: string; until: string } {
  const { jobnet, trigger, requestedBy } = input;
  const words = JOBNET_WORDS[jobnet];
  const system = escapeMrkdwn(input.system);
  if (trigger?.kind === 'schedule') {
    const what = `${escapeMrkdwn(trigger.schedule)}${trigger.description ? `, ${escapeMrkdwn(trigger.description)}` : ''}`;
    const until = untilWords(trigger, 'schedule');
    return {
      line: `🕙 Scheduled *${words.verb}* of *${system}* — ${what}`,
      text: `🕙 Scheduled ${words.verb} of ${system} — ${what}`,
      until,
    };
  }
  if (trigger?.kind === 'event') {
    const what = `trigger ${escapeMrkdwn(trigger.trigger)}${trigger.description ? `: ${escapeMrkdwn(trigger.description)}` : ''}`;
    const until = untilWords(trigger, 'trigger');
    return {
      line: `⚡ *${capitalise(words.verb)}* of *${system}* — ${what}`,
      text: `⚡ ${capitalise(words.verb)} of ${system} — ${what}`,
      until,
    };
  }
  if (trigger?.kind === 'one-off') {
    return {
      line: `🗓 One-off *${words.verb}* of *${system}* asked by ${requester(requestedBy)}, approved in advance`,
      text: `🗓 One-off ${words.verb} of ${system}, approved in advance`,
      until: 'It goes ahead on the approval given in advance (see the thread).',
    };
  }
  return {
    line: `${requester(requestedBy)} asked to *${words.verb}* *${system}*`,
    text: `${words.title} for ${system} requested by ${requester(requestedBy)}`,
    until: 'Nothing changes until someone approves the plan in the thread.',
  };
}

/**
 * Cancel, while the run goes on. It names the execution only (who may cancel, and how, is
 * decided when it is clicked); Slack's dialog says what a click does.
 */
function cancelActions(input: RunMessageInput): KnownBlock {
  const words = JOBNET_WORDS[input.jobnet];
  return {
    type: 'actions',
    block_id: BLOCK_IDS.runActions,
    elements: [
      button({
        text: 'Cancel',
        actionId: ACTION_IDS.cancel,
        value: input.executionArn,
        style: 'danger',
        confirm: {
          title: 'Cancel this run?',
          text: `Before it changes anything, the ${words.verb} of *${escapeMrkdwn(input.system)}* ends at once. Once it has begun changing things, you are first shown where every resource is, and asked again.`,
          confirm: 'Cancel the run',
          deny: 'Keep it',
        },
      }),
    ],
  };
}

function statusLine(progress: RunProgress | undefined): string {
  if (!progress) return '⏳ Starting…';
  const outcome = runOutcome(progress);
  const parts = [`${outcome.icon} ${capitalise(outcome.word)}`];
  if (progress.stoppedAt !== undefined) {
    parts.push(`in ${formatDuration(progress.stoppedAt - progress.startedAt)}`);
  }
  const failure = progress.failure;
  if (failure) {
    const where = failure.resource ? ` on ${escapeMrkdwn(failure.resource)}` : '';
    parts.push(`at *${escapeMrkdwn(failure.step)}*${where}: details in the thread`);
  }
  return parts.join(' ');
}

/** "failed, 3/7 steps done"; a decision says what it meant instead of counting steps. */
function stateText(progress: RunProgress): string {
  const outcome = runOutcome(progress);
  if (outcome.untouched) return `${outcome.word}, nothing was changed`;
  if (progress.decision) return outcome.word;
  const done = progress.steps.filter((s) => s.state === 'succeeded' || s.state === 'skipped');
  return `${outcome.word}, ${done.length}/${progress.steps.length} steps done`;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
