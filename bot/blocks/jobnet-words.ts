import type { JobnetName } from '../../contract/jobnets';
import type { RunProgress, RunStatus } from '../progress-model';
import { escapeMrkdwn } from './limits';

/** How each jobnet is named and explained to people, in one place for every message. */
export const JOBNET_WORDS: Readonly<
  Record<JobnetName, { verb: string; title: string; icon: string; does: string }>
> = {
  stop: {
    verb: 'stop',
    title: 'Maintenance in',
    icon: '🛑',
    does:
      'put up the maintenance page, stop Apache and the web instances and back them up (AMIs), ' +
      'then back up the DB cluster (snapshot) and stop it',
  },
  start: {
    verb: 'start',
    title: 'Maintenance out',
    icon: '🟢',
    does:
      'start the DB cluster, then the web instances and Apache, wait until every target is ' +
      'healthy, then take down the maintenance page',
  },
};

export interface Outcome {
  readonly icon: string;
  readonly word: string;
  /** A decision at the first approval ended the run before it touched anything. */
  readonly untouched: boolean;
  /** What a decision meant, said instead of a step count and a failure. */
  readonly note?: string;
}

const STATUS_OUTCOMES: Readonly<Record<RunStatus, Outcome>> = {
  RUNNING: { icon: '⏳', word: 'running', untouched: false },
  SUCCEEDED: { icon: '✅', word: 'succeeded', untouched: false },
  FAILED: { icon: '❌', word: 'failed', untouched: false },
  TIMED_OUT: { icon: '⌛', word: 'timed out', untouched: false },
  ABORTED: { icon: '⏹️', word: 'aborted', untouched: false },
};

/**
 * What became of a run. A decision at an approval ends the execution as FAILED, but people
 * must read it as what it was: a rejected or expired plan changed nothing, and a start whose
 * reopen approval was rejected or expired left the page up on purpose, everything else done.
 * A cancel is neither a failure nor a rejection: it says who stopped the run.
 */
export function runOutcome(
  progress: Pick<RunProgress, 'status' | 'decision' | 'cancelled'>,
): Outcome {
  const decision = progress.decision;
  if (progress.cancelled) {
    const by = progress.cancelled.by ? ` by ${mention(progress.cancelled.by)}` : '';
    return {
      icon: '🛑',
      word: `cancelled${by}`,
      untouched: false,
      note:
        `Cancelled${by} while it was changing things: it stopped where the checklist shows. ` +
        'The cancel report in this thread says where every resource is and which jobnet makes the system consistent again.',
    };
  }
  if (!decision) return STATUS_OUTCOMES[progress.status];
  const by = decision.by ? ` by ${mention(decision.by)}` : '';
  if (decision.step === 'Approval' && decision.cancelled) {
    return {
      icon: '🛑',
      word: `cancelled${by}`,
      untouched: true,
      note: `Cancelled${by} before anything was changed.`,
    };
  }
  if (decision.step === 'Approval') {
    return decision.outcome === 'rejected'
      ? {
          icon: '⛔',
          word: `rejected${by}`,
          untouched: true,
          note: `The plan was rejected${by}, so nothing was changed.`,
        }
      : {
          icon: '⌛',
          word: 'expired without a decision',
          untouched: true,
          note: 'Nobody approved or rejected the run in time, so nothing was changed.',
        };
  }
  const after =
    'Everything is started and every target is healthy; a new `/webapp start` takes the page ' +
    'down when you are ready.';
  return decision.outcome === 'rejected'
    ? {
        icon: '🚧',
        word: `started, maintenance page kept up on purpose${by}`,
        untouched: false,
        note: `Taking the maintenance page down was rejected${by}, so it stays up. ${after}`,
      }
    : {
        icon: '⌛',
        word: 'started, maintenance page kept up (nobody decided in time)',
        untouched: false,
        note: `Nobody approved taking the maintenance page down in time, so it stays up. ${after}`,
      };
}

/** A Slack user id as a mention; anything else (odd input) shown escaped. */
export function mention(userId: string): string {
  return /^[UW][A-Z0-9]+$/.test(userId) ? `<@${userId}>` : escapeMrkdwn(userId);
}

/**
 * Who asked for a run: a mention for a Slack user id; runs from a schedule or an event have
 * none. Anything else (an execution started by hand with odd input) is shown escaped.
 */
export function requester(requestedBy: string | undefined): string {
  return requestedBy ? mention(requestedBy) : 'A schedule or event';
}
