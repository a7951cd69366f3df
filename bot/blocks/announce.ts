import type { WebClient } from '@slack/web-api';
import type { JobnetName } from '../../contract/jobnets';
import type { RunTrigger } from '../../contract/run-trigger';
import type { RunProgress } from '../progress-model';
import { consoleLink } from './console-link';
import { formatDuration } from './format';
import { JOBNET_WORDS, mention, runOutcome } from './jobnet-words';
import { escapeMrkdwn, truncate } from './limits';

/**
 * The announce channel: a system may name a second channel that gets one line per run start
 * and end, skip and hold, without the thread. The lines are built here (pure); `announce`
 * posts one and never fails whoever called it.
 */

/** What a run's start or end line says. */
export type RunAnnouncement =
  | {
      readonly kind: 'started';
      readonly jobnet: JobnetName;
      readonly system: string;
      readonly executionArn: string;
      /** A Slack user id; absent for scheduled and event-triggered runs. */
      readonly requestedBy?: string;
      readonly trigger?: RunTrigger;
      readonly reason?: string;
      /** 0 for the run's start; a redrive is attempt 1, 2, … */
      readonly attempt: number;
    }
  | { readonly kind: 'ended'; readonly progress: RunProgress };

/** A reason is shown whole in the thread; the one-line summary keeps it short. */
const REASON_SHOWN = 120;

/**
 * "▶️ Stop of shop started — asked by @a, reason: patching (link)" or "✅ Stop of shop
 * succeeded in 12 min (link)".
 */
export function announceLine(announcement: RunAnnouncement): string {
  if (announcement.kind === 'ended') return endedLine(announcement.progress);
  const { jobnet, system, executionArn, attempt } = announcement;
  const what = `${capitalised(JOBNET_WORDS[jobnet].verb)} of *${escapeMrkdwn(system)}*`;
  const link = `(${consoleLink(executionArn, 'run')})`;
  if (attempt > 0) return `🔁 ${what} retried from its failed step ${link}`;
  const reason = announcement.reason
    ? `, reason: ${truncate(escapeMrkdwn(announcement.reason), REASON_SHOWN)}`
    : '';
  return `▶️ ${what} started — ${startedBy(announcement)}${reason} ${link}`;
}

function startedBy(a: Extract<RunAnnouncement, { kind: 'started' }>): string {
  const trigger = a.trigger as { kind: string; schedule?: string; trigger?: string } | undefined;
  switch (trigger?.kind) {
    case 'schedule':
      return `schedule ${escapeMrkdwn(trigger.schedule ?? '')}`;
    case 'one-off':
      return `one-off asked by ${a.requestedBy ? mention(a.requestedBy) : 'someone'}, approved in advance`;
    case 'event':
      return `event trigger ${escapeMrkdwn(trigger.trigger ?? '')}`;
    default:
      return a.requestedBy ? `asked by ${mention(a.requestedBy)}` : 'started without a requester';
  }
}

function endedLine(progress: RunProgress): string {
  const outcome = runOutcome(progress);
  const what = `${capitalised(JOBNET_WORDS[progress.jobnet].verb)} of *${escapeMrkdwn(progress.system)}*`;
  const where = progress.failure ? ` at *${escapeMrkdwn(progress.failure.step)}*` : '';
  const untouched = outcome.untouched ? ', nothing was changed' : '';
  const took =
    progress.stoppedAt === undefined
      ? ''
      : ` in ${formatDuration(progress.stoppedAt - progress.startedAt)}`;
  return `${outcome.icon} ${what} ${outcome.word}${where}${untouched}${took} (${consoleLink(progress.executionArn, 'run')})`;
}

function capitalised(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * Posts one line to the system's announce channel, if it has one. Never throws: the line is a
 * courtesy, and the run, the thread or the change it reports must not fail with it. Returns
 * whether the line was posted; `onProblem` hears why not.
 */
export async function announce(
  slack: Pick<WebClient, 'chat'> | (() => Promise<Pick<WebClient, 'chat'>>),
  system: { readonly announceChannel?: string },
  line: string,
  onProblem: (problem: string) => void = () => undefined,
): Promise<boolean> {
  const channel = system.announceChannel;
  if (!channel) return false;
  try {
    const client = typeof slack === 'function' ? await slack() : slack;
    await client.chat.postMessage({ channel, text: line, unfurl_links: false });
    return true;
  } catch (error) {
    onProblem(`${(error as Error).name}: ${(error as Error).message}`);
    return false;
  }
}
