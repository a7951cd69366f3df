import { finalSummary } from '../../../bot/blocks/summary';
import { expectAcceptedBySlack, stopProgress, texts } from './fixtures';

const startedAt = stopProgress().startedAt;

describe('finalSummary', () => {
  it.each([
    ['SUCCEEDED', '✅', 'succeeded'],
    ['FAILED', '❌', 'failed'],
    ['ABORTED', '⏹️', 'aborted'],
    ['TIMED_OUT', '⌛', 'timed out'],
  ] as const)('%s reads as %s %s with the duration', (status, icon, word) => {
    const message = finalSummary(stopProgress({ status, stoppedAt: startedAt + 384_000 }));

    expect(message.text).toBe(`Maintenance in for shop: ${icon} ${word} in 6 min 24 s`);
    expect(texts(message.blocks).join('\n')).toContain(
      `${icon} *Maintenance in for shop*: ${word} in 6 min 24 s`,
    );
    expectAcceptedBySlack(message);
  });

  it('names the failed step and resource', () => {
    const message = finalSummary(
      stopProgress({
        status: 'FAILED',
        failure: {
          step: 'StopApache',
          resource: 'i-0def',
          error: 'Jobnet.CommandFailed',
          cause: '…',
        },
      }),
    );

    expect(texts(message.blocks).join('\n')).toContain(
      'Failed at *StopApache* on i-0def: Jobnet.CommandFailed',
    );
  });

  it.each([
    [
      { step: 'Approval', outcome: 'rejected', by: 'U0APP' },
      '⛔ *Maintenance in for shop*: rejected by <@U0APP>',
      'The plan was rejected by <@U0APP>, so nothing was changed.',
    ],
    [
      { step: 'Approval', outcome: 'expired' },
      '⌛ *Maintenance in for shop*: expired without a decision',
      'Nobody approved or rejected the run in time, so nothing was changed.',
    ],
    [
      { step: 'ApproveReopen', outcome: 'rejected', by: 'U0APP' },
      '🚧 *Maintenance in for shop*: started, maintenance page kept up on purpose by <@U0APP>',
      'Taking the maintenance page down was rejected by <@U0APP>, so it stays up. Everything is started and every target is healthy',
    ],
    [
      { step: 'ApproveReopen', outcome: 'expired' },
      '⌛ *Maintenance in for shop*: started, maintenance page kept up (nobody decided in time)',
      'Nobody approved taking the maintenance page down in time, so it stays up.',
    ],
  ] as const)(
    'after the decision %j says what it meant, not a failure',
    (decision, headline, line) => {
      const message = finalSummary(stopProgress({ status: 'FAILED', decision }));

      const all = texts(message.blocks).join('\n');
      expect(all).toContain(headline);
      expect(all).toContain(line);
      expect(all).not.toMatch(/Failed at|Steps:|❌/);
      expect(message.text).not.toContain('failed');
    },
  );

  it('lists the backups compactly, counting what does not fit', () => {
    const ids = Array.from(
      { length: 51 },
      (_, i) => `6D2B0E7C-2A8F-4B8E-9A77-${String(i).padStart(12, '0')}`,
    );

    const message = finalSummary(stopProgress({ status: 'SUCCEEDED', backupJobIds: ids }));

    const line = texts(message.blocks).find((t) => t.includes('Backups started')) ?? '';
    expect(line).toContain('Backups started (51): 6D2B0E7C-2A8F-4B8E-9A77-000000000000, ');
    expect(line).toMatch(/… and \d+ more/);
    expectAcceptedBySlack(message);
  });

  it('leaves out the backup line when there were none and the duration while running', () => {
    const message = finalSummary(stopProgress());

    expect(texts(message.blocks).join('\n')).not.toContain('Backups');
    expect(message.text).toBe('Maintenance in for shop: ⏳ running');
  });

  it('says a database-scope run stopped only the DB cluster, not that the system went into maintenance', () => {
    const message = finalSummary(
      stopProgress({ status: 'SUCCEEDED', stoppedAt: startedAt + 384_000 }),
      'database',
    );
    expect(message.text).toBe('DB cluster stopped again for shop: ✅ succeeded in 6 min 24 s');
    expect(JSON.stringify(message.blocks)).not.toContain('Maintenance in');
  });
});
