import { JOBNET_WORDS } from './jobnet-words';
import { escapeMrkdwn, truncate } from './limits';
import { header, message, section, sections, type BlockMessage } from './parts';

/** A description longer than this is cut: the list must stay a glance. */
const DESCRIPTION_MAX = 200;

/** `/webapp help`: the subcommands and the systems they accept. */
export function helpMessage(
  systems: readonly { name: string; description?: string }[],
): BlockMessage {
  const { stop, start } = JOBNET_WORDS;
  const usage = [
    `\`/webapp stop [system]\` — ${stop.title.toLowerCase()}: ${stop.does}.`,
    `\`/webapp start [system]\` — ${start.title.toLowerCase()}: ${start.does}.`,
    '`/webapp stop|start [system] -- <reason>` — the same, saying why (at most 300 characters): shown in the run, its plan and its record. Some systems require one.',
    '`/webapp cancel [system]` — cancel its run: at once before it changes anything; once it has, you are first shown where every resource is and asked to confirm.',
    '`/webapp status [system]` — the instances, DB cluster, maintenance page and targets now, and the latest runs.',
    '`/webapp history [system] [count]` — the last runs (10, at most 50) from the audit trail: who asked, why, who approved, how it ended.',
    '`/webapp stop|start <system> at <YYYY-MM-DD HH:MM> [time zone] [-- <reason>]` — a one-off run at that time (the system’s time zone unless given), approved now in the channel.',
    '`/webapp schedules [system]` — the next scheduled runs in the system’s time zone and UTC, with Skip next, Hold / Resume and Cancel.',
    '`/webapp hold <system> [reason]` — no scheduled run of the system starts until it is resumed.',
    '`/webapp resume <system>` — lift the hold.',
    '`/webapp help` — this message.',
    '',
    'A run you ask for posts its plan in a thread and waits for an approver; nothing changes before that. ' +
      'A scheduled run follows its schedule’s approval policy (see `/webapp schedules`). ' +
      '`[system]` may be left out when only one system is configured.',
  ];
  const list = systems.map((s) =>
    s.description
      ? `• \`${escapeMrkdwn(s.name)}\` — ${truncate(escapeMrkdwn(s.description), DESCRIPTION_MAX)}`
      : `• \`${escapeMrkdwn(s.name)}\``,
  );
  return message(
    `/webapp stop|start|status|history|schedules|hold|resume|cancel|help [system]. Systems: ${systems.map((s) => s.name).join(', ') || 'none'}`,
    [
      header('/webapp — maintenance jobnets'),
      section(usage.join('\n')),
      ...sections(['*Systems*', ...(list.length > 0 ? list : ['none configured'])]),
    ],
  );
}
