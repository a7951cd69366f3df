import { executionConsoleUrl } from '../../../bot/blocks/console-link';
import { clockTime, formatDuration } from '../../../bot/blocks/format';
import { helpMessage } from '../../../bot/blocks/help';
import { statusMessage } from '../../../bot/blocks/status';
import { EXECUTION_ARN, expectAcceptedBySlack, instanceId, texts } from './fixtures';

describe('helpMessage', () => {
  it('explains the subcommands and lists the systems', () => {
    const message = helpMessage([
      { name: 'shop', description: 'Web shop <prod>' },
      { name: 'blog' },
    ]);

    const all = texts(message.blocks).join('\n');
    for (const usage of [
      '/webapp stop [system]',
      '/webapp start [system]',
      '/webapp status [system]',
      '/webapp stop|start <system> at <YYYY-MM-DD HH:MM> [time zone] [-- <reason>]',
      '/webapp stop|start [system] -- <reason>',
      '/webapp cancel [system]',
      '/webapp schedules [system]',
      '/webapp hold <system> [reason]',
      '/webapp resume <system>',
      '/webapp help',
    ]) {
      expect(all).toContain(`\`${usage}\``);
    }
    expect(all).toContain('maintenance in');
    expect(all).toContain('maintenance out');
    expect(all).toContain('• `shop` — Web shop &lt;prod&gt;');
    expect(all).toContain('• `blog`');
    expect(message.text).toContain('Systems: shop, blog');
    expectAcceptedBySlack(message);
  });
});

describe('statusMessage', () => {
  const status = {
    system: 'shop',
    instances: Array.from({ length: 50 }, (_, i) => ({
      id: instanceId(i + 1),
      name: `web-${i + 1}`,
      state: i < 2 ? 'stopped' : 'running',
    })),
    db: { id: 'shop-db', status: 'available' },
    maintenancePage: 'up' as const,
    targets: Array.from({ length: 50 }, (_, i) => ({
      id: instanceId(i + 1),
      state: i < 2 ? 'unhealthy' : 'healthy',
    })),
    executions: [
      {
        jobnet: 'start' as const,
        name: 'start-shop-1',
        status: 'RUNNING',
        startDate: Date.UTC(2025, 10, 29, 22, 1),
        executionArn: EXECUTION_ARN,
      },
      {
        jobnet: 'stop' as const,
        name: 'stop-shop-1',
        status: 'FAILED',
        startDate: Date.UTC(2025, 10, 28, 21, 0),
        executionArn: EXECUTION_ARN,
      },
    ],
  };

  it('shows the resources compactly and the latest runs with console links', () => {
    const message = statusMessage(status);

    const all = texts(message.blocks).join('\n');
    expect(all).toContain(
      `*Web instances* (50): 48 running · 2 stopped: ${instanceId(1)} (web-1), ${instanceId(2)} (web-2)`,
    );
    expect(all).toContain(
      `*Targets* (50): 48 healthy · 2 unhealthy: ${instanceId(1)}, ${instanceId(2)}`,
    );
    expect(all).toContain('*Maintenance page*: up');
    expect(all).toContain(
      `⏳ start · running · 2025-11-29 22:01 UTC · <${executionConsoleUrl(EXECUTION_ARN)}|start-shop-1>`,
    );
    expect(all).toContain('❌ stop · failed · 2025-11-28 21:00 UTC');
    expect(message.text).toBe(
      'Status of shop: maintenance page up, DB available, 48/50 instances running, a start is running',
    );
    expectAcceptedBySlack(message);
  });

  it('says when there are no runs yet', () => {
    const message = statusMessage({ ...status, executions: [] });

    expect(texts(message.blocks).join('\n')).toContain('No runs yet.');
    expect(message.text).toContain('no run in progress');
  });
});

describe('executionConsoleUrl', () => {
  it('builds the console URL in the execution region', () => {
    expect(executionConsoleUrl(EXECUTION_ARN)).toBe(
      `https://ap-northeast-1.console.aws.amazon.com/states/home?region=ap-northeast-1#/v2/executions/details/${EXECUTION_ARN}`,
    );
    expect(executionConsoleUrl('arn:aws-cn:states:cn-north-1:1:execution:m:e')).toMatch(
      /^https:\/\/cn-north-1\.console\.amazonaws\.cn\/states\/home\?region=cn-north-1#/,
    );
  });

  it('refuses something that is not an execution ARN', () => {
    expect(() => executionConsoleUrl('stop-shop-1')).toThrow(/Not a Step Functions execution ARN/);
  });
});

describe('format', () => {
  it.each([
    [0, '0 s'],
    [45_000, '45 s'],
    [384_000, '6 min 24 s'],
    [360_000, '6 min'],
    [3_720_000, '1 h 2 min'],
  ])('formatDuration(%d) = %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('clockTime shows the UTC time of day', () => {
    expect(clockTime(Date.UTC(2025, 10, 29, 22, 1, 59))).toBe('22:01 UTC');
  });
});
