import type { SectionBlock } from '@slack/types';
import { runMessage } from '../../../bot/blocks/run-message';
import {
  EXECUTION_ARN,
  expectAcceptedBySlack,
  instanceId,
  items,
  stopProgress,
  texts,
} from './fixtures';

const base = {
  jobnet: 'stop',
  system: 'shop',
  requestedBy: 'U0REQ',
  executionArn: EXECUTION_ARN,
} as const;

describe('runMessage', () => {
  it('says who asked, what the jobnet does and links the execution before any progress', () => {
    const message = runMessage(base);

    const all = texts(message.blocks).join('\n');
    expect(all).toContain('Maintenance in: shop');
    expect(all).toContain('<@U0REQ> asked to *stop* *shop*: put up the maintenance page');
    expect(all).toContain(
      '<https://ap-northeast-1.console.aws.amazon.com/states/home?region=ap-northeast-1#/v2/executions/details/' +
        `${EXECUTION_ARN}|Open in the Step Functions console>`,
    );
    expect(all).toContain('Starting');
    expect(message.text).toBe('Maintenance in for shop requested by <@U0REQ>: starting');
    expectAcceptedBySlack(message);
  });

  it('calls the start jobnet maintenance out and names a schedule when nobody asked', () => {
    const message = runMessage({ ...base, jobnet: 'start', requestedBy: undefined });

    expect(texts(message.blocks).join('\n')).toContain(
      'A schedule or event asked to *start* *shop*',
    );
    expect(message.text).toContain('Maintenance out');
  });

  it('shows one checklist line per step and each instance inside a Map step', () => {
    const message = runMessage({ ...base, progress: stopProgress() });

    const checklist = message.blocks.find((b) => b.block_id === 'run_checklist') as SectionBlock;
    expect(checklist.text?.text.split('\n')).toEqual([
      '✅ *Approval*',
      '✅ *Put up the maintenance page*',
      '⏳ *Stop Apache and the web instances* — 1/4 done · 1 running · 1 failed',
      '      i-0abc ✅   i-0def ❌ StopApache   i-0123 ⏳ StopInstance   i-0456 ⬜',
      '⬜ *Back up the DB cluster*',
      '⏭️ *Stop the DB cluster*',
    ]);
    expect(message.text).toBe(
      'Maintenance in for shop requested by <@U0REQ>: running, 3/5 steps done',
    );
    expectAcceptedBySlack(message);
  });

  it('points to the thread for a failure and reports the duration once stopped', () => {
    const progress = stopProgress({
      status: 'FAILED',
      stoppedAt: stopProgress().startedAt + 384_000,
      failure: {
        step: 'StopApache',
        resource: 'i-0def',
        error: 'Jobnet.CommandFailed',
        cause: 'x',
      },
    });

    const all = texts(runMessage({ ...base, progress }).blocks).join('\n');

    expect(all).toContain(
      '❌ Failed in 6 min 24 s at *StopApache* on i-0def: details in the thread',
    );
  });

  it('reads a rejected plan as a decision that changed nothing: who rejected, no step count', () => {
    const progress = stopProgress({
      status: 'FAILED',
      steps: [
        { name: 'Approval', label: 'Approval', state: 'rejected', decidedBy: 'U2' },
        { name: 'PutMaintenancePage', label: 'Put up the maintenance page', state: 'skipped' },
      ],
      decision: { step: 'Approval', outcome: 'rejected', by: 'U2' },
    });

    const message = runMessage({ ...base, progress });

    const all = texts(message.blocks).join('\n');
    expect(all).toContain('⛔ *Approval* — rejected by <@U2>');
    expect(all).toContain('⏭️ *Put up the maintenance page*');
    expect(all).toContain('⛔ Rejected by <@U2>');
    expect(all).not.toMatch(/❌|✅|details in the thread/);
    expect(message.text).toBe(
      'Maintenance in for shop requested by <@U0REQ>: rejected by <@U2>, nothing was changed',
    );
  });

  it('reads an expired plan as expired, not failed', () => {
    const progress = stopProgress({
      status: 'FAILED',
      steps: [{ name: 'Approval', label: 'Approval', state: 'expired' }],
      decision: { step: 'Approval', outcome: 'expired' },
    });

    const message = runMessage({ ...base, progress });

    const all = texts(message.blocks).join('\n');
    expect(all).toContain('⌛ *Approval* — expired, nobody decided in time');
    expect(all).not.toContain('❌');
    expect(message.text).toContain('expired without a decision, nothing was changed');
  });

  it.each([
    ['rejected', 'U2', '🚧 Started, maintenance page kept up on purpose by <@U2>'],
    ['expired', undefined, '⌛ Started, maintenance page kept up (nobody decided in time)'],
  ] as const)(
    'reads a %s reopen approval as the page kept up, not a failure',
    (outcome, by, line) => {
      const progress = stopProgress({
        jobnet: 'start',
        status: 'FAILED',
        steps: [
          {
            name: 'WaitTargetsHealthy',
            label: 'Wait until every target is healthy',
            state: 'succeeded',
          },
          {
            name: 'ApproveReopen',
            label: 'Approval to take the page down',
            state: outcome,
            ...(by ? { decidedBy: by } : {}),
          },
          {
            name: 'RemoveMaintenancePage',
            label: 'Take down the maintenance page',
            state: 'skipped',
          },
        ],
        decision: { step: 'ApproveReopen', outcome, ...(by ? { by } : {}) },
      });

      const message = runMessage({ ...base, jobnet: 'start', progress });

      const all = texts(message.blocks).join('\n');
      expect(all).toContain(line);
      expect(all).not.toMatch(/❌|Failed|details in the thread/);
      expect(message.text).not.toMatch(/steps done|nothing was changed/);
    },
  );

  it('lists all 50 instances of a Map step within one section', () => {
    const fifty = items(50).map((item, i) =>
      i === 7 ? { ...item, state: 'failed' as const, detail: 'StopApache' } : item,
    );
    const progress = stopProgress({
      steps: [{ name: 'StopWebInstances', label: 'Stop web', state: 'running', items: fifty }],
    });

    const message = runMessage({ ...base, progress });

    const all = texts(message.blocks).join('\n');
    for (let n = 1; n <= 50; n += 1) expect(all).toContain(instanceId(n));
    expect(all).toContain(`${instanceId(8)} ❌ StopApache`);
    expectAcceptedBySlack(message);
  });

  it('summarises a step whose listing would not fit a section: counts plus the ones needing attention', () => {
    const longDetail = 'WaitUntilTheInstanceIsStoppedAndTheStatusChecksHaveSettled';
    const many = Array.from({ length: 60 }, (_, i) => ({
      id: instanceId(i + 1),
      state: i < 3 ? ('failed' as const) : i < 50 ? ('running' as const) : ('succeeded' as const),
      detail: longDetail,
    }));
    const progress = stopProgress({
      steps: [
        { name: 'StopWebInstances', label: 'Stop web', state: 'running', items: many },
        { name: 'BackupDbCluster', label: 'Back up the DB cluster', state: 'pending' },
      ],
    });

    const message = runMessage({ ...base, progress });

    const all = texts(message.blocks).join('\n');
    expect(all).toContain('⏳ *Stop web* — 10/60 done · 47 running · 3 failed');
    expect(all).toContain(`${instanceId(1)} ❌ ${longDetail}`);
    expect(all).toContain(`${instanceId(4)} ⏳ ${longDetail}`);
    expect(all).toMatch(/… and \d+ more/);
    expect(all).not.toContain(`${instanceId(51)} ✅`);
    expect(all).toContain('⬜ *Back up the DB cluster*');
    expectAcceptedBySlack(message);
  });

  it('escapes untrusted labels and ids', () => {
    const progress = stopProgress({
      steps: [
        {
          name: 'X',
          label: 'Stop <!channel> & co',
          state: 'running',
          items: [{ id: '<@U1>', state: 'running' }],
        },
      ],
    });

    const all = texts(runMessage({ ...base, system: 'a<b', progress }).blocks).join('\n');

    expect(all).toContain('Stop &lt;!channel&gt; &amp; co');
    expect(all).toContain('&lt;@U1&gt; ⏳');
    expect(all).toContain('*a&lt;b*');
    expect(all).not.toContain('<!channel>');
  });
});
