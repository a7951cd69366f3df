import {
  apacheWords,
  cancelConfirmValue,
  consistency,
  parseCancelConfirmRef,
} from '../../../bot/blocks/cancel';
import type { RunProgress } from '../../../bot/progress-model';
import type { Observed } from '../../../contract/plan';

const observed = (over: Partial<Observed>): Observed => ({
  instances: [
    { id: 'i-01', state: 'running' },
    { id: 'i-02', state: 'running' },
  ],
  db: { id: 'shop-db', status: 'available' },
  maintenancePage: 'down',
  targets: [],
  ...over,
});

const progress = (jobnet: 'stop' | 'start', items: RunProgress['steps'][number]['items']) =>
  ({
    jobnet,
    system: 'shop',
    executionArn: 'arn:aws:states:us-east-1:123456789012:execution:webapp-chatops-stop:x',
    status: 'ABORTED',
    startedAt: 0,
    backupJobIds: [],
    steps: [
      {
        name: jobnet === 'stop' ? 'StopWebInstances' : 'StartWebServers',
        label: 'web',
        state: 'stopped',
        items,
      },
    ],
  }) as RunProgress;

describe('which jobnet makes a cancelled system consistent', () => {
  it('none when it is wholly in service or wholly in maintenance', () => {
    expect(consistency('stop', 'shop', observed({}))).toMatch(/in service and consistent/);
    expect(
      consistency(
        'start',
        'shop',
        observed({
          maintenancePage: 'up',
          instances: [{ id: 'i-01', state: 'stopped' }],
          db: { id: 'shop-db', status: 'stopped' },
        }),
      ),
    ).toMatch(/in maintenance and consistent: `\/webapp start shop`/);
  });

  it('half-way: the opposite jobnet first, the same one to finish, naming what still moves', () => {
    const stop = consistency(
      'stop',
      'shop',
      observed({
        maintenancePage: 'up',
        instances: [
          { id: 'i-01', state: 'stopping' },
          { id: 'i-02', state: 'running' },
        ],
      }),
    );
    expect(stop).toBe(
      '`shop` is half-way. `/webapp start shop` brings it back into service; `/webapp stop shop` finishes the stop instead. Each skips what is already done. Some resources are still changing (stopping); either jobnet waits for them.',
    );
    expect(consistency('start', 'shop', observed({ maintenancePage: 'up' }))).toMatch(
      /^`shop` is half-way. `\/webapp stop shop` brings it back into maintenance/,
    );
  });
});

describe('Apache after a cancel, as the run’s history tells it', () => {
  it('a stop: not reached, being stopped, stopped', () => {
    const p = progress('stop', [
      { id: 'i-01', state: 'succeeded' },
      { id: 'i-02', state: 'pending', detail: 'StopApache' },
    ]);
    expect(apacheWords(p, 'i-01', 'stopped')).toBe('Apache not running (the instance is stopped)');
    expect(apacheWords(p, 'i-02', 'running')).toMatch(/may be stopping or stopped/);
    expect(apacheWords(p, 'i-03', 'running')).toBe('Apache as before (the run had not reached it)');
  });

  it('a start: checked, started unchecked, not started', () => {
    const p = progress('start', [
      { id: 'i-01', state: 'succeeded' },
      { id: 'i-02', state: 'pending', detail: 'CheckApacheRunning' },
    ]);
    expect(apacheWords(p, 'i-01', 'running')).toBe('Apache running (checked by the run)');
    expect(apacheWords(p, 'i-02', 'running')).toBe('Apache started by the run, not yet checked');
    expect(apacheWords(p, 'i-03', 'running')).toBe('Apache not started by the run yet');
  });
});

describe('the Confirm cancel button', () => {
  it('names the run, the attempt and when it was shown; anything else is not ours', () => {
    const ref = { executionArn: 'arn:aws:states:x', attempt: 2, shownAt: 1_764_453_600_000 };
    expect(parseCancelConfirmRef(cancelConfirmValue(ref))).toEqual(ref);
    expect(parseCancelConfirmRef('{"e":"arn","a":"2","t":1}')).toBeUndefined();
    expect(parseCancelConfirmRef('not json')).toBeUndefined();
  });
});
