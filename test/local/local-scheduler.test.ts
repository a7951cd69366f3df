import FakeTimers from '@sinonjs/fake-timers';
import {
  CreateScheduleCommand,
  CreateScheduleGroupCommand,
  SchedulerClient,
  UpdateScheduleCommand,
  type CreateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';
import {
  startLocalScheduler,
  type LocalScheduler,
  type LocalSchedulerEvent,
  type TargetInvocation,
} from '../../local/local-scheduler';
import { scaledClock, SIMULATED_START, type ScaledClock } from '../../local/scaled-clock';
import { createSimulatedClients, SimulatedAccount } from '../../local/sim-aws';

const ROLE = 'arn:aws:iam::123456789012:role/scheduler';
const QUEUE = 'arn:aws:sqs:us-east-1:123456789012:scheduled-run-dlq';
const STARTER = 'arn:aws:lambda:us-east-1:123456789012:function:scheduled-run';
const GROUP = 'webapp-chatops';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const TEMPLATE =
  '{"scheduledAt":"<aws.scheduler.scheduled-time>","id":"<aws.scheduler.execution-id>","attempt":<aws.scheduler.attempt-number>,"arn":"<aws.scheduler.schedule-arn>"}';

let wall: ReturnType<typeof FakeTimers.install>;
let clock: ScaledClock;
let account: SimulatedAccount;
let scheduler: SchedulerClient;
let runner: LocalScheduler;
let events: LocalSchedulerEvent[];
/** What the target received, in order. */
let received: { event: unknown; invocation: TargetInvocation }[];

beforeEach(async () => {
  wall = FakeTimers.install({
    now: Date.parse('2030-01-01T00:00:00Z'),
    toFake: ['setTimeout', 'clearTimeout', 'Date'],
  });
  clock = scaledClock(60);
  account = new SimulatedAccount({ clock });
  scheduler = createSimulatedClients(account).scheduler;
  let ids = 0;
  runner = startLocalScheduler({ account, clock, newExecutionId: () => `exec-${++ids}` });
  events = [];
  received = [];
  runner.onEvent((e) => events.push(e));
  await scheduler.send(new CreateScheduleGroupCommand({ Name: GROUP }));
});
afterEach(() => {
  runner.stop();
  wall.uninstall();
});

function create(name: string, expression: string, more: Partial<CreateScheduleCommandInput> = {}) {
  return scheduler.send(
    new CreateScheduleCommand({
      Name: name,
      GroupName: GROUP,
      ScheduleExpression: expression,
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: STARTER,
        RoleArn: ROLE,
        Input: TEMPLATE,
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 900 },
        DeadLetterConfig: { Arn: QUEUE },
      },
      ...more,
    }),
  );
}

/** A target that records what it got and answers with `answer` (a throw fails the attempt). */
function recordingTarget(answer: (n: number) => unknown = () => 'ok') {
  runner.registerTarget(STARTER, async (event, invocation) => {
    received.push({ event, invocation });
    const result = answer(received.length);
    if (result instanceof Error) throw result;
    return result;
  });
}

const at = (iso: string) => Date.parse(iso);
const times = () => received.map((r) => r.invocation.scheduledTime.toISOString());
const types = () => events.map((e) => e.type);

