import { join } from 'node:path';
import { ACTION_IDS } from '../../bot/blocks/action-ids';
import { loadConfigFile } from '../../config/load';
import type { AppConfig } from '../../config/schema';
import type { AuroraWatchConfig } from '../../config/triggers-schema';
import { stepTo } from '../../local/interactive';
import { startLocalMode, type LocalMode } from '../../local/local-mode';
import { SIMULATED_START } from '../../local/scaled-clock';
import { buttonValue } from '../../local/slack-user';

/**
 * The Aurora 7-day watch in the local mode: the simulated account starts a cluster stopped for a
 * week, its RDS events reach the real watch function through the local pump, its daily check
 * fires from the simulated EventBridge Scheduler, and the messages go to the local Slack.
 */

const DAY = 86_400_000;
const base = loadConfigFile(join(__dirname, '../../config/example.config.json'));
/** The system as a stop leaves it, seeded at the simulated start: AWS starts it 7 days on. */
const STOPPED_AT = SIMULATED_START;
const RESTART_AT = STOPPED_AT + 7 * DAY;
/** The daily check (00:00 UTC) less than a day before the restart. */
const WARNING_AT = Date.parse('2025-12-06T00:00:00Z');

let lm: LocalMode;
jest.setTimeout(60_000);
afterEach(() => lm.close());

function withWatch(watch: AuroraWatchConfig): AppConfig {
  return { ...base, systems: [{ ...base.systems[0], auroraWatch: watch }] };
}

async function start(watch: AuroraWatchConfig) {
  lm = await startLocalMode({ config: withWatch(watch), speed: 300, startState: 'down' });
  // Away for the week: no scheduled run starts the cluster before AWS does.
  await lm.scheduleState.hold('shop', 'U0REQUESTER', 'away for the week');
}

const channel = () => lm.slack.messages(lm.channel);
const postedAt = (ts: string) => Number(ts.split('.')[0]) * 1000;
const warnings = () => channel().filter((m) => /will be started by AWS on/.test(m.text ?? ''));
const alerts = () => channel().filter((m) => /^⚠️ AWS started shop-db/.test(m.text ?? ''));

describe('the Aurora watch in the local mode', () => {
  it('restop: warns a day ahead, then alerts and hands the DB-only re-stop to the starter', async () => {
    // Prepare
    await start({ policy: 'restop', approval: 'unless-held', holdWindowMinutes: 15 });

    // Act
    await stepTo(lm, RESTART_AT + DAY, () => undefined);

    // Assess
    expect(warnings()).toHaveLength(1);
    // Posted by the check at 00:00 UTC (the simulated clock runs on while it works).
    expect(postedAt(warnings()[0].ts) - WARNING_AT).toBeLessThan(5 * 60_000);
    expect(alerts()).toHaveLength(1);
    expect(postedAt(alerts()[0].ts) - RESTART_AT).toBeLessThan(5 * 60_000);
    expect(JSON.stringify(alerts()[0].blocks)).toContain(
      'it had been stopped for 7 days (since Sun 30 Nov 2025 07:00 JST)',
    );
    expect(lm.auroraWatch?.restops.map((r) => r.firing)).toEqual([
      {
        kind: 'event',
        system: 'shop',
        trigger: 'aurora-restop',
        event: expect.objectContaining({
          source: 'aws.rds',
          'detail-type': 'RDS DB Cluster Event',
          detail: expect.objectContaining({
            EventID: 'RDS-EVENT-0153',
            SourceIdentifier: 'shop-db',
          }),
        }),
      },
    ]);
    const alertRecords = (await lm.audit.records()).filter((r) => r.action === 'alert');
    expect(alertRecords.map((r) => [r.source, r.detail?.kind])).toEqual([
      ['aurora-watch', 'aurora-restart-warning'],
      ['aurora-watch', 'aurora-restart'],
    ]);
  });

  it('restop: the re-stop runs through the stop jobnet and stops only the DB cluster, held or not', async () => {
    // Prepare: the system is held for the week (start() holds it), the page is up, the
    // instances are stopped.
    await start({ policy: 'restop', approval: 'unless-held', holdWindowMinutes: 15 });
    const before = lm.account.snapshot();

    // Act: past the restart, the 15-minute hold window and the DB cluster's stop.
    await stepTo(lm, RESTART_AT + DAY, () => undefined);
    const [handed] = lm.auroraWatch?.restops ?? [];
    const { executionArn } = handed.outcome as { outcome: string; executionArn: string };
    await Promise.all(lm.sfn.listExecutions().map((execution) => execution.done));
    await lm.progressIdle();

    // Assess
    expect(handed.outcome).toMatchObject({ outcome: 'started' });
    const execution = lm.sfn.describeExecution(executionArn);
    expect(execution?.status).toBe('SUCCEEDED');
    const after = lm.account.snapshot();
    expect(after.clusters[0].status).toBe('stopped');
    // Only the DB cluster: the instances and the page are as they were.
    expect(after.instances.map((i) => i.state)).toEqual(before.instances.map((i) => i.state));
    expect(after.listeners).toEqual(before.listeners);
    expect(after.backupJobs).toEqual(before.backupJobs);
    const root = channel().find((m) => (m.text ?? '').includes('aurora-restop'));
    expect(JSON.stringify(root?.blocks)).toContain('stop the DB cluster only');
    const summary = lm.slack
      .thread(lm.channel, root?.ts ?? '')
      .find((m) => m.metadata?.event_type === 'webapp_chatops_summary');
    expect(summary?.text).toMatch(/^DB cluster stopped again for shop: ✅ succeeded/);
    const records = (await lm.audit.records()).filter((r) => r.executionArn === executionArn);
    expect(records.map((r) => [r.action, r.outcome, r.actor.kind])).toEqual([
      ['firing', 'started', 'event'],
      ['decision', 'no-objection', 'event'],
      ['outcome', 'succeeded', 'event'],
    ]);
  });

  it('notify: warns and alerts; nothing is handed to the starter', async () => {
    // Prepare
    await start({ policy: 'notify', approval: 'required' });

    // Act
    await stepTo(lm, RESTART_AT + DAY, () => undefined);

    // Assess
    expect(warnings()).toHaveLength(1);
    expect(alerts()).toHaveLength(1);
    expect(JSON.stringify(alerts()[0].blocks)).toContain('`/webapp stop shop` stops it again');
    expect(lm.auroraWatch?.restops).toEqual([]);
    expect(lm.account.snapshot().clusters[0].status).toBe('available');
  });

  it('notify, with [Stop it again after the restart] clicked: this restart is re-stopped', async () => {
    // Prepare
    await start({ policy: 'notify', approval: 'required' });
    await stepTo(lm, WARNING_AT + 60_000, () => undefined);
    const [warning] = warnings();

    // Act
    const click = await lm.user.click(
      'U0APPROVER',
      ACTION_IDS.auroraRestop,
      buttonValue(warning),
      warning,
    );
    await stepTo(lm, RESTART_AT + DAY, () => undefined);

    // Assess
    expect(click.status).toBe(200);
    expect(JSON.stringify(warnings()[0].blocks)).toContain('🔁 <@U0APPROVER> asked at');
    expect(JSON.stringify(alerts()[0].blocks)).toContain('as <@U0APPROVER> asked');
    expect(lm.auroraWatch?.restops).toHaveLength(1);
  });
});
