import { CreateScheduleCommand } from '@aws-sdk/client-scheduler';
import { parseConfig } from '../../config/load';
import { scheduleDeployments } from '../../config/schedule-deployment';
import { renderInput } from '../../local/scheduler-target';
import { createSimulatedClients, SimulatedAccount } from '../../local/sim-aws';
import { exampleConfig } from '../helpers/bot-harness';

const TARGETS = {
  groupName: 'webapp-chatops',
  targetArn: 'arn:aws:lambda:us-east-1:123456789012:function:webapp-chatops-scheduled-run',
  roleArn: 'arn:aws:iam::123456789012:role/webapp-chatops-scheduler',
  deadLetterArn: 'arn:aws:sqs:us-east-1:123456789012:webapp-chatops-scheduled-run-dlq',
  now: new Date('2025-11-29T22:00:00Z'),
};

/** The example configuration with the shop's schedules replaced. */
function withSchedules(schedules: object[], timeZone = 'Asia/Tokyo') {
  const config = exampleConfig();
  const [shop] = config.systems;
  return parseConfig({ ...config, systems: [{ ...shop, timeZone, schedules }] });
}

describe('scheduleDeployments', () => {
  it('gives the CreateSchedule input of every schedule of the example configuration', () => {
    const deployments = scheduleDeployments(parseConfig(exampleConfig()), TARGETS);

    expect(deployments.map((d) => [d.Name, d.ScheduleExpression])).toEqual([
      ['shop-nightly-stop', 'cron(0 22 ? * MON-FRI *)'],
      ['shop-morning-start', 'cron(0 7 ? * MON-FRI *)'],
      ['shop-monthly-maintenance', 'cron(0 1 ? * SUN#1 *)'],
    ]);
    expect(deployments[0]).toEqual({
      Name: 'shop-nightly-stop',
      GroupName: 'webapp-chatops',
      ScheduleExpression: 'cron(0 22 ? * MON-FRI *)',
      ScheduleExpressionTimezone: 'Asia/Tokyo',
      Description: 'Weeknights: the maintenance window, unless someone holds it',
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'NONE',
      Target: {
        Arn: TARGETS.targetArn,
        RoleArn: TARGETS.roleArn,
        Input:
          '{"kind":"schedule","system":"shop","schedule":"nightly-stop","scheduledAt":"<aws.scheduler.scheduled-time>"}',
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 900 },
        DeadLetterConfig: { Arn: TARGETS.deadLetterArn },
      },
    });
  });

  it("uses the schedule's own zone, a flexible window, and words for a schedule without a description", () => {
    const config = withSchedules([
      {
        name: 'hourly-check',
        jobnet: 'start',
        expression: 'cron(0 * * * ? *)',
        approval: 'preapproved',
        timeZone: 'Europe/Berlin',
        flexibleWindowMinutes: 30,
      },
    ]);

    const [deployment] = scheduleDeployments(config, TARGETS);

    expect(deployment).toMatchObject({
      ScheduleExpressionTimezone: 'Europe/Berlin',
      FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 30 },
    });
    expect(deployment.Description).toEqual(expect.any(String));
    expect(deployment.StartDate).toBeUndefined();
  });

  it('starts a rate at 2026-01-01 00:00 in its zone, or at its next anchored occurrence once that is past', () => {
    const config = withSchedules(
      [{ name: 'every-6h', jobnet: 'stop', expression: 'rate(6 hours)', approval: 'required' }],
      'America/New_York',
    );

    const [before] = scheduleDeployments(config, TARGETS);
    const [after] = scheduleDeployments(config, {
      ...TARGETS,
      now: new Date('2026-12-02T10:17:00Z'),
    });

    expect(before.StartDate).toEqual(new Date('2026-01-01T05:00:00Z'));
    // 05:00Z + 6 h steps: 11:00Z is the first at or after 10:17Z.
    expect(after.StartDate).toEqual(new Date('2026-12-02T11:00:00Z'));
  });

  it('gives an input the starter can read once the scheduler fills in the time', () => {
    const [deployment] = scheduleDeployments(parseConfig(exampleConfig()), TARGETS);

    const rendered = renderInput(deployment.Target?.Input ?? '', {
      scheduleArn: 'arn:aws:scheduler:us-east-1:123456789012:schedule/webapp-chatops/x',
      scheduledTime: new Date('2026-12-07T13:00:00Z'),
      executionId: 'e',
      attempt: 1,
    });

    expect(JSON.parse(rendered)).toEqual({
      kind: 'schedule',
      system: 'shop',
      schedule: 'nightly-stop',
      scheduledAt: '2026-12-07T13:00:00Z',
    });
  });

  it('every input is one EventBridge Scheduler (the simulated account) accepts', async () => {
    const config = withSchedules([
      ...(exampleConfig().systems[0].schedules ?? []),
      { name: 'every-6h', jobnet: 'stop', expression: 'rate(6 hours)', approval: 'required' },
    ]);
    const account = new SimulatedAccount({ clock: { now: () => TARGETS.now.getTime() } });
    const { scheduler } = createSimulatedClients(account);
    await account.call('scheduler', 'CreateScheduleGroup', { Name: TARGETS.groupName });

    for (const input of scheduleDeployments(config, TARGETS)) {
      await scheduler.send(new CreateScheduleCommand(input));
    }

    expect(account.schedules()).toHaveLength(4);
  });
});
