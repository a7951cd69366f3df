import {
  ConflictException,
  CreateScheduleCommand,
  CreateScheduleGroupCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  ListSchedulesCommand,
  paginateListSchedules,
  ResourceNotFoundException,
  SchedulerServiceException,
  UpdateScheduleCommand,
  ValidationException,
  type CreateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';
import { createSimulatedClients } from '../../../local/sim-aws';
import { newAccount } from './sim-fixture';

const ROLE = 'arn:aws:iam::123456789012:role/scheduler';
const QUEUE = 'arn:aws:sqs:us-east-1:123456789012:scheduled-run-dlq';
const FUNCTION = 'arn:aws:lambda:us-east-1:123456789012:function:scheduled-run';

function setup() {
  const fixture = newAccount();
  return { ...fixture, scheduler: createSimulatedClients(fixture.account).scheduler };
}

function schedule(overrides: Partial<CreateScheduleCommandInput> = {}): CreateScheduleCommandInput {
  return {
    Name: 'shop-nightly-stop',
    GroupName: 'webapp-chatops',
    ScheduleExpression: 'cron(0 22 ? * MON-FRI *)',
    ScheduleExpressionTimezone: 'Asia/Tokyo',
    FlexibleTimeWindow: { Mode: 'OFF' },
    Target: {
      Arn: FUNCTION,
      RoleArn: ROLE,
      Input: '{"kind":"schedule"}',
      RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 900 },
      DeadLetterConfig: { Arn: QUEUE },
    },
    ...overrides,
  };
}

