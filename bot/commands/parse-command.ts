import { REASON_MAX } from '../../contract/jobnet-input';
import type { JobnetName } from '../../contract/jobnets';
import { escapeMrkdwn } from '../blocks/limits';

/** What `/webapp <text>` asks for. */
export type ParsedCommand =
  | { kind: 'stop' | 'start'; system?: string; reason?: string }
  | { kind: 'status'; system?: string }
  | { kind: 'help' }
  | { kind: 'schedules'; system?: string }
  | { kind: 'hold'; system?: string; reason?: string }
  | { kind: 'resume'; system?: string }
  /** The last `count` runs from the audit trail (HISTORY_COUNT.default when not given). */
  | { kind: 'history'; system?: string; count: number }
  /** A run at a later time, approved now: `at` is the local date and time as typed. */
  | {
      kind: 'one-off';
      jobnet: JobnetName;
      system?: string;
      at: string;
      timeZone?: string;
      reason?: string;
    }
  /** Stop the system's run: at once before it changes anything, after a confirm once it does. */
  | { kind: 'cancel'; system?: string }
  /** A known subcommand written wrongly: `problem` says how to write it. */
  | { kind: 'malformed'; problem: string }
  | { kind: 'unknown'; word: string };

const RUN_KINDS = new Set(['stop', 'start', 'status']);
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{1,2}:\d{2}(?::\d{2})?$/;
const DATE_T_TIME = /^(\d{4}-\d{2}-\d{2})t(\d{1,2}:\d{2}(?::\d{2})?)$/i;
/** How many runs `/webapp history` shows: by default, and at most. */
export const HISTORY_COUNT = { default: 10, max: 50 } as const;
/** Longest hold reason kept: it is shown in the channel and in every list. */
export const HOLD_REASON_MAX = 300;
/** What starts a run's reason: `/webapp stop shop -- patching CVE-2026-1234`. */
const REASON_SEPARATOR = /(?:^|\s)--(?:\s|$)/;
const REASON_EXAMPLE = '`/webapp stop shop -- patching CVE-2026-1234`';

/**
 * Parses the text after `/webapp`. Pure. The verb and the system name are case-insensitive; a
 * run's reason (after ` -- `), a hold's reason and a time zone keep their case (`Asia/Tokyo` is not `asia/tokyo`). Only the
 * shape is checked here: whether a date exists in a zone is for the command to say.
 */
export function parseCommand(text: string | undefined): ParsedCommand {
  const said = withReason(text ?? '');
  if ('problem' in said) return { kind: 'malformed', problem: said.problem };
  const parsed = parseWords(said.command);
  const runKind = parsed.kind === 'stop' || parsed.kind === 'start' || parsed.kind === 'one-off';
  return said.reason && runKind ? { ...parsed, reason: said.reason } : parsed;
}

/**
 * A stop or start's reason, after ` -- `: kept as typed (case included), never cut — one over
 * REASON_MAX is refused, so what is recorded is what the person wrote. Other verbs keep `--`
 * in their text (a hold's reason is free text already).
 */
function withReason(text: string): { command: string; reason?: string } | { problem: string } {
  const separator = REASON_SEPARATOR.exec(text);
  const verb = text.trim().split(/\s+/)[0]?.toLowerCase();
  if (!separator || (verb !== 'stop' && verb !== 'start')) return { command: text };
  const reason = text.slice(separator.index + separator[0].length).trim();
  if (!reason) {
    return {
      problem: `Nothing follows \`--\`: write the reason after it, as in ${REASON_EXAMPLE}.`,
    };
  }
  if (reason.length > REASON_MAX) {
    return {
      problem: `Your reason is ${reason.length} characters; at most ${REASON_MAX} are kept with a run. Nothing was started: shorten it and ask again.`,
    };
  }
  return { command: text.slice(0, separator.index), reason };
}

