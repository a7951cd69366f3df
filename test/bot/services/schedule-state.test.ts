import { LOCAL_SCHEDULE_TABLE } from '../../../local/local-dynamodb';
import { FIRING_LEASE_MS, ScheduleState, type OneOff } from '../../../bot/services/schedule-state';
import { useLocalDynamoDB } from '../../helpers/local-dynamodb';

const db = useLocalDynamoDB();
let now = Date.parse('2026-12-01T10:00:00Z');
const state = () => new ScheduleState(db.client(), LOCAL_SCHEDULE_TABLE, () => now);
let n = 0;
/** A fresh system name per test: the table lives for the whole file. */
const fresh = () => `sys${(n += 1)}`;

const oneOff = (system: string, id = 'o1'): OneOff => ({
  id,
  system,
  jobnet: 'stop',
  at: '2026-12-05T13:00:00.000Z',
  timeZone: 'Asia/Tokyo',
  requestedBy: 'U0REQUESTER',
  requestedAt: now,
  status: 'awaiting-approval',
  channel: 'C0EXAMPLE1',
});

describe('holds', () => {
  it('holds once: a second hold is told who holds it, and resume lifts it', async () => {
    const system = fresh();
    expect(await state().hold(system, 'U1', 'patching')).toEqual({ held: true });
    expect(await state().hold(system, 'U2')).toEqual({
      system,
      by: 'U1',
      since: now,
      reason: 'patching',
    });
    expect((await state().ofSystem(system)).hold?.by).toBe('U1');
    expect((await state().resume(system))?.by).toBe('U1');
    expect(await state().resume(system)).toBeUndefined();
    expect(await state().holdOf(system)).toBeUndefined();
  });

  it('two holds at once: exactly one wins', async () => {
    const system = fresh();
    const results = await Promise.all([state().hold(system, 'U1'), state().hold(system, 'U2')]);
    expect(results.filter((r) => 'held' in r)).toHaveLength(1);
  });
});

describe('skips', () => {
  it('skips an occurrence once and can take it back', async () => {
    const system = fresh();
    const skip = { system, schedule: 'nightly', occurrence: '2026-12-02T13:00:00.000Z', by: 'U1' };
    expect(await state().skip(skip)).toBe(true);
    expect(await state().skip({ ...skip, by: 'U2' })).toBe(false);
    expect((await state().skipOf(system, 'nightly', skip.occurrence))?.by).toBe('U1');
    expect((await state().ofSystem(system)).skips).toHaveLength(1);
    expect(await state().unskip(system, 'nightly', skip.occurrence)).toBe(true);
    expect(await state().skipOf(system, 'nightly', skip.occurrence)).toBeUndefined();
  });

  it("finds a skip by Scheduler's scheduled-time, which has no milliseconds", async () => {
    const system = fresh();
    await state().skip({
      system,
      schedule: 'nightly',
      occurrence: '2026-12-02T13:00:00.000Z',
      by: 'U1',
    });
    expect((await state().skipOf(system, 'nightly', '2026-12-02T13:00:00Z'))?.by).toBe('U1');
    expect(
      await state().skip({
        system,
        schedule: 'nightly',
        occurrence: '2026-12-02T13:00:00Z',
        by: 'U2',
      }),
    ).toBe(false);
  });
});

describe('one-off runs', () => {
  it('moves only from the expected status: an approval and a cancel at once, one wins', async () => {
    const system = fresh();
    expect(await state().createOneOff(oneOff(system))).toBe(true);
    expect(await state().createOneOff(oneOff(system))).toBe(false);
    const [approved, cancelled] = await Promise.all([
      state().transitionOneOff(system, 'o1', ['awaiting-approval'], 'scheduled', {
        approvedBy: 'U0APPROVER',
      }),
      state().transitionOneOff(system, 'o1', ['awaiting-approval'], 'cancelled', {
        endedBy: 'U0REQUESTER',
      }),
    ]);
    expect([approved, cancelled].filter(Boolean)).toHaveLength(1);
    const now1 = await state().oneOff(system, 'o1');
    expect(['scheduled', 'cancelled']).toContain(now1?.status);
    expect((await state().ofSystem(system)).oneOffs.map((o) => o.id)).toEqual(['o1']);
  });
});

describe('firings', () => {
  const firing = (system: string) => ({
    system,
    source: 'nightly',
    occurrence: '2026-12-02T13:00:00Z',
  });

  it('a firing delivered twice is claimed once; the second delivery sees how it ended', async () => {
    const k = firing(fresh());
    const run = { policy: 'required', runId: 'r1' } as const;
    const both = await Promise.all([state().claimFiring(k, run), state().claimFiring(k, run)]);
    expect(both.filter((c) => c.claimed)).toHaveLength(1);
    await state().settleFiring(k, { status: 'started', runId: 'r1', executionArn: 'arn:x' });
    const again = await state().claimFiring(k);
    expect(again).toEqual({
      claimed: false,
      firing: expect.objectContaining({ status: 'started', runId: 'r1', policy: 'required' }),
    });
  });

  it('a claim whose starter died is taken over once its lease has run out', async () => {
    const k = firing(fresh());
    expect((await state().claimFiring(k)).claimed).toBe(true);
    expect((await state().claimFiring(k)).claimed).toBe(false);
    now += FIRING_LEASE_MS + 1;
    expect((await state().claimFiring(k)).claimed).toBe(true);
  });

  it('a released claim can be claimed again (the scheduler retries the firing)', async () => {
    const k = firing(fresh());
    expect((await state().claimFiring(k)).claimed).toBe(true);
    await state().releaseFiring(k);
    expect((await state().claimFiring(k)).claimed).toBe(true);
    await state().settleFiring(k, { status: 'skipped', note: 'held' });
    // A settled firing is not released by a late failure of another delivery.
    await state().releaseFiring(k);
    expect((await state().firing(k))?.status).toBe('skipped');
  });
});
