/** What `/webapp <text>` asks for. */
export type ParsedCommand =
  | { kind: 'stop' | 'start' | 'status'; system?: string }
  | { kind: 'help' }
  | { kind: 'unknown'; word: string };

const RUN_KINDS = new Set(['stop', 'start', 'status']);

/** Parses the text after `/webapp`: a subcommand and an optional system name. Pure. */
export function parseCommand(text: string | undefined): ParsedCommand {
  const words = (text ?? '').trim().toLowerCase().split(/\s+/).filter(Boolean);
  const [verb, system, ...rest] = words;
  if (!verb || verb === 'help') return { kind: 'help' };
  if (!RUN_KINDS.has(verb) || rest.length > 0) return { kind: 'unknown', word: words.join(' ') };
  return system
    ? { kind: verb as 'stop' | 'start' | 'status', system }
    : { kind: verb as 'stop' | 'start' | 'status' };
}
