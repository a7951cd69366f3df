import { formatInZone } from '../../contract/zoned-time';
import type { JobnetName } from '../../contract/jobnets';
import type { Hold, Skip } from '../services/schedule-state';
import type { LockHolder } from '../services/run-lock';
import { executionConsoleUrl } from './console-link';
import { mention } from './jobnet-words';
import { escapeMrkdwn } from './limits';

/**
 * The one line a firing that did not start a run leaves in the system's channel, and the words
 * that name a firing. Pure: the starter decides, these say it.
 */

/** What the channel calls a firing: "nightly-stop", or "the one-off stop of shop at …". */
export interface FiringLabel {
  /** The schedule's name, or "The one-off stop of shop at Sat 5 Dec 2026 22:00 JST". */
  readonly name: string;
  readonly system: string;
  readonly jobnet: JobnetName;
  readonly timeZone: string;
}

const when = (ms: number, zone: string) => formatInZone(new Date(ms), zone);

export function heldLine(label: FiringLabel, hold: Hold): string {
  const reason = hold.reason ? ` — ${escapeMrkdwn(hold.reason)}` : '';
  return `⏸ ${escapeMrkdwn(label.name)} skipped: *${label.system}* is held by ${mention(hold.by)} since ${when(hold.since, label.timeZone)}${reason}`;
}

export function skippedLine(label: FiringLabel, skip: Skip): string {
  return `⏭ ${escapeMrkdwn(label.name)} skipped: ${mention(skip.by)} skipped this occurrence (${when(Date.parse(skip.occurrence), label.timeZone)})`;
}

export function calendarClosedLine(
  label: FiringLabel,
  calendar: string,
  event: { summary: string } | undefined,
): string {
  const what = event ? ` — ${escapeMrkdwn(event.summary)}` : '';
  return `📅 ${escapeMrkdwn(label.name)} skipped: the change calendar *${escapeMrkdwn(calendar)}* is closed${what}`;
}

export function calendarUnreadableLine(
  label: FiringLabel,
  calendar: string,
  problem: string,
): string {
  return `⚠️ ${escapeMrkdwn(label.name)} did not run: the change calendar *${escapeMrkdwn(calendar)}* could not be read (${escapeMrkdwn(problem)}); nothing was started`;
}

export function busyLine(label: FiringLabel, holder: LockHolder): string {
  const name = holder.executionArn.split(':').pop() ?? holder.executionArn;
  return `⏭ ${escapeMrkdwn(label.name)} skipped: a ${holder.jobnet} of *${label.system}* is already going (asked by ${mention(holder.requestedBy)}): <${executionConsoleUrl(holder.executionArn)}|${name}>`;
}

export function notApprovedLine(label: FiringLabel, status: string): string {
  return `⏭ ${escapeMrkdwn(label.name)} did not run: it is ${status}, not approved`;
}

export function startFailedLine(label: FiringLabel, problem: string): string {
  return `❌ ${escapeMrkdwn(label.name)} could not start: ${escapeMrkdwn(problem)}. Nothing was changed.`;
}
