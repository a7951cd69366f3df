import { JobnetErrors } from '../../contract/errors';
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
  /** An approval that ended the run before it touched anything. */
  readonly untouched: boolean;
  /** Why nothing was changed, when untouched. */
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
 * What became of a run. A rejected or expired approval ends the execution as FAILED, but
 * people must read it as "nothing happened", not as a failed maintenance.
 */
export function runOutcome(progress: Pick<RunProgress, 'status' | 'failure'>): Outcome {
  const error = progress.failure?.error;
  if (error === JobnetErrors.approvalRejected) {
    return {
      icon: '🚫',
      word: 'rejected',
      untouched: true,
      note: 'The approval was rejected, so nothing was changed.',
    };
  }
  if (error === JobnetErrors.approvalExpired) {
    return {
      icon: '⌛',
      word: 'expired without a decision',
      untouched: true,
      note: 'Nobody approved or rejected the run in time, so nothing was changed.',
    };
  }
  return STATUS_OUTCOMES[progress.status];
}

/**
 * Who asked for a run: a mention for a Slack user id; runs from a schedule or an event have
 * none. Anything else (an execution started by hand with odd input) is shown escaped.
 */
export function requester(requestedBy: string | undefined): string {
  if (!requestedBy) return 'A schedule or event';
  return /^[UW][A-Z0-9]+$/.test(requestedBy) ? `<@${requestedBy}>` : escapeMrkdwn(requestedBy);
}
