import { auditEntrySchema } from '../../../contract/audit-record';
import { syntheticTrail } from '../../../scripts/bench/audit-records';

describe('the synthetic audit trail the history bench reads', () => {
  const trail = syntheticTrail({
    records: 2_000,
    systems: ['shop', 'blog'],
    end: Date.parse('2026-11-30T00:00:00Z'),
    gapMs: 6 * 3_600_000,
    stateMachinePrefix: 'arn:aws:states:us-east-1:123456789012:execution:webapp-chatops',
  });

  it('holds valid records, oldest first, about 6 to 10 a run', () => {
    for (const record of trail) {
      const { schema, at, source, ...entry } = record;
      expect([schema, typeof at, typeof source]).toEqual([1, 'string', 'string']);
      expect(auditEntrySchema.safeParse(entry).success).toBe(true);
    }
    const times = trail.map((r) => Date.parse(r.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const runs = new Set(trail.flatMap((r) => (r.runId ? [r.runId] : []))).size;
    expect(trail.length / runs).toBeGreaterThanOrEqual(6);
    expect(trail.length / runs).toBeLessThanOrEqual(10);
  });

  it('mixes people’s and schedules’ runs, decisions of each kind and both ends', () => {
    const words = new Set(trail.map((r) => `${r.action}:${r.outcome}`));
    for (const word of [
      'request:started',
      'firing:started',
      'firing:skipped',
      'decision:approved',
      'decision:rejected',
      'decision:preapproved',
      'decision:no-objection',
      'outcome:succeeded',
      'outcome:failed',
      'redrive:redriven',
      'refusal:refused',
      'hold:held',
      'resume:resumed',
      'skip:skipped',
    ]) {
      expect(words).toContain(word);
    }
  });
});
