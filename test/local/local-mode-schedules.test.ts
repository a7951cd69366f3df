import { ListSchedulesCommand } from '@aws-sdk/client-scheduler';
import { parseConfig } from '../../config/load';
import { startLocalMode, type LocalMode } from '../../local/local-mode';
import type { TargetInvocation } from '../../local/local-scheduler';
import { LOCAL_SCHEDULE_GROUP } from '../../local/local-schedules';
import { createSimulatedClients } from '../../local/sim-aws';
import { exampleConfig } from '../helpers/bot-harness';

let lm: LocalMode;
let firings: { event: unknown; invocation: TargetInvocation }[];
jest.setTimeout(30_000);

beforeEach(async () => {
  firings = [];
  lm = await startLocalMode({
    config: parseConfig(exampleConfig()),
    speed: 60,
    async onScheduledFiring(event, invocation) {
      firings.push({ event, invocation });
      return 'started';
    },
  });
});
afterEach(() => lm.close());

describe('the local mode runs the configured schedules on its clock', () => {
  it('creates them in the simulated account as the CDK app deploys them', async () => {
    const { scheduler } = createSimulatedClients(lm.account);

    const listed = await scheduler.send(
      new ListSchedulesCommand({ GroupName: LOCAL_SCHEDULE_GROUP }),
    );

    expect(listed.Schedules?.map((s) => [s.Name, s.State, s.Target?.Arn])).toEqual([
      ['shop-nightly-stop', 'ENABLED', lm.scheduleTargetArn],
      ['shop-morning-start', 'ENABLED', lm.scheduleTargetArn],
      ['shop-monthly-maintenance', 'ENABLED', lm.scheduleTargetArn],
      // The example's system has the Aurora watch on: its daily check invokes the watch.
      ['aurora-watch-daily-check', 'ENABLED', lm.auroraWatch?.targetArn],
    ]);
  });

  it('a jump to the next firing invokes the starter with the filled-in input', async () => {
    // The clock starts on Saturday 2025-11-29 22:00 UTC, Sunday 07:00 in Tokyo: the first
    // weekday schedule to fire is Monday's 07:00 start (after the Aurora watch's daily check).
    lm.clock.jumpTo(Date.parse('2025-11-30T00:00:00Z'));
    await lm.scheduler.idle();
    const next = lm.scheduler.nextFiring();
    expect(next).toMatchObject({
      name: 'shop-morning-start',
      at: new Date('2025-11-30T22:00:00Z'),
      attempt: 1,
    });
    const events: string[] = [];
    lm.scheduler.onEvent((e) => events.push(e.type));

    lm.clock.jumpTo(next?.at.getTime() ?? 0);
    await lm.scheduler.idle();

    expect(firings.map((f) => f.event)).toEqual([
      {
        kind: 'schedule',
        system: 'shop',
        schedule: 'morning-start',
        scheduledAt: '2025-11-30T22:00:00Z',
      },
    ]);
    expect(events).toEqual(['fired', 'succeeded']);
  });

  it('stops firing once closed', async () => {
    await lm.close();

    lm.clock.jumpTo(Date.parse('2025-12-10T00:00:00Z'));
    await lm.scheduler.idle();

    expect(firings).toEqual([]);
  });
});
