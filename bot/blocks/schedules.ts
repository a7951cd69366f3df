import type { Button, KnownBlock, SectionBlock } from '@slack/types';
import { describeSchedule } from '../../contract/schedule-expression';
import { formatInZone } from '../../contract/zoned-time';
import type { OneOff } from '../services/schedule-state';
import type { SystemSchedules, UpcomingSchedule } from '../services/upcoming';
import { ACTION_IDS } from './action-ids';
import { oneOffTime, zonedAndUtc } from './format';
import { JOBNET_WORDS, mention } from './jobnet-words';
import { escapeMrkdwn, SLACK_LIMITS } from './limits';
import { button, context, header, message, section, type BlockMessage } from './parts';
import { refValue } from './schedule-refs';

export interface SchedulesMessageInput {
  readonly systems: readonly SystemSchedules[];
  /** Every system was asked for (no system named): buttons re-render all of them. */
  readonly all: boolean;
  /** What the last press did or could not do, shown first (mrkdwn). */
  readonly notice?: string;
}

/**
 * `/webapp schedules [system]`: per system its time zone, its hold with Hold or Resume, each
 * schedule's next occurrences in the zone and UTC (skipped and held ones marked) with Skip
 * next, and the one-off runs still ahead with Cancel. When every system's blocks do not fit one
 * message, each system gets one line and the reader is told to ask for one system.
 */
export function schedulesMessage(input: SchedulesMessageInput): BlockMessage {
  const notice = input.notice ? [section(input.notice)] : [];
  const full = input.systems.flatMap((view, i) => [
    ...(i > 0 ? [{ type: 'divider' as const }] : []),
    ...systemBlocks(view, input.all),
  ]);
  const names = input.systems.map((s) => s.system).join(', ');
  const text = `Schedules of ${names}`;
  if (notice.length + full.length <= SLACK_LIMITS.blocks || input.systems.length === 1) {
    return message(text, [...notice, ...full]);
  }
  return message(text, [
    ...notice,
    header('🗓 Schedules'),
    ...input.systems.map((view) => section(summaryLine(view))),
    context([
      'Too many to list here with their buttons: ask `/webapp schedules <system>` for one system.',
    ]),
  ]);
}

function systemBlocks(view: SystemSchedules, all: boolean): KnownBlock[] {
  const ref = { system: view.system, ...(all ? { all } : {}) };
  const zone = `Time zone: ${escapeMrkdwn(view.timeZone)}`;
  const calendar = view.calendar ? ` · calendar \`${escapeMrkdwn(view.calendar)}\`` : '';
  const blocks: KnownBlock[] = [
    header(`🗓 Schedules: ${view.system}`),
    withButton(section(`${zone}${calendar}\n${holdLine(view)}`), holdButton(view, ref)),
    ...view.schedules.map((s) => scheduleBlock(s, view, ref)),
    ...view.oneOffs.map((o) => withButton(section(oneOffLine(o)), cancelButton(o, ref))),
  ];
  if (view.schedules.length === 0 && view.oneOffs.length === 0) {
    blocks.push(
      context([
        'No schedules configured and no one-off runs ahead. `/webapp stop <system> at <YYYY-MM-DD HH:MM>` asks for one.',
      ]),
    );
  }
  return blocks;
}

function holdLine(view: SystemSchedules): string {
  const { hold } = view;
  if (!hold) return '▶️ Not held: scheduled runs start as configured.';
  const reason = hold.reason ? ` — ${escapeMrkdwn(hold.reason)}` : '';
  return `⏸ *Held* by ${mention(hold.by)} since ${formatInZone(new Date(hold.since), view.timeZone)}${reason}: no scheduled run starts until it is resumed.`;
}

function holdButton(view: SystemSchedules, ref: { system: string; all?: boolean }): Button {
  const system = escapeMrkdwn(view.system);
  return view.hold
    ? button({
        text: 'Resume',
        actionId: ACTION_IDS.scheduleResume,
        value: refValue(ref),
        style: 'primary',
      })
    : button({
        text: 'Hold',
        actionId: ACTION_IDS.scheduleHold,
        value: refValue(ref),
        confirm: {
          title: `Hold ${view.system}?`,
          text: `No scheduled run of *${system}* starts until someone resumes it.`,
          confirm: 'Hold',
          deny: 'Cancel',
        },
      });
}

