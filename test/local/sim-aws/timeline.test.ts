import { collapse, deriveTransitions, firstEntry, Timeline } from '../../../local/sim-aws/timeline';

describe('Timeline', () => {
  it('answers the state at any time from scheduled transitions', () => {
    // Prepare
    const tl = new Timeline<string>('running', 1000);
    tl.schedule(2000, 'stopping');
    tl.schedule(5000, 'stopped');

    // Act
    const states = [500, 1000, 1999, 2000, 4999, 5000, 9999].map((t) => tl.stateAt(t));

    // Assess
    expect(states).toEqual([
      'running',
      'running',
      'running',
      'stopping',
      'stopping',
      'stopped',
      'stopped',
    ]);
  });

  it('keeps transitions in time order when one is scheduled before a later one', () => {
    // Prepare
    const tl = new Timeline<string>('stopped', 0);
    tl.schedule(7000, 'running');

    // Act
    tl.schedule(3000, 'stopped');
    tl.schedule(3000, 'running');

    // Assess
    expect(tl.transitions()).toEqual([
      { at: 0, state: 'stopped' },
      { at: 3000, state: 'running' },
    ]);
    expect(tl.stateAt(3000)).toBe('running');
  });

  it('drops scheduled transitions after a cut-off', () => {
    // Prepare
    const tl = new Timeline<string>('stopped', 0);
    tl.schedule(5000, 'running');

    // Act
    tl.cancelAfter(1000);

    // Assess
    expect(tl.stateAt(10_000)).toBe('stopped');
    expect(tl.transitions()).toEqual([{ at: 0, state: 'stopped' }]);
  });

  it('reports the seeded state as entered long ago and later states at their time', () => {
    // Prepare
    const tl = new Timeline<string>('running', 1000);
    tl.schedule(2000, 'stopped');
    tl.schedule(3000, 'running');

    // Act / Assess
    expect(tl.enteredAt(1500)).toBe(-Infinity);
    expect(tl.enteredAt(2500)).toBe(2000);
    expect(tl.enteredAt(3500)).toBe(3000);
  });
});

describe('transition helpers', () => {
  it('collapse removes repeats of the same state', () => {
    expect(
      collapse([
        { at: 1, state: 'a' },
        { at: 2, state: 'a' },
        { at: 3, state: 'b' },
      ]),
    ).toEqual([
      { at: 1, state: 'a' },
      { at: 3, state: 'b' },
    ]);
  });

  it('deriveTransitions evaluates a function of time at its change points', () => {
    // Act
    const out = deriveTransitions([30, 10, 20, 10, Infinity], (t) => (t >= 20 ? 'ok' : 'init'));

    // Assess
    expect(out).toEqual([
      { at: 10, state: 'init' },
      { at: 20, state: 'ok' },
    ]);
  });

  it('firstEntry ignores entries before afterMs and after now', () => {
    // Prepare
    const entries = [
      { at: 10, state: 'up' },
      { at: 20, state: 'down' },
      { at: 30, state: 'up' },
      { at: 40, state: 'down' },
    ];

    // Act / Assess
    expect(firstEntry(entries, 'up', 100)).toBe(10);
    expect(firstEntry(entries, 'up', 100, 11)).toBe(30);
    expect(firstEntry(entries, 'down', 35, 21)).toBeUndefined();
  });
});