function parseWords(text: string): ParsedCommand {
  const raw = text.trim().split(/\s+/).filter(Boolean);
  const words = raw.map((w) => w.toLowerCase());
  const [verb, system, ...rest] = words;
  if (!verb || verb === 'help') return { kind: 'help' };
  const named = system ? { system } : {};
  switch (verb) {
    case 'schedules':
      return rest.length > 0 ? unknown(words) : { kind: 'schedules', ...named };
    case 'resume':
      return rest.length > 0 ? unknown(words) : { kind: 'resume', ...named };
    case 'cancel':
      return rest.length > 0 ? unknown(words) : { kind: 'cancel', ...named };
    case 'history':
      return history(words.slice(1));
    case 'hold': {
      const reason = raw.slice(2).join(' ').slice(0, HOLD_REASON_MAX);
      return { kind: 'hold', ...named, ...(reason ? { reason } : {}) };
    }
  }
  if (!RUN_KINDS.has(verb)) return unknown(words);
  if (verb !== 'status') {
    // `stop at …` (the only system) or `stop shop at …`.
    const atIndex = words.indexOf('at');
    if (atIndex === 1 || atIndex === 2) {
      return oneOff(verb as JobnetName, atIndex === 2 ? system : undefined, raw.slice(atIndex + 1));
    }
  }
  if (rest.length > 0) return unknown(words);
  return { kind: verb as 'stop' | 'start' | 'status', ...named };
}

function unknown(words: readonly string[]): ParsedCommand {
  return { kind: 'unknown', word: words.join(' ') };
}

/** `history [system] [count]`: a lone number is the count (of the only system, or of all). */
function history(args: readonly string[]): ParsedCommand {
  const usage = `\`/webapp history [system] [count]\`, count 1 to ${HISTORY_COUNT.max} (default ${HISTORY_COUNT.default})`;
  const [first, second, ...more] = args;
  const lone = first !== undefined && second === undefined && /^\d+$/.test(first);
  const system = lone ? undefined : first;
  const countWord = lone ? first : second;
  if (more.length > 0) return { kind: 'malformed', problem: `Too many words: ${usage}.` };
  if (countWord === undefined) {
    return { kind: 'history', ...(system ? { system } : {}), count: HISTORY_COUNT.default };
  }
  const count = /^\d+$/.test(countWord) ? Number(countWord) : NaN;
  if (!Number.isInteger(count) || count < 1 || count > HISTORY_COUNT.max) {
    return {
      kind: 'malformed',
      problem: `\`${escapeMrkdwn(countWord.slice(0, 20))}\` is not a number of runs from 1 to ${HISTORY_COUNT.max}: ${usage}.`,
    };
  }
  return { kind: 'history', ...(system ? { system } : {}), count };
}

/** `YYYY-MM-DD HH:MM [zone]` or `YYYY-MM-DDTHH:MM [zone]` after `at`. */
function oneOff(jobnet: JobnetName, system: string | undefined, after: string[]): ParsedCommand {
  const example = `\`/webapp ${jobnet} ${system ?? 'shop'} at 2026-12-05 22:00\` (optionally followed by a time zone such as \`Asia/Tokyo\`)`;
  let at: string | undefined;
  let zone: string[] = [];
  const joined = DATE_T_TIME.exec(after[0] ?? '');
  if (joined) {
    at = `${joined[1]} ${joined[2]}`;
    zone = after.slice(1);
  } else if (DATE.test(after[0] ?? '') && TIME.test(after[1] ?? '')) {
    at = `${after[0]} ${after[1]}`;
    zone = after.slice(2);
  }
  if (!at) return { kind: 'malformed', problem: `\`at\` needs a date and time: ${example}.` };
  if (zone.length > 1) {
    return {
      kind: 'malformed',
      problem: `After the time, only a time zone may follow (one word, such as \`Asia/Tokyo\`): ${example}.`,
    };
  }
  return {
    kind: 'one-off',
    jobnet,
    ...(system ? { system } : {}),
    at,
    ...(zone[0] ? { timeZone: zone[0] } : {}),
  };
}
