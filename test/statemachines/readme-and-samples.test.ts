import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeInputProblems, jobnetInputSchema } from '../../contract/jobnet-input';
import { JOBNETS } from '../../contract/jobnets';
import { loadDefinitions, staleDiagrams } from '../../scripts/diagrams';

const root = join(__dirname, '..', '..');

describe('README diagrams', () => {
  it('match the definitions (run `npm run diagrams` after changing one)', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(staleDiagrams(readme, loadDefinitions(join(root, 'statemachines')))).toEqual([]);
  });
});

describe.each(Object.values(JOBNETS))('%s sample input', (name) => {
  it('is a valid execution input', () => {
    const sample: unknown = JSON.parse(
      readFileSync(join(root, 'statemachines', `${name}.sample-input.json`), 'utf8'),
    );
    const result = jobnetInputSchema.safeParse(sample);
    expect(result.success ? [] : describeInputProblems(result.error)).toEqual([]);
  });
});
