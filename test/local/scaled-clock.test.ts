import FakeTimers from '@sinonjs/fake-timers';
import { scaledClock, SIMULATED_START } from '../../local/scaled-clock';

const MINUTE = 60_000;
let wall: ReturnType<typeof FakeTimers.install>;

beforeEach(() => {
  wall = FakeTimers.install({
    now: Date.parse('2030-01-01T00:00:00Z'),
    toFake: ['setTimeout', 'clearTimeout', 'Date'],
  });
});
afterEach(() => wall.uninstall());

/** A clock at `speed` from SIMULATED_START, with a log of which timer fired at what sim time. */
function setup(speed = 60) {
  const clock = scaledClock(speed);
  const fired: string[] = [];
  const mark = (name: string) => () =>
    fired.push(`${name}@${(clock.now() - SIMULATED_START) / MINUTE}m`);
  return { clock, fired, mark };
}

describe('scaledClock', () => {
  it('runs speed times faster than the wall clock and fires a timer at its simulated moment', () => {
    const { clock, fired, mark } = setup(60);
    clock.after(60 * MINUTE, mark('hour'));

    wall.tick(59_999);
    expect(fired).toEqual([]);
    wall.tick(1);

    expect(fired).toEqual(['hour@60m']);
    expect(clock.now()).toBe(SIMULATED_START + 60 * MINUTE);
  });

  it('a jump fires the timers it passes, in due order, and keeps the later ones on time', () => {
    const { clock, fired, mark } = setup(60);
    clock.after(10 * MINUTE, mark('ten'));
    clock.after(5 * MINUTE, mark('five'));
    clock.after(30 * MINUTE, mark('thirty'));
    clock.after(20 * MINUTE, mark('twenty'));

    clock.advance(20 * MINUTE);
    expect(fired).toEqual(['five@20m', 'ten@20m', 'twenty@20m']);

    // 10 simulated minutes left: 10 s of wall time at 60×.
    wall.tick(9_999);
    expect(fired).toHaveLength(3);
    wall.tick(1);
    expect(fired.at(-1)).toBe('thirty@30m');
  });

  it('keeps one wall-clock timer, whatever the jumps, and none once nothing is pending', () => {
    const { clock } = setup(60);
    const cancel = clock.after(60 * MINUTE, () => undefined);
    clock.after(10 * MINUTE, () => undefined);

    clock.advance(5 * MINUTE);
    clock.advance(10 * MINUTE);
    expect(wall.countTimers()).toBe(1);
    cancel();

    expect(wall.countTimers()).toBe(0);
  });

  it('jumpTo moves to an instant; timers set after the jump count from the new time', () => {
    const { clock, fired, mark } = setup(60);
    const target = Date.parse('2026-12-05T13:00:00Z');

    clock.jumpTo(target);
    clock.after(MINUTE, mark('next'));
    wall.tick(1_000);

    expect(fired).toEqual([`next@${(target + MINUTE - SIMULATED_START) / MINUTE}m`]);
  });

  it('never moves back', () => {
    const { clock } = setup();
    clock.advance(MINUTE);

    expect(() => clock.jumpTo(SIMULATED_START)).toThrow(/only moves forward/);
    expect(() => clock.advance(-1)).toThrow(/only moves forward/);
    expect(clock.now()).toBe(SIMULATED_START + MINUTE);
  });

  it('a new speed re-arms the pending timers from the simulated time left', () => {
    const { clock, fired, mark } = setup(60);
    clock.after(60 * MINUTE, mark('hour'));
    wall.tick(30_000); // 30 simulated minutes

    clock.setSpeed(600);
    expect(clock.speed).toBe(600);
    // 30 simulated minutes left: 3 s of wall time at 600×.
    wall.tick(2_999);
    expect(fired).toEqual([]);
    wall.tick(1);

    expect(fired).toEqual(['hour@60m']);
    expect(() => clock.setSpeed(0)).toThrow(/at least 1/);
  });

  it('sleep ends on a jump past it; a cancelled timer never fires', async () => {
    const { clock, fired, mark } = setup(60);
    const cancel = clock.after(5 * MINUTE, mark('cancelled'));
    const slept = clock.sleep(2 * 3_600_000).then(() => clock.now() - SIMULATED_START);

    cancel();
    clock.advance(3 * 3_600_000);

    await expect(slept).resolves.toBe(3 * 3_600_000);
    expect(fired).toEqual([]);
  });

  it('a timer set by a firing timer waits for the next turn, even when already due', () => {
    const { clock, fired, mark } = setup(60);
    clock.after(MINUTE, () => {
      fired.push('first');
      clock.after(0, mark('again'));
    });

    clock.advance(MINUTE);
    expect(fired).toEqual(['first']);
    wall.tick(0);

    expect(fired).toEqual(['first', 'again@1m']);
  });

  it('waits longer than setTimeout can by re-arming', () => {
    const { clock, fired, mark } = setup(1);
    clock.after(30 * 24 * 60 * MINUTE, mark('month'));

    wall.tick(2 ** 31 - 1);
    expect(fired).toEqual([]);
    wall.tick(30 * 24 * 60 * MINUTE - (2 ** 31 - 1));

    expect(fired).toEqual([`month@${30 * 24 * 60}m`]);
  });

  it('fires every due timer even when one throws, then reports the error', () => {
    const { clock, fired, mark } = setup(60);
    clock.after(MINUTE, () => {
      throw new Error('boom');
    });
    clock.after(2 * MINUTE, mark('second'));

    expect(() => clock.advance(5 * MINUTE)).toThrow('boom');
    expect(fired).toEqual(['second@5m']);
  });
});
