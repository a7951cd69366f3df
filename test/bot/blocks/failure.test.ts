import type { Button } from '@slack/types';
import { failureReply, splitCause } from '../../../bot/blocks/failure';
import type { RunFailure } from '../../../bot/progress-model';
import { buttons, EXECUTION_ARN, expectAcceptedBySlack, fenceCount, texts } from './fixtures';

function commandFailure(stdout: string, stderr = ''): RunFailure {
  const parts = [`--- stdout (tail) ---\n${stdout}`];
  if (stderr) parts.push(`--- stderr (tail) ---\n${stderr}`);
  return {
    step: 'StopApache',
    resource: 'i-0def',
    error: 'Jobnet.CommandFailed',
    cause: `StopApache failed on i-0def: command Failed, exit code 1 (expected exit code 0)\n${parts.join('\n')}`,
  };
}

describe('failureReply', () => {
  it('names the step, resource, error and cause, with the output in code blocks', () => {
    const message = failureReply({
      failure: commandFailure('Stopping httpd', 'Job for httpd.service failed'),
      executionArn: EXECUTION_ARN,
      retryable: true,
    });

    const all = texts(message.blocks);
    expect(all[0]).toBe(
      '❌ *StopApache* failed on i-0def\n*Error:* Jobnet.CommandFailed\n' +
        'StopApache failed on i-0def: command Failed, exit code 1 (expected exit code 0)',
    );
    expect(all).toContain('*stdout (tail)*\n```\nStopping httpd\n```');
    expect(all).toContain('*stderr (tail)*\n```\nJob for httpd.service failed\n```');
    expect(message.text).toBe('❌ StopApache failed on i-0def: Jobnet.CommandFailed');
    expect(all.join('\n')).toContain('Open in the Step Functions console');
    expectAcceptedBySlack(message);
  });

  it('offers Retry from failed step with the execution ARN when retryable', () => {
    const message = failureReply({
      failure: commandFailure('x'),
      executionArn: EXECUTION_ARN,
      retryable: true,
    });

    const [retry] = buttons(message.blocks) as unknown as Button[];
    expect(retry).toMatchObject({
      action_id: 'run_retry',
      value: EXECUTION_ARN,
      text: { text: '🔁 Retry from failed step' },
    });
    expect(retry.confirm?.text.text).toContain('*StopApache* and the steps after it run again');
  });

  it('explains why it cannot be redriven instead of a button', () => {
    const message = failureReply({
      failure: commandFailure('x'),
      executionArn: EXECUTION_ARN,
      retryable: false,
      reason: 'the execution ended more than 14 days ago',
    });

    expect(buttons(message.blocks)).toEqual([]);
    expect(texts(message.blocks).join('\n')).toContain(
      'This run cannot be retried from the failed step: the execution ended more than 14 days ago. Start a new run instead.',
    );
  });

  it('cuts a 24,000-character output to fit, keeps its end, and keeps every fence balanced', () => {
    const stdout = Array.from(
      { length: 1400 },
      (_, i) => `log line ${String(i).padStart(5, '0')} ok`,
    ).join('\n');
    expect(stdout.length).toBeGreaterThanOrEqual(24_000);

    const message = failureReply({
      failure: commandFailure(stdout, stdout),
      executionArn: EXECUTION_ARN,
      retryable: true,
    });

    expectAcceptedBySlack(message);
    for (const text of texts(message.blocks)) expect(fenceCount(text) % 2).toBe(0);
    const out = texts(message.blocks).find((t) => t.startsWith('*stdout (tail)*')) ?? '';
    expect(out).toMatch(/^\*stdout \(tail\)\*\n```\n… cut \d+ characters\n/);
    expect(out).toContain('log line 01399 ok\n```');
    expect(out.length).toBeLessThanOrEqual(3000);
  });

  it('does not let fences or mentions in the cause break out of the code block', () => {
    const message = failureReply({
      failure: commandFailure('```\n<!channel> rm -rf & exit\n```\n' + '`'.repeat(7)),
      executionArn: EXECUTION_ARN,
      retryable: false,
    });

    const out = texts(message.blocks).find((t) => t.startsWith('*stdout')) ?? '';
    expect(fenceCount(out)).toBe(2);
    expect(out).toContain('&lt;!channel&gt; rm -rf &amp; exit');
    expect(JSON.stringify(message.blocks)).not.toContain('<!channel>');
  });

  it('truncates a long message part and escapes it', () => {
    const failure: RunFailure = {
      step: 'WaitDbAvailable',
      resource: 'shop-db',
      error: 'Jobnet.WaitTimedOut',
      cause: `<b>${'x'.repeat(10_000)}`,
    };

    const message = failureReply({ failure, executionArn: EXECUTION_ARN, retryable: true });

    expectAcceptedBySlack(message);
    expect(texts(message.blocks)[0]).toMatch(
      /^❌ \*WaitDbAvailable\* failed on shop-db\n\*Error:\* Jobnet.WaitTimedOut\n&lt;b&gt;x+…$/,
    );
  });
});

describe('splitCause', () => {
  it('separates the message from stdout and stderr', () => {
    expect(splitCause('msg\n--- stdout (tail) ---\na\nb\n--- stderr (tail) ---\nc')).toEqual({
      message: 'msg',
      outputs: [
        { stream: 'stdout', text: 'a\nb' },
        { stream: 'stderr', text: 'c' },
      ],
    });
  });

  it('reads the message out of a Lambda error cause', () => {
    const cause = JSON.stringify({
      errorType: 'Jobnet.CommandFailed',
      errorMessage: 'StopApache failed\n--- stderr (tail) ---\nboom',
      trace: ['at x'],
    });

    expect(splitCause(cause)).toEqual({
      message: 'StopApache failed',
      outputs: [{ stream: 'stderr', text: 'boom' }],
    });
  });
});