describe('the local scheduler', () => {
  it('fires a cron schedule at its occurrence in its zone, with the context attributes filled in', async () => {
    recordingTarget();
    const { ScheduleArn } = await create('shop-nightly-stop', 'cron(0 22 ? * MON-FRI *)', {
      ScheduleExpressionTimezone: 'Asia/Tokyo',
    });

    // Monday 2025-12-01 22:00 in Tokyo is 13:00 UTC; a minute before, nothing has fired.
    clock.jumpTo(at('2025-12-01T12:59:00Z'));
    await runner.idle();
    expect(received).toEqual([]);
    wall.tick(1_000); // one simulated minute at 60×
    await runner.idle();

    expect(received).toEqual([
      {
        event: {
          scheduledAt: '2025-12-01T13:00:00Z',
          id: 'exec-1',
          attempt: 1,
          arn: ScheduleArn,
        },
        invocation: expect.objectContaining({
          scheduleName: 'shop-nightly-stop',
          groupName: GROUP,
          targetArn: STARTER,
          attempt: 1,
          duplicate: false,
        }),
      },
    ]);
    expect(clock.now()).toBe(at('2025-12-01T13:00:00Z'));
    expect(types()).toEqual(['fired', 'succeeded']);
    expect(runner.nextFiring()?.at).toEqual(new Date('2025-12-02T13:00:00Z'));
  });

  it('after a jump, fires the occurrences passed over in order across schedules, each once', async () => {
    recordingTarget();
    await create('half-past', 'rate(1 hour)', {
      StartDate: new Date(SIMULATED_START + 30 * MINUTE),
    });
    await create('on-the-hour', 'cron(0 * * * ? *)');

    clock.advance(3 * HOUR);
    await runner.idle();
    clock.advance(10 * MINUTE);
    await runner.idle();

    expect(
      received.map(
        (r) =>
          `${r.invocation.scheduleName} ${r.invocation.scheduledTime.toISOString().slice(11, 16)}`,
      ),
    ).toEqual([
      'half-past 22:30',
      'on-the-hour 23:00',
      'half-past 23:30',
      'on-the-hour 00:00',
      'half-past 00:30',
      'on-the-hour 01:00',
    ]);
  });

  it('follows the zone across a daylight saving change', async () => {
    recordingTarget();
    await create('nightly', 'cron(0 22 * * ? *)', { ScheduleExpressionTimezone: 'Europe/Berlin' });

    // Berlin leaves summer time on Sunday 2026-10-25.
    clock.jumpTo(at('2026-10-23T00:00:00Z'));
    received.length = 0;
    clock.jumpTo(at('2026-10-27T00:00:00Z'));
    await runner.idle();

    expect(times()).toEqual([
      '2026-10-23T20:00:00.000Z',
      '2026-10-24T20:00:00.000Z',
      '2026-10-25T21:00:00.000Z',
      '2026-10-26T21:00:00.000Z',
    ]);
  });

  it('retries a failing target with backoff, then dead-letters the event with the error', async () => {
    recordingTarget(() => new Error('Slack is down'));
    await create('nightly', 'cron(0 23 * * ? *)');

    clock.jumpTo(at('2025-11-29T23:00:00Z'));
    for (let i = 0; i < 4; i++) {
      await runner.idle();
      const next = runner.nextFiring();
      if (next && next.attempt > 1) clock.jumpTo(next.at.getTime());
    }
    await runner.idle();

    expect(received.map((r) => (r.event as { attempt: number }).attempt)).toEqual([1, 2, 3, 4]);
    expect(new Set(received.map((r) => r.invocation.executionId)).size).toBe(4);
    expect(types()).toEqual([
      'fired',
      'retrying',
      'fired',
      'retrying',
      'fired',
      'retrying',
      'fired',
      'dead-lettered',
    ]);
    const retryAts = events.flatMap((e) => (e.type === 'retrying' ? [e.retryAt] : []));
    const occurrence = at('2025-11-29T23:00:00Z');
    expect(retryAts).toEqual([occurrence + 30_000, occurrence + 90_000, occurrence + 210_000]);
    expect(runner.deadLetters).toEqual([
      expect.objectContaining({
        deadLetterArn: QUEUE,
        attempts: 4,
        error: 'Error: Slack is down',
        exhausted: 'MaximumRetryAttemptsExhausted',
      }),
    ]);
  });

  it('stops retrying when the next attempt would be older than MaximumEventAgeInSeconds', async () => {
    recordingTarget(() => new Error('nope'));
    await create('nightly', 'cron(0 23 * * ? *)', {
      Target: {
        Arn: STARTER,
        RoleArn: ROLE,
        RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 60 },
      },
    });

    clock.jumpTo(at('2025-11-29T23:00:00Z'));
    await runner.idle();
    clock.advance(30_000);
    await runner.idle();

    expect(received).toHaveLength(2);
    expect(runner.deadLetters[0]).toMatchObject({
      attempts: 2,
      exhausted: 'MaximumEventAgeExhausted',
    });
    expect(runner.deadLetters[0].deadLetterArn).toBeUndefined();
  });

  it('a retry that succeeds ends the event; a target never registered fails like any other', async () => {
    recordingTarget((n) => (n === 1 ? new Error('once') : 'started'));
    await create('nightly', 'cron(0 23 * * ? *)');
    await create('elsewhere', 'cron(0 23 * * ? *)', {
      Target: {
        Arn: `${STARTER}-missing`,
        RoleArn: ROLE,
        RetryPolicy: { MaximumRetryAttempts: 0 },
      },
    });

    clock.jumpTo(at('2025-11-29T23:00:00Z'));
    await runner.idle();
    clock.advance(30_000);
    await runner.idle();

    expect(received.map((r) => r.invocation.attempt)).toEqual([1, 2]);
    expect(events.filter((e) => e.type === 'succeeded')).toEqual([
      expect.objectContaining({ result: 'started' }),
    ]);
    expect(runner.deadLetters.map((l) => l.error)).toEqual([
      `Error: no local target is registered for ${STARTER}-missing`,
    ]);
  });

  it('fires a one-time schedule once and deletes it when ActionAfterCompletion is DELETE', async () => {
    recordingTarget();
    await create('shop-oneoff-1', 'at(2025-12-05T22:00:00)', {
      ScheduleExpressionTimezone: 'Asia/Tokyo',
      ActionAfterCompletion: 'DELETE',
    });
    await create('shop-oneoff-2', 'at(2025-12-05T22:00:00)', { ActionAfterCompletion: 'NONE' });

    clock.jumpTo(at('2025-12-10T00:00:00Z'));
    await runner.idle();

    expect(times()).toEqual(['2025-12-05T13:00:00.000Z', '2025-12-05T22:00:00.000Z']);
    expect(types()).toEqual(['fired', 'fired', 'succeeded', 'deleted', 'succeeded']);
    expect(account.schedules().map((s) => s.name)).toEqual(['shop-oneoff-2']);
    expect(runner.nextFiring()).toBeUndefined();
  });

  it('delivers an occurrence twice on request: same scheduled time, two execution ids', async () => {
    recordingTarget();
    await create('nightly', 'cron(0 23 * * ? *)');

    runner.deliverTwice('nightly');
    clock.advance(2 * 24 * HOUR);
    await runner.idle();

    expect(
      received.map((r) => [
        r.invocation.scheduledTime.toISOString(),
        r.invocation.executionId,
        r.invocation.duplicate,
      ]),
    ).toEqual([
      ['2025-11-29T23:00:00.000Z', 'exec-1', false],
      ['2025-11-29T23:00:00.000Z', 'exec-2', true],
      ['2025-11-30T23:00:00.000Z', 'exec-3', false],
    ]);
    expect(() => runner.deliverTwice('missing')).toThrow('no schedule missing');
  });

  it('does not fire a disabled schedule, nor after its EndDate; an update is planned at once', async () => {
    recordingTarget();
    await create('disabled', 'cron(0 23 * * ? *)', { State: 'DISABLED' });
    await create('ending', 'cron(0 23 * * ? *)', {
      EndDate: new Date(at('2025-12-01T00:00:00Z')),
    });
    await create('moved', 'cron(0 23 * * ? *)');

    await scheduler.send(
      new UpdateScheduleCommand({
        Name: 'moved',
        GroupName: GROUP,
        ScheduleExpression: 'cron(30 22 * * ? *)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: { Arn: STARTER, RoleArn: ROLE, Input: TEMPLATE },
      }),
    );
    expect(runner.nextFiring()).toMatchObject({
      name: 'moved',
      at: new Date('2025-11-29T22:30:00Z'),
    });
    clock.advance(3 * 24 * HOUR);
    await runner.idle();

    expect(
      received.map(
        (r) => `${r.invocation.scheduleName} ${r.invocation.scheduledTime.toISOString()}`,
      ),
    ).toEqual([
      'moved 2025-11-29T22:30:00.000Z',
      'ending 2025-11-29T23:00:00.000Z',
      'moved 2025-11-30T22:30:00.000Z',
      'ending 2025-11-30T23:00:00.000Z',
      'moved 2025-12-01T22:30:00.000Z',
    ]);
  });

  it('fires nothing once stopped, and cancels the retries it was waiting for', async () => {
    recordingTarget(() => new Error('down'));
    await create('nightly', 'cron(0 23 * * ? *)');
    clock.jumpTo(at('2025-11-29T23:00:00Z'));
    await runner.idle();
    expect(runner.nextFiring()).toMatchObject({ attempt: 2 });

    runner.stop();
    clock.advance(3 * 24 * HOUR);
    await runner.idle();

    expect(received).toHaveLength(1);
    expect(types()).toEqual(['fired', 'retrying']);
  });
});
