import { parseCli } from '../../local/cli-options';

describe('npm start options', () => {
  it('defaults to the demo at 60x with two instances', () => {
    expect(parseCli([])).toMatchObject({
      scenario: 'demo',
      speed: 60,
      instances: 2,
      reject: false,
      retry: false,
    });
  });

  it('reads a scenario, people, faults and flags', () => {
    expect(
      parseCli([
        'stop',
        '--as',
        'U1',
        '--approve-as',
        'U2',
        '--fail-command',
        '2',
        '--retry',
        '--speed',
        '600',
        '--db-backing-up',
        '90',
      ]),
    ).toMatchObject({
      scenario: 'stop',
      as: 'U1',
      approveAs: 'U2',
      failCommand: '2',
      retry: true,
      speed: 600,
      dbBackingUpSeconds: 90,
    });
    expect(parseCli(['interactive']).scenario).toBe('interactive');
  });

  it('takes --aurora-restart with the stop scenario only', () => {
    expect(parseCli(['stop', '--aurora-restart']).auroraRestart).toBe(true);
    expect(parseCli(['stop']).auroraRestart).toBe(false);
    expect(() => parseCli(['start', '--aurora-restart'])).toThrow(
      '--aurora-restart goes with the stop scenario: npm start -- stop --aurora-restart',
    );
    expect(() => parseCli(['stop', '--aurora-restrat'])).toThrow(
      'Unknown option: --aurora-restrat (did you mean --aurora-restart?)',
    );
  });

  it('names what is wrong', () => {
    expect(() => parseCli(['reboot'])).toThrow('Unknown argument: reboot');
    expect(() => parseCli(['--speed', '0'])).toThrow('--speed needs a number of at least 1, got 0');
    expect(() => parseCli(['--as'])).toThrow('--as needs a value');
    expect(() => parseCli(['--colour', 'red'])).toThrow('Unknown option: --colour');
  });

  it('reports an unknown option as unknown, naming the option meant when one is a typo away', () => {
    expect(() => parseCli(['stop', '--rejct'])).toThrow(
      new Error('Unknown option: --rejct (did you mean --reject?)'),
    );
    expect(() => parseCli(['--approve', 'U1'])).toThrow(
      new Error('Unknown option: --approve (did you mean --approve-as?)'),
    );
    expect(() => parseCli(['--intances', '3'])).toThrow(
      new Error('Unknown option: --intances (did you mean --instances?)'),
    );
    expect(() => parseCli(['--verbose'])).toThrow(new Error('Unknown option: --verbose'));
  });
});
