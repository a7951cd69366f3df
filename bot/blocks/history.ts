import { decisionOf } from '../../contract/errors';
import type { AuditActor, RunDecision, RunHistory } from '../audit/history-fold';
import { consoleLink } from './console-link';
import { clockTime, dateTime, formatDuration } from './format';
import { JOBNET_WORDS, mention } from './jobnet-words';
import { escapeMrkdwn } from './limits';
import { context, header, message, section, sections, type BlockMessage } from './parts';

export interface HistoryInput {
  /** One system's runs; every system's without. */
  readonly system?: string;
  readonly count: number;
  /** Newest first. */
  readonly runs: readonly RunHistory[];
  /** Why runs may be missing, when they may. */
  readonly partial?: string;
}

/** Who or what an actor is, in words: a mention for a person. */
export function actorWords(actor: AuditActor): string {
  switch (actor.kind) {
    case 'person':
      return mention(actor.id);
    case 'schedule':
      return actor.id.startsWith('oneoff-')
        ? 'a one-off run'
        : `schedule \`${escapeMrkdwn(actor.id)}\``;
    case 'event':
      return `event \`${escapeMrkdwn(actor.id)}\``;
    case 'app':
      return `the app (${escapeMrkdwn(actor.id)})`;
  }
}

function decisionWords(d: RunDecision): string {
  const which = d.approval === 'ApproveReopen' ? 'reopen ' : '';
  const by = actorWords(d.actor);
  const when = ` (${clockTime(d.at)})`;
  switch (d.outcome) {
    case 'approved':
      return `${which}approved by ${by}${when}`;
    case 'rejected':
      return `${which}rejected by ${by}${when}`;
    case 'held':
      return `held by ${by}${when}`;
    case 'expired':
      return `${which}expired, nobody decided${when}`;
    case 'no-objection':
      return `no objection in the hold window (${by})`;
    case 'preapproved':
      return d.approvedBy && d.approvedBy !== d.actor.id
        ? `approved in advance by ${mention(d.approvedBy)}`
        : `pre-approved by ${by}`;
    default:
      return `${escapeMrkdwn(d.outcome)} by ${by}${when}`;
  }
}

const OUTCOME_ICONS: Readonly<Record<string, string>> = {
  succeeded: '✅',
  failed: '❌',
  aborted: '⏹️',
  'timed-out': '⌛',
};

/** How the run ended, in words with an icon; a decision reads as one, not as a failure. */
function endWords(run: RunHistory): string {
  const end = run.outcome;
  if (!end) {
    if (run.start === 'not-started') return '❌ did not start';
    if (run.start === 'unknown') return '❔ start not confirmed';
    return '⏳ no outcome recorded yet';
  }
  const took =
    end.durationSeconds !== undefined ? ` in ${formatDuration(end.durationSeconds * 1000)}` : '';
  const decision = decisionOf(end.error);
  if (decision) {
    const reopen = decision.step === 'ApproveReopen';
    if (decision.outcome === 'rejected') {
      return reopen ? `⛔ page kept up: reopen rejected${took}` : '⛔ rejected, nothing changed';
    }
    return reopen ? `⌛ page kept up: reopen expired${took}` : '⌛ expired, nothing changed';
  }
  const icon = OUTCOME_ICONS[end.outcome] ?? '•';
  const error = end.error ? ` (\`${escapeMrkdwn(end.error)}\`)` : '';
  return `${icon} ${escapeMrkdwn(end.outcome)}${took}${error}`;
}

/** One run, in two lines: what, when and how it ended; who asked, why, who approved, a link. */
export function runLines(run: RunHistory): string {
  const words = run.jobnet ? JOBNET_WORDS[run.jobnet] : undefined;
  const what = `${words?.icon ?? '•'} *${words?.verb ?? 'run'} ${escapeMrkdwn(run.system ?? '?')}*`;
  const redriven = run.redrives > 0 ? ` · 🔁 retried ${run.redrives}×` : '';
  const first = `${what} · ${dateTime(run.at)} · ${endWords(run)}${redriven}`;
  const details = [
    run.startedBy
      ? `${run.startedBy.kind === 'person' ? 'asked by' : 'started by'} ${actorWords(run.startedBy)}`
      : 'who started it is not in the trail',
    ...(run.reason ? [`“${escapeMrkdwn(run.reason)}”`] : []),
    ...run.decisions.map(decisionWords),
    ...(run.cancel
      ? [`cancel: ${escapeMrkdwn(run.cancel.outcome)} by ${actorWords(run.cancel.actor)}`]
      : []),
    ...(run.executionArn ? [consoleLink(run.executionArn, escapeMrkdwn(run.runId))] : []),
  ];
  return `${first}\n      ${details.join(' · ')}`;
}

/** `/webapp history`: the last runs, newest first, as the audit trail keeps them. */
export function historyMessage(input: HistoryInput): BlockMessage {
  const whose = input.system ? escapeMrkdwn(input.system) : 'every system';
  const shown = input.runs.length;
  const ofWhom = input.system ? ` of ${whose}` : '';
  const summary =
    shown === 0
      ? input.partial
        ? `No runs${ofWhom} could be read from the audit trail.`
        : `No runs${ofWhom} in the audit trail.`
      : `The last ${shown === 1 ? 'run' : `${shown} runs`} of ${whose}, newest first, from the audit trail.`;
  const partial = input.partial
    ? [section(`⚠️ This answer may leave runs out: ${escapeMrkdwn(input.partial)}.`)]
    : [];
  return message(`History of ${whose}: ${shown} of the last ${input.count} runs`, [
    header(`🗂 History: ${input.system ?? 'all systems'}`),
    context([summary]),
    ...partial,
    ...sections(input.runs.map(runLines)),
  ]);
}
