import { ACTION_IDS } from '../bot/blocks/action-ids';
import { formatInZone } from '../contract/zoned-time';
import type { LocalMode } from './local-mode';
import type { SlackMessage } from './slack';
import { blockLines } from './slack';
import { buttonValue } from './slack-user';
import { waitUntil } from './wait-until';

/** Thursday 19 November 2026, 12:00 in Tokyo: the demo week runs to the next Thursday noon. */
export const SCHEDULES_DEMO_START = Date.parse('2026-11-19T03:00:00Z');
const WEEK_MS = 7 * 86_400_000;
/** The Tuesday nightly stop the demo holds (month-end batch running late). */
const HELD_FIRING = Date.parse('2026-11-24T13:00:00Z');

export interface DemoPeople {
  readonly requester: string;
  readonly approver: string;
  readonly say: (text: string) => void;
}

/**
 * `npm start -- schedules`: a week of the example system's schedules on the simulated clock,
 * jumping from one firing to the next: periodic stops and starts, a one-off run approved in
 * advance, the holiday of the change calendar skipped, a firing skipped by a hold. Each firing
 * goes through EventBridge Scheduler in the simulated account, the real starter and jobnets.
 */
export async function schedulesDemo(lm: LocalMode, people: DemoPeople): Promise<void> {
  const { requester, approver, say } = people;
  const zone = lm.system.timeZone;
  const at = (ms: number) => formatInZone(new Date(ms), zone);
  const shown = new Set<string>();
  /** The channel's new top-level lines: root messages as they end, and skip lines. */
  const report = (firedAt = lm.clock.now()) => {
    for (const m of lm.slack.messages(lm.channel)) {
      // A run is shown once it has ended; a one-off, once it has run (until then it is its request).
      const pending = /: (starting|running)|^One-off |^✅ Approved by/.test(m.text ?? '');
      if (shown.has(m.ts) || pending) continue;
      shown.add(m.ts);
      // A one-off's thread starts at its request, days before it runs: show when it ran.
      const posted = m.text?.startsWith('🗓') ? firedAt : Number(m.ts) * 1000;
      say(`  ${at(posted)}  ${m.text ?? ''}`);
    }
  };

  say(`A week of ${lm.system.name}'s schedules, from ${at(lm.clock.now())} (simulated time).\n`);
  await oneOffInAdvance(lm, requester, approver, say);
  await slash(lm, requester, 'schedules', say);
  say('\nThe week (each line: when it was posted in the channel, and how the run ended):');

  const end = lm.clock.now() + WEEK_MS;
  for (;;) {
    const next = lm.scheduler.nextFiring();
    if (!next || next.at.getTime() > end) break;
    if (next.at.getTime() === HELD_FIRING) {
      await slash(lm, requester, 'hold shop month-end batch still running', say);
    }
    lm.clock.jumpTo(next.at.getTime());
    await lm.scheduler.idle();
    await runsEnded(lm);
    report(next.at.getTime());
    if (next.at.getTime() === HELD_FIRING) await slash(lm, requester, 'resume shop', say);
  }
  lm.clock.jumpTo(end);
  await lm.scheduler.idle();
  report();
}

/** The requester asks for a one-off start on Saturday; an approver approves it now. */
async function oneOffInAdvance(
  lm: LocalMode,
  requester: string,
  approver: string,
  say: (text: string) => void,
): Promise<void> {
  const before = lm.slack.messages(lm.channel).length;
  await slash(lm, requester, 'start shop at 2026-11-21 10:00', say);
  const message = await waitUntil(
    'the one-off request',
    () => lm.slack.messages(lm.channel)[before],
  );
  say(`  ${message.text ?? ''}`);
  say(`→ @${approver} clicks Approve`);
  await lm.user.click(approver, ACTION_IDS.oneOffApprove, buttonValue(message), message);
  const approved = await waitUntil('the approval', () => {
    const now = lm.slack.thread(lm.channel, message.ts)[0];
    return /Approved by/.test(JSON.stringify(now?.blocks ?? [])) ? now : undefined;
  });
  say(`  ${decisionLine(approved)}`);
}

function decisionLine(message: SlackMessage): string {
  return blockLines(message.blocks ?? []).find((line) => line.includes('Approved by')) ?? '';
}

/** Types a slash command; its private answer, if any, is printed. */
async function slash(lm: LocalMode, user: string, text: string, say: (t: string) => void) {
  say(`\n$ /webapp ${text}      (typed by @${user})`);
  const before = lm.slack.ephemerals(lm.channel, user).length;
  const answer = await lm.user.slash(user, text);
  const reply = lm.slack.ephemerals(lm.channel, user)[before];
  const lines = reply?.blocks ? blockLines(reply.blocks) : answer.text ? [answer.text] : [];
  for (const line of lines) say(`  │ ${line}`);
}

/** Waits for every run the firing started to end and its thread to be written. */
async function runsEnded(lm: LocalMode): Promise<void> {
  await Promise.all(lm.sfn.listExecutions().map((execution) => execution.done));
  await lm.progressIdle();
}
