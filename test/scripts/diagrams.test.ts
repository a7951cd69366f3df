import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  diagramMarkers,
  loadDefinitions,
  renderReadmeDiagrams,
  runDiagrams,
  staleDiagrams,
} from '../../scripts/diagrams';
import type { AslDefinition } from '../../statemachines/asl-types';
import { toMermaid } from '../../statemachines/diagram';

const stop: AslDefinition = {
  StartAt: 'Stop',
  States: {
    Stop: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: '${StopFunctionArn}' },
      End: true,
    },
  },
};
const start: AslDefinition = { StartAt: 'Go', States: { Go: { Type: 'Succeed' } } };

const readme = [
  '# Ops',
  '## Stop',
  '<!-- diagram:stop-webapp -->',
  'old picture',
  '<!-- /diagram:stop-webapp -->',
  '## Start',
  '<!-- diagram:start-webapp --><!-- /diagram:start-webapp -->',
  'Trailing prose.',
  '',
].join('\n');

const fenced = (definition: AslDefinition) =>
  `\n\n\`\`\`mermaid\n${toMermaid(definition)}\`\`\`\n\n`;

describe('renderReadmeDiagrams', () => {
  const definitions = { 'stop-webapp': stop, 'start-webapp': start };

  it('replaces only the text between each pair of markers', () => {
    const updated = renderReadmeDiagrams(readme, definitions);
    expect(updated).toBe(
      [
        '# Ops',
        '## Stop',
        `<!-- diagram:stop-webapp -->${fenced(stop)}<!-- /diagram:stop-webapp -->`,
        '## Start',
        `<!-- diagram:start-webapp -->${fenced(start)}<!-- /diagram:start-webapp -->`,
        'Trailing prose.',
        '',
      ].join('\n'),
    );
    expect(updated).toContain('s__Stop["Stop<br/>Stop fn"]');
  });

  it('is idempotent', () => {
    const once = renderReadmeDiagrams(readme, definitions);
    expect(renderReadmeDiagrams(once, definitions)).toBe(once);
  });

  it('names the markers to add when a definition has none', () => {
    const { start: open, end: close } = diagramMarkers('reboot-db');
    expect(open).toBe('<!-- diagram:reboot-db -->');
    expect(() => renderReadmeDiagrams(readme, { ...definitions, 'reboot-db': stop })).toThrow(
      `reboot-db: add ${open} and ${close}`,
    );
  });

  it('rejects a duplicated start marker', () => {
    const doubled = `${readme}<!-- diagram:start-webapp -->`;
    expect(() => renderReadmeDiagrams(doubled, definitions)).toThrow('appears twice');
  });
});

describe('staleDiagrams', () => {
  it('names exactly the diagrams that differ from a fresh render', () => {
    const fresh = renderReadmeDiagrams(readme, { 'stop-webapp': stop, 'start-webapp': start });
    expect(staleDiagrams(fresh, { 'stop-webapp': stop, 'start-webapp': start })).toEqual([]);
    const changed: AslDefinition = { StartAt: 'Go', States: { Go: { Type: 'Fail', Error: 'X' } } };
    expect(staleDiagrams(fresh, { 'stop-webapp': stop, 'start-webapp': changed })).toEqual([
      'start-webapp',
    ]);
  });
});

describe('runDiagrams (temporary repository)', () => {
  let root: string;
  const messages: string[] = [];
  const run = (check: boolean) =>
    runDiagrams({ root, check, log: (m) => messages.push(m), error: (m) => messages.push(m) });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'diagrams-'));
    mkdirSync(join(root, 'statemachines'));
    // Placeholders sit inside JSON strings, as in the real definitions.
    writeFileSync(join(root, 'statemachines', 'stop-webapp.asl.json'), JSON.stringify(stop));
    writeFileSync(join(root, 'statemachines', 'notes.json'), '{}');
    writeFileSync(join(root, 'README.md'), readme.replace(/<!-- diagram:start.*\n/, ''));
    messages.length = 0;
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('loads only *.asl.json, keyed by basename', () => {
    expect(loadDefinitions(join(root, 'statemachines'))).toEqual({ 'stop-webapp': stop });
  });

  it('--check fails naming the stale diagram and writes nothing', () => {
    const before = readFileSync(join(root, 'README.md'), 'utf8');
    expect(run(true)).toBe(1);
    expect(messages.join('\n')).toContain('Stale diagram(s) in README.md: stop-webapp');
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toBe(before);
  });

  it('writes the diagrams, after which --check passes', () => {
    expect(run(false)).toBe(0);
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain(fenced(stop));
    expect(run(true)).toBe(0);
  });

  it('reports a file that is not a state machine', () => {
    writeFileSync(join(root, 'statemachines', 'bad.asl.json'), '{"States": {}}');
    expect(() => run(true)).toThrow('bad.asl.json: not a state machine definition');
  });
});