const POLICY_WORDS = {
  required: () => 'approval required',
  'unless-held': (minutes?: number) => `runs unless someone holds it within ${minutes ?? 15} min`,
  preapproved: () => 'preapproved: runs without asking',
} as const;

function scheduleBlock(
  upcoming: UpcomingSchedule,
  view: SystemSchedules,
  ref: { system: string; all?: boolean },
): SectionBlock {
  const { schedule, occurrences, nextToSkip } = upcoming;
  const words = JOBNET_WORDS[schedule.jobnet];
  const when = escapeMrkdwn(describeSchedule(schedule.expression, schedule.timeZone));
  const description = schedule.description ? `\n${escapeMrkdwn(schedule.description)}` : '';
  const calendar = schedule.calendar ? ` · calendar \`${escapeMrkdwn(schedule.calendar)}\`` : '';
  const lines = occurrences.map((o) => {
    const at = zonedAndUtc(o.at, view.timeZone);
    if (o.skip) return `• ⏭ ~${at}~ skipped by ${mention(o.skip.by)}`;
    return view.hold ? `• ⏸ ${at} — held` : `• ${at}`;
  });
  const text =
    `*${escapeMrkdwn(schedule.name)}* · ${words.icon} ${words.verb} · ${when}${description}\n` +
    `${POLICY_WORDS[schedule.approval](schedule.holdWindowMinutes)}${calendar}\n` +
    (lines.length > 0 ? lines.join('\n') : '_No further runs._');
  const block = section(text);
  if (!nextToSkip) return block;
  const at = zonedAndUtc(nextToSkip, view.timeZone);
  return withButton(
    block,
    button({
      text: 'Skip next',
      actionId: ACTION_IDS.scheduleSkipNext,
      value: refValue({ ...ref, schedule: schedule.name, occurrence: nextToSkip.toISOString() }),
      confirm: {
        title: 'Skip the next run?',
        text: `*${escapeMrkdwn(schedule.name)}* will not run on ${at}.`,
        confirm: 'Skip it',
        deny: 'Cancel',
      },
    }),
  );
}

function oneOffLine(oneOff: OneOff): string {
  const words = JOBNET_WORDS[oneOff.jobnet];
  const at = oneOffTime(new Date(oneOff.at), oneOff.timeZone);
  const state =
    oneOff.status === 'scheduled'
      ? `✅ approved by ${mention(oneOff.approvedBy ?? '')}`
      : `✋ awaiting approval, asked by ${mention(oneOff.requestedBy)}`;
  return `${words.icon} *One-off ${words.verb}* ${at} — ${state}`;
}

function cancelButton(oneOff: OneOff, ref: { system: string; all?: boolean }): Button {
  return button({
    text: 'Cancel',
    actionId: ACTION_IDS.scheduleCancelOneOff,
    value: refValue({ ...ref, oneOff: oneOff.id }),
    style: 'danger',
    confirm: {
      title: 'Cancel this one-off run?',
      text: `The one-off ${oneOff.jobnet} at ${oneOffTime(new Date(oneOff.at), oneOff.timeZone)} will not run.`,
      confirm: 'Cancel the run',
      deny: 'Keep it',
    },
  });
}

function summaryLine(view: SystemSchedules): string {
  const held = view.hold ? ` · ⏸ held by ${mention(view.hold.by)}` : '';
  const next = view.schedules
    .map((s) => s.occurrences.find((o) => !o.skip)?.at)
    .filter((at): at is Date => at !== undefined)
    .sort((a, b) => a.getTime() - b.getTime())[0];
  const nextText = next ? ` · next ${zonedAndUtc(next, view.timeZone)}` : '';
  return `*${escapeMrkdwn(view.system)}* — ${view.schedules.length} schedules, ${view.oneOffs.length} one-off runs${nextText}${held}`;
}

function withButton(block: SectionBlock, accessory: Button): SectionBlock {
  return { ...block, accessory };
}
