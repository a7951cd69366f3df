import type { RunRecord } from '../../../contract/plan';
import { cachedScripts } from '../../../functions/run-script/script-source';

const scripts = (name: string): RunRecord['scripts'] => ({
  stop: `stop ${name}`,
  start: `start ${name}`,
  check: `check ${name}`,
});
const record = (name: string) => ({ plan: {} as RunRecord['plan'], scripts: scripts(name) });

function counting(records: Record<string, RunRecord | undefined>) {
  const reads: string[] = [];
  const read = async (arn: string) => {
    reads.push(arn);
    return records[arn];
  };
  return { reads, read };
}

describe("the run's scripts, remembered per execution", () => {
  it('reads the record once for every script step of one execution', async () => {
    const { reads, read } = counting({ a: record('a'), b: record('b') });
    const source = cachedScripts(read);

    const seen = [await source('a'), await source('a'), await source('b'), await source('a')];

    expect(seen).toEqual([scripts('a'), scripts('a'), scripts('b'), scripts('a')]);
    expect(reads).toEqual(['a', 'b']);
  });

  it('does not remember a record that is not there yet', async () => {
    const records: Record<string, RunRecord | undefined> = {};
    const { reads, read } = counting(records);
    const source = cachedScripts(read);

    const before = await source('a');
    records.a = record('a');
    const after = await source('a');

    expect([before, after]).toEqual([undefined, scripts('a')]);
    expect(reads).toEqual(['a', 'a']);
  });

  it('forgets the oldest execution past the ones it keeps', async () => {
    const { reads, read } = counting({ a: record('a'), b: record('b'), c: record('c') });
    const source = cachedScripts(read, 2);

    for (const arn of ['a', 'b', 'c', 'b', 'c', 'a']) await source(arn);

    expect(reads).toEqual(['a', 'b', 'c', 'a']);
  });
});
