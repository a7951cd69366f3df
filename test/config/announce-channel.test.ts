import { ConfigError, parseConfig } from '../../config/load';
import { buildExecutionInput } from '../../config/execution-input';
import { jobnetInputSchema } from '../../contract/jobnet-input';
import { exampleConfig } from '../helpers/bot-harness';

function problems(change: (system: Record<string, unknown>) => void): string {
  const config = exampleConfig();
  change(config.systems[0] as unknown as Record<string, unknown>);
  try {
    parseConfig(config);
    return '';
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
}

describe('a system’s announce channel', () => {
  it('is refused when it is the system’s own channel, given or by default', () => {
    expect(problems((s) => (s.announceChannel = 'C0EXAMPLE1'))).toMatch(
      /systems\.0\.announceChannel: must not be the system's own channel \(C0EXAMPLE1\)/,
    );
    expect(
      problems((s) => {
        s.channel = 'C0EXAMPLE1';
        s.announceChannel = 'C0EXAMPLE1';
      }),
    ).toMatch(/announceChannel: must not be the system's own channel/);
    expect(problems((s) => (s.announceChannel = 'not-a-channel'))).toMatch(
      /announceChannel: must be a Slack channel id/,
    );
    expect(problems(() => undefined)).toBe('');
  });

  it('travels with every run’s thread in the execution input, which stays valid', () => {
    const config = parseConfig(exampleConfig());
    const input = buildExecutionInput(config.systems[0], {
      runId: 'stop-shop-20261129T2200-0123abcd',
      slack: { channel: 'C0EXAMPLE1', threadTs: '1.000001' },
      approvalTimeoutSeconds: 3600,
      reason: 'patching',
    });
    expect(input.slack).toEqual({
      channel: 'C0EXAMPLE1',
      threadTs: '1.000001',
      announceChannel: 'C0ANNOUNCE',
    });
    expect(jobnetInputSchema.parse(input)).toMatchObject({ reason: 'patching' });
  });
});