/** What a rejected send threw. */
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('EventBridge Scheduler in the simulated account', () => {
  it('creates a group and a schedule, and answers GetSchedule with every member', async () => {
    const { scheduler, account, t0 } = setup();

    const group = await scheduler.send(new CreateScheduleGroupCommand({ Name: 'webapp-chatops' }));
    const created = await scheduler.send(
      new CreateScheduleCommand(
        schedule({
          StartDate: new Date(t0 + 3_600_000),
          ActionAfterCompletion: 'NONE',
          Description: 'nightly stop',
        }),
      ),
    );
    const got = await scheduler.send(
      new GetScheduleCommand({ Name: 'shop-nightly-stop', GroupName: 'webapp-chatops' }),
    );

    expect(group.ScheduleGroupArn).toBe(
      'arn:aws:scheduler:us-east-1:123456789012:schedule-group/webapp-chatops',
    );
    expect(created.ScheduleArn).toBe(
      'arn:aws:scheduler:us-east-1:123456789012:schedule/webapp-chatops/shop-nightly-stop',
    );
    expect(got).toMatchObject({
      Arn: created.ScheduleArn,
      Name: 'shop-nightly-stop',
      GroupName: 'webapp-chatops',
      ScheduleExpression: 'cron(0 22 ? * MON-FRI *)',
      ScheduleExpressionTimezone: 'Asia/Tokyo',
      StartDate: new Date(t0 + 3_600_000),
      State: 'ENABLED',
      Description: 'nightly stop',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'NONE',
      CreationDate: new Date(t0),
      Target: schedule().Target,
    });
    expect(account.snapshot().schedules).toEqual([
      {
        arn: created.ScheduleArn,
        expression: 'cron(0 22 ? * MON-FRI *)',
        timeZone: 'Asia/Tokyo',
        state: 'ENABLED',
      },
    ]);
  });

  it('refuses a duplicate name, a duplicate group and a missing group or schedule by name', async () => {
    const { scheduler } = setup();
    await scheduler.send(new CreateScheduleGroupCommand({ Name: 'webapp-chatops' }));
    await scheduler.send(new CreateScheduleCommand(schedule()));

    const duplicate = await failure(scheduler.send(new CreateScheduleCommand(schedule())));
    const duplicateGroup = await failure(
      scheduler.send(new CreateScheduleGroupCommand({ Name: 'webapp-chatops' })),
    );
    const noGroup = await failure(
      scheduler.send(new CreateScheduleCommand(schedule({ GroupName: 'elsewhere' }))),
    );
    const noSchedule = await failure(
      scheduler.send(new GetScheduleCommand({ Name: 'nope', GroupName: 'webapp-chatops' })),
    );
    const inDefault = await failure(
      scheduler.send(new DeleteScheduleCommand({ Name: 'shop-nightly-stop' })),
    );

    expect(duplicate).toBeInstanceOf(ConflictException);
    expect(duplicate).toMatchObject({
      message: 'Schedule shop-nightly-stop already exists.',
      $metadata: { httpStatusCode: 409 },
    });
    expect(duplicateGroup).toBeInstanceOf(ConflictException);
    expect(noGroup).toBeInstanceOf(ResourceNotFoundException);
    expect(noGroup).toMatchObject({ message: 'Schedule group elsewhere does not exist.' });
    expect(noSchedule).toBeInstanceOf(ResourceNotFoundException);
    expect(noSchedule).toMatchObject({ $metadata: { httpStatusCode: 404 } });
    // The default group exists, but the schedule is not in it.
    expect(inDefault).toBeInstanceOf(ResourceNotFoundException);
  });

  it.each<[string, Partial<CreateScheduleCommandInput>, RegExp]>([
    ['a bad expression', { ScheduleExpression: 'cron(0 22 * * MON-FRI *)' }, /Schedule Expression/],
    ['a five-field cron', { ScheduleExpression: 'cron(0 22 * * ?)' }, /Schedule Expression/],
    ['an unknown zone', { ScheduleExpressionTimezone: 'Asia/Nowhere' }, /Timezone/],
    ['a bad name', { Name: 'shop nightly' }, /regular expression pattern/],
    ['a name too long', { Name: 'x'.repeat(65) }, /regular expression pattern/],
    [
      'a flexible window without minutes',
      { FlexibleTimeWindow: { Mode: 'FLEXIBLE' } },
      /1 to 1440/,
    ],
    [
      'a window too wide',
      { FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 1441 } },
      /1 to 1440/,
    ],
    ['a start date long past', { StartDate: new Date(Date.UTC(2024, 0, 1)) }, /5 minutes ago/],
    [
      'an end date before the start',
      { StartDate: new Date(Date.UTC(2025, 5, 1)), EndDate: new Date(Date.UTC(2025, 4, 1)) },
      /after the StartDate/,
    ],
    ['a bad state', { State: 'PAUSED' as never }, /State must be one of/],
    ['a bad action after completion', { ActionAfterCompletion: 'KEEP' as never }, /NONE, DELETE/],
    [
      'a retry policy out of range',
      {
        Target: {
          Arn: FUNCTION,
          RoleArn: ROLE,
          RetryPolicy: { MaximumRetryAttempts: 186 },
        },
      },
      /0 to 185/,
    ],
    [
      'an event age too short',
      {
        Target: {
          Arn: FUNCTION,
          RoleArn: ROLE,
          RetryPolicy: { MaximumEventAgeInSeconds: 59 },
        },
      },
      /60 to 86400/,
    ],
    ['a role that is not a role', { Target: { Arn: FUNCTION, RoleArn: 'admin' } }, /RoleArn/],
    [
      'a dead-letter target that is not a queue',
      { Target: { Arn: FUNCTION, RoleArn: ROLE, DeadLetterConfig: { Arn: FUNCTION } } },
      /SQS queue/,
    ],
  ])('refuses %s with a ValidationException', async (_case, overrides, message) => {
    const { scheduler, account } = setup();
    await scheduler.send(new CreateScheduleGroupCommand({ Name: 'webapp-chatops' }));

    const err = await failure(scheduler.send(new CreateScheduleCommand(schedule(overrides))));

    expect(err).toBeInstanceOf(ValidationException);
    expect((err as Error).message).toMatch(message);
    expect(account.schedules()).toEqual([]);
  });

  it('takes an at() schedule with a date in the past and ignores its start date', async () => {
    const { scheduler } = setup();

    const created = await scheduler.send(
      new CreateScheduleCommand(
        schedule({
          GroupName: undefined,
          ScheduleExpression: 'at(2026-12-05T22:00:00)',
          StartDate: new Date(Date.UTC(2020, 0, 1)),
          ActionAfterCompletion: 'DELETE',
        }),
      ),
    );

    expect(created.ScheduleArn).toMatch(/:schedule\/default\/shop-nightly-stop$/);
  });

  it('replaces every member on UpdateSchedule, keeping the creation date', async () => {
    const { scheduler, clock, t0 } = setup();
    await scheduler.send(new CreateScheduleGroupCommand({ Name: 'webapp-chatops' }));
    await scheduler.send(new CreateScheduleCommand(schedule({ Description: 'old' })));
    clock.advance(60_000);

    await scheduler.send(
      new UpdateScheduleCommand({
        ...schedule(),
        ScheduleExpression: 'rate(1 hour)',
        State: 'DISABLED',
      }),
    );
    const got = await scheduler.send(
      new GetScheduleCommand({ Name: 'shop-nightly-stop', GroupName: 'webapp-chatops' }),
    );

    expect(got).toMatchObject({
      ScheduleExpression: 'rate(1 hour)',
      State: 'DISABLED',
      CreationDate: new Date(t0),
      LastModificationDate: new Date(t0 + 60_000),
    });
    expect(got.Description).toBeUndefined();
  });

  it('lists schedules by group and name prefix, a page at a time', async () => {
    const { scheduler } = setup();
    await scheduler.send(new CreateScheduleGroupCommand({ Name: 'webapp-chatops' }));
    for (const name of ['shop-nightly-stop', 'shop-morning-start', 'blog-nightly-stop']) {
      await scheduler.send(new CreateScheduleCommand(schedule({ Name: name })));
    }
    await scheduler.send(
      new CreateScheduleCommand(schedule({ Name: 'other', GroupName: undefined })),
    );

    const shop = await scheduler.send(
      new ListSchedulesCommand({ GroupName: 'webapp-chatops', NamePrefix: 'shop-' }),
    );
    const names: string[] = [];
    const pages = paginateListSchedules(
      { client: scheduler, pageSize: 1 },
      { GroupName: 'webapp-chatops' },
    );
    for await (const page of pages) names.push(...(page.Schedules ?? []).map((s) => s.Name ?? ''));
    const all = await scheduler.send(new ListSchedulesCommand({}));

    expect(shop.Schedules?.map((s) => s.Name)).toEqual(['shop-nightly-stop', 'shop-morning-start']);
    expect(shop.Schedules?.[0]).toMatchObject({
      GroupName: 'webapp-chatops',
      State: 'ENABLED',
      Target: { Arn: FUNCTION },
    });
    expect(names).toEqual(['shop-nightly-stop', 'shop-morning-start', 'blog-nightly-stop']);
    expect(all.Schedules).toHaveLength(4);
  });

  it('deletes a schedule and tells the listeners of every change', async () => {
    const { scheduler, account } = setup();
    let changes = 0;
    const unsubscribe = account.onSchedulesChanged(() => changes++);
    await scheduler.send(new CreateScheduleGroupCommand({ Name: 'webapp-chatops' }));
    await scheduler.send(new CreateScheduleCommand(schedule()));

    await scheduler.send(
      new DeleteScheduleCommand({ Name: 'shop-nightly-stop', GroupName: 'webapp-chatops' }),
    );
    unsubscribe();
    await scheduler.send(new CreateScheduleCommand(schedule()));

    expect(changes).toBe(2);
    expect(account.schedules()).toHaveLength(1);
  });

  it('answers an injected fault instead of acting, as the other services do', async () => {
    const { scheduler, account } = setup();
    account.faults.failCalls({
      service: 'scheduler',
      action: 'CreateScheduleGroup',
      code: 'ThrottlingException',
      httpStatus: 429,
    });

    const err = await failure(
      scheduler.send(new CreateScheduleGroupCommand({ Name: 'webapp-chatops' })),
    );
    await scheduler.send(new CreateScheduleGroupCommand({ Name: 'webapp-chatops' }));

    expect(err).toBeInstanceOf(SchedulerServiceException);
    expect(err).toMatchObject({ name: 'ThrottlingException', $metadata: { httpStatusCode: 429 } });
    expect(account.calls.map((c) => c.error)).toEqual(['ThrottlingException', undefined]);
  });

  it('completeSchedule deletes only the schedule that fired, not one created again since', async () => {
    const { scheduler, account } = setup();
    await scheduler.send(new CreateScheduleCommand(schedule({ GroupName: undefined })));
    const [fired] = account.schedules();
    await scheduler.send(new DeleteScheduleCommand({ Name: 'shop-nightly-stop' }));
    await scheduler.send(new CreateScheduleCommand(schedule({ GroupName: undefined })));

    expect(account.completeSchedule(fired.serial)).toBe(false);
    expect(account.schedules()).toHaveLength(1);
    expect(account.completeSchedule(account.schedules()[0].serial)).toBe(true);
    expect(account.schedules()).toEqual([]);
  });
});
