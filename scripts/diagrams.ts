/**
 * Keeps the README's state machine diagrams in sync with `statemachines/*.asl.json`.
 *
 *   npx tsx scripts/diagrams.ts          rewrite the diagrams in README.md
 *   npx tsx scripts/diagrams.ts --check  exit 1, naming stale diagrams, without writing
 *
 * The README decides where each diagram goes through a marker pair per definition, so the
 * prose around it stays hand-written.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AslDefinition } from '../statemachines/asl-types';
import { toMermaid } from '../statemachines/diagram';

const ASL_SUFFIX = '.asl.json';

/** The marker pair that fences the diagram of `statemachines/<name>.asl.json` in README.md. */
export function diagramMarkers(name: string): { readonly start: string; readonly end: string } {
  return { start: `<!-- diagram:${name} -->`, end: `<!-- /diagram:${name} -->` };
}

/** What goes between a marker pair: the fenced Mermaid block. */
/** Blank lines around the fence, as Prettier writes Markdown, so formatting never makes it stale. */
function diagramBlock(definition: AslDefinition): string {
  return `\n\n\`\`\`mermaid\n${toMermaid(definition)}\`\`\`\n\n`;
}

interface Span {
  readonly name: string;
  readonly from: number;
  readonly to: number;
}

/** Where each diagram's content sits; throws naming every marker pair that must be added. */
function locateAll(readme: string, names: readonly string[]): Span[] {
  const problems: string[] = [];
  const spans: Span[] = [];
  for (const name of names) {
    const { start, end } = diagramMarkers(name);
    const from = readme.indexOf(start);
    const to = readme.indexOf(end, from);
    if (from < 0 || to < 0) problems.push(`${name}: add ${start} and ${end}`);
    else if (readme.indexOf(start, from + 1) >= 0) problems.push(`${name}: ${start} appears twice`);
    else spans.push({ name, from: from + start.length, to });
  }
  if (problems.length > 0) {
    throw new Error(`README.md diagram markers need fixing:\n  ${problems.join('\n  ')}`);
  }
  return spans;
}

/**
 * Returns `readme` with each definition's diagram (keyed by file basename, e.g.
 * `stop-webapp`) rendered between its markers; all other text is left untouched.
 * @throws when a definition has no marker pair in the README.
 */
export function renderReadmeDiagrams(
  readme: string,
  definitions: Readonly<Record<string, AslDefinition>>,
): string {
  const spans = locateAll(readme, Object.keys(definitions));
  // Splicing from the end backwards keeps the earlier offsets valid.
  return [...spans]
    .sort((a, b) => b.from - a.from)
    .reduce(
      (text, { name, from, to }) =>
        text.slice(0, from) + diagramBlock(definitions[name]) + text.slice(to),
      readme,
    );
}

/**
 * Names (sorted) of the definitions whose README diagram differs from a fresh render.
 * @throws when a definition has no marker pair in the README.
 */
export function staleDiagrams(
  readme: string,
  definitions: Readonly<Record<string, AslDefinition>>,
): string[] {
  return locateAll(readme, Object.keys(definitions).sort())
    .filter(({ name, from, to }) => readme.slice(from, to) !== diagramBlock(definitions[name]))
    .map(({ name }) => name);
}

/**
 * Reads every `*.asl.json` in `dir`, keyed by basename. Plain JSON parsing suffices because
 * `${Placeholder}` substitutions only ever appear inside string values.
 */
export function loadDefinitions(dir: string): Record<string, AslDefinition> {
  const files = readdirSync(dir)
    .filter((file) => file.endsWith(ASL_SUFFIX))
    .sort();
  return Object.fromEntries(
    files.map((file) => [
      file.slice(0, -ASL_SUFFIX.length),
      parseDefinition(file, readFileSync(join(dir, file), 'utf8')),
    ]),
  );
}

function parseDefinition(file: string, json: string): AslDefinition {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    throw new Error(`${file}: invalid JSON (${(err as Error).message})`);
  }
  const candidate = value as Partial<AslDefinition> | null;
  if (typeof candidate?.StartAt !== 'string' || typeof candidate.States !== 'object') {
    throw new Error(`${file}: not a state machine definition (needs StartAt and States)`);
  }
  return candidate as AslDefinition;
}

/** Inputs of {@link runDiagrams}; the root and output sinks are injectable for tests. */
export interface RunDiagramsOptions {
  /** Repository root holding README.md and statemachines/. */
  readonly root: string;
  /** Only compare; never write. */
  readonly check: boolean;
  readonly log?: (message: string) => void;
  readonly error?: (message: string) => void;
}

/** Regenerates (or with `check` verifies) the README diagrams; returns the exit code. */
export function runDiagrams(options: RunDiagramsOptions): number {
  const { root, check, log = console.log, error = console.error } = options;
  const readmePath = join(root, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const definitions = loadDefinitions(join(root, 'statemachines'));
  if (check) {
    const stale = staleDiagrams(readme, definitions);
    if (stale.length > 0) {
      error(`Stale diagram(s) in README.md: ${stale.join(', ')}. Run: npx tsx scripts/diagrams.ts`);
      return 1;
    }
    log('README.md diagrams are up to date.');
    return 0;
  }
  const updated = renderReadmeDiagrams(readme, definitions);
  if (updated !== readme) writeFileSync(readmePath, updated);
  log(`README.md diagrams ${updated === readme ? 'already up to date' : 'updated'}.`);
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = runDiagrams({
      root: join(__dirname, '..'),
      check: process.argv.includes('--check'),
    });
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  }
}
