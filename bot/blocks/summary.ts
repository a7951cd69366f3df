import type { RunProgress } from '../progress-model';
import { consoleLink } from './console-link';
import { formatDuration } from './format';
import { JOBNET_WORDS, runOutcome } from './jobnet-words';
import { escapeMrkdwn, listCompactly } from './limits';
import { context, message, sections, type BlockMessage } from './parts';

/** Room for backup job ids: 50 instances and a cluster would not fit, so the rest are counted. */
const BACKUP_IDS_MAX = 1500;

/** What a database-scope run (the Aurora watch's re-stop) did, in its summary's headline. */
const DATABASE_ONLY_TITLE = 'DB cluster stopped again';

/**
 * The thread's last word on a run: how it ended and how long it took, what was backed up,
 * and, when a decision ended it, what that decision meant (never a step count or a failure).
 * A database-scope run says it touched only the DB cluster, not that the system went into
 * maintenance.
 */
export function finalSummary(progress: RunProgress, scope?: 'database'): BlockMessage {
  const words = {
    ...JOBNET_WORDS[progress.jobnet],
    ...(scope === 'database' ? { title: DATABASE_ONLY_TITLE } : {}),
  };
  const outcome = runOutcome(progress);
  const system = escapeMrkdwn(progress.system);
  const duration =
    progress.stoppedAt !== undefined
      ? ` in ${formatDuration(progress.stoppedAt - progress.startedAt)}`
      : '';
  const headline = `${outcome.icon} *${words.title} for ${system}*: ${outcome.word}${duration}`;

  const lines = [headline];
  if (outcome.note) {
    lines.push(outcome.note);
  } else {
    const done = progress.steps.filter((s) => s.state === 'succeeded' || s.state === 'skipped');
    lines.push(`Steps: ${done.length}/${progress.steps.length} done`);
    if (progress.failure) {
      const { step, resource, error } = progress.failure;
      const where = resource ? ` on ${escapeMrkdwn(resource)}` : '';
      lines.push(
        `Failed at *${escapeMrkdwn(step)}*${where}: ${escapeMrkdwn(error)} (details above)`,
      );
    }
  }
  const backups = progress.backupJobIds;
  if (backups.length > 0) {
    lines.push(
      `Backups started (${backups.length}): ${listCompactly(backups.map(escapeMrkdwn), BACKUP_IDS_MAX)}`,
    );
  }

  return message(`${words.title} for ${system}: ${outcome.icon} ${outcome.word}${duration}`, [
    ...sections(lines),
    context([consoleLink(progress.executionArn)]),
  ]);
}
