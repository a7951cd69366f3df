import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * Lints each source as if it stood at its path, with the project's own ESLint configuration,
 * and returns the import-direction findings per case. ESLint loads its ESM configuration in a
 * child process: jest's module system cannot import it.
 */
function restricted(cases: readonly (readonly [string, string])[]): string[][] {
  const script = `
    const { ESLint } = require('eslint');
    const cases = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
    const eslint = new ESLint({ cwd: process.cwd() });
    Promise.all(cases.map(async ([filePath, source]) => {
      const [result] = await eslint.lintText(source + '\\nexport const b = a;\\n', { filePath });
      return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
    })).then((out) => process.stdout.write(JSON.stringify(out)));`;
  const out = execFileSync(process.execPath, ['-e', script], {
    cwd: ROOT,
    input: JSON.stringify(cases),
  });
  return JSON.parse(out.toString()) as string[][];
}

const across = [
  ['functions/run-script/x.ts', "import { a } from '../../bot/blocks/limits';"],
  ['functions/run-script/x.ts', "import type { a } from '../../config/schema';"],
  ['statemachines/x.ts', "import { a } from '../bot/progress-model';"],
  ['bot/blocks/x.ts', "import { a } from '../../functions/lib/transient';"],
  ['bot/x.ts', "import { a } from '../statemachines/definitions';"],
  ['contract/x.ts', "import { a } from '../bot/slack/slack-client';"],
  ['contract/x.ts', "import { a } from '../functions/lib/transient';"],
  ['config/x.ts', "import { a } from '../functions/lib/transient';"],
  ['observability/x.ts', "import { a } from '../contract/errors';"],
  ['infra/constructs/x.ts', "import { a } from '../../bot/blocks/limits';"],
] as const;

const allowed = [
  ['functions/run-script/x.ts', "import { a } from '../../contract/errors';"],
  ['bot/blocks/x.ts', "import { a } from '../../contract/plan';"],
  ['bot/x.ts', "import { a } from '../config/schema';"],
  ['config/x.ts', "import { a } from '../contract/jobnet-input';"],
  ['infra/x.ts', "import { a } from '../statemachines/definitions';"],
  ['bot/listeners/commands/x.ts', "import { a } from '../../services/bot-services';"],
] as const;

describe('the one-way house', () => {
  const findings = restricted([...across, ...allowed]);

  it.each(across.map((c, i) => [...c, i] as const))(
    'refuses %s importing across: %s',
    (_path, _source, i) => {
      expect(findings[i]).toHaveLength(1);
      expect(findings[i][0]).toMatch(/may not import/);
    },
  );

  it.each(allowed.map((c, i) => [...c, across.length + i] as const))(
    'lets %s import the contract or its own side: %s',
    (_path, _source, i) => {
      expect(findings[i]).toEqual([]);
    },
  );
});
