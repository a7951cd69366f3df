import { AURORA_DAILY_CHECK_SCHEDULE } from '../../config/aurora-watch-deployment';
import { FIRING_LEASE_MS } from '../../bot/services/schedule-state';
import { parseConfig } from '../../config/load';
import { TZDate } from '@date-fns/tz';
import { POWERTOOLS_ENVIRONMENT } from '../../infra/constructs/jobnet-function';
import { SCHEDULE_TABLE_KEYS } from '../../infra/constructs/schedule-table';
import { firingInput, rateStartDate, scheduleDeployments } from '../../config/schedule-deployment';
import { earliestStartDate, START_DATE_LEAD_MINUTES } from '../../infra/constructs/scheduled-runs';
import { HOLIDAYS_ICS, scheduledConfig, SYNTH_TIME, unscheduledConfig } from './scheduled-config';
import {
  actionsOf,
  flatten,
  logicalId,
  nagViolations,
  policyStatements,
  resourcesOf,
  synthApp,
  type Statement,
  type SynthResult,
} from './synth-app';

const PLACE = 'arn:<AWS::Partition>:<service>:<AWS::Region>:<AWS::AccountId>';
const arn = (service: string, rest: string) => `${PLACE.replace('<service>', service)}:${rest}`;
const MACHINES = ['start', 'stop'].map((j) => arn('states', `stateMachine:webapp-chatops-${j}`));
const EXECUTIONS = ['start', 'stop'].map((j) => arn('states', `execution:webapp-chatops-${j}:*`));
const GROUP = 'WebappChatops';

let scheduled: SynthResult;
let plain: SynthResult;
beforeAll(() => {
  scheduled = synthApp(scheduledConfig(), SYNTH_TIME);
  plain = synthApp(unscheduledConfig());
});

const resources = (synth: SynthResult) => synth.main.toJSON().Resources;
const id = (synth: SynthResult, type: string, prefix: string) =>
  logicalId(synth.main, type, prefix);
const starterOf = (synth: SynthResult) =>
  id(synth, 'AWS::Lambda::Function', 'ScheduledStarterFunction');
const dlqOf = (synth: SynthResult) => id(synth, 'AWS::SQS::Queue', 'ScheduledDeadLetters');
const roleOf = (synth: SynthResult) => id(synth, 'AWS::IAM::Role', 'ScheduledSchedulerRole');
const tableOf = (synth: SynthResult) => id(synth, 'AWS::DynamoDB::Table', 'ScheduleState');

/** A function's role's statements, logs and X-Ray left out, each as sorted actions and flat resources. */
function grantsOf(synth: SynthResult, functionPrefix: string) {
  const fn = id(synth, 'AWS::Lambda::Function', functionPrefix);
  const role = resources(synth)[fn].Properties.Role['Fn::GetAtt'][0];
  return statementsOfRole(synth, role).filter(
    (s) => !s.actions.every((a) => a.startsWith('logs:') || a.startsWith('xray:')),
  );
}

function statementsOfRole(synth: SynthResult, role: string) {
  return policyStatements(synth.main)
    .filter((s) => s.role === role)
    .map(({ statement }) => describe_(statement));
}

function describe_(statement: Statement) {
  return {
    actions: actionsOf(statement).sort(),
    resources: resourcesOf(statement).map(flatten).sort(),
    ...(statement.Condition ? { condition: statement.Condition } : {}),
  };
}

describe('the periodic schedules', () => {
  // The configured schedules; the Aurora watch's daily check has its own test (aurora-watch.test.ts).
  const schedules = () =>
    Object.values(scheduled.main.findResources('AWS::Scheduler::Schedule'))
      .map((s) => s.Properties)
      .filter((s) => s.Name !== AURORA_DAILY_CHECK_SCHEDULE);
  const named = (name: string) => schedules().find((s) => s.Name === name);

  it('fire what the local mode fires: the same names, expressions, zones, windows, input and retries', () => {
    // The local mode creates its schedules from config/schedule-deployment.ts; the stack must
    // deploy the same ones (the StartDate of a rate() may differ, on the same anchored grid).
    const local = scheduleDeployments(parseConfig(scheduledConfig()), {
      groupName: 'g',
      targetArn: 't',
      roleArn: 'r',
      deadLetterArn: 'd',
      now: SYNTH_TIME,
    });
    expect(
      schedules()
        .map((s) => [
          s.Name,
          s.ScheduleExpression,
          s.ScheduleExpressionTimezone,
          s.FlexibleTimeWindow,
          JSON.parse(s.Target.Input),
          s.Target.RetryPolicy,
        ])
        .sort(),
    ).toEqual(
      local
        .map((d) => [
          d.Name,
          d.ScheduleExpression,
          d.ScheduleExpressionTimezone,
          {
            Mode: d.FlexibleTimeWindow?.Mode,
            ...(d.FlexibleTimeWindow?.MaximumWindowInMinutes
              ? { MaximumWindowInMinutes: d.FlexibleTimeWindow.MaximumWindowInMinutes }
              : {}),
          },
          JSON.parse(d.Target?.Input ?? '{}'),
          d.Target?.RetryPolicy,
        ])
        .sort(),
    );
  });

  it('are one per configured schedule, named system-schedule, in the app group, enabled', () => {
    expect(
      schedules()
        .map((s) => s.Name)
        .sort(),
    ).toEqual(['shop-every-6h', 'shop-morning-start', 'shop-nightly-stop']);
    for (const schedule of schedules()) {
      expect(schedule.GroupName).toEqual({
        Ref: id(scheduled, 'AWS::Scheduler::ScheduleGroup', 'Scheduled'),
      });
      expect(schedule.State).toBe('ENABLED');
    }
    expect(
      Object.values(plain.main.findResources('AWS::Scheduler::Schedule')).map(
        (s) => s.Properties.Name,
      ),
    ).toEqual([AURORA_DAILY_CHECK_SCHEDULE]);
  });

  it('carry the expression, in the schedule zone or else the system zone, and the flexible window', () => {
    expect(named('shop-nightly-stop')).toMatchObject({
      ScheduleExpression: 'cron(0 22 ? * MON-FRI *)',
      ScheduleExpressionTimezone: 'Asia/Tokyo',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Description: 'Mon-Fri 22:00',
    });
    expect(named('shop-morning-start')).toMatchObject({
      ScheduleExpression: 'cron(0 7 ? * MON-FRI *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 10 },
    });
    expect(named('shop-nightly-stop')?.StartDate).toBeUndefined();
    expect(named('shop-morning-start')?.StartDate).toBeUndefined();
  });

  it('invoke the starter with the firing, through the scheduler role, retried for 15 minutes, then the DLQ', () => {
    for (const [name, schedule] of [
      ['shop-nightly-stop', 'nightly-stop'],
      ['shop-morning-start', 'morning-start'],
      ['shop-every-6h', 'every-6h'],
    ]) {
      const target = named(name)?.Target;
      expect(target).toEqual({
        Arn: { 'Fn::GetAtt': [starterOf(scheduled), 'Arn'] },
        RoleArn: { 'Fn::GetAtt': [roleOf(scheduled), 'Arn'] },
        Input: expect.any(String),
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 900 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlqOf(scheduled), 'Arn'] } },
      });
      expect(JSON.parse(target.Input)).toEqual({
        kind: 'schedule',
        system: 'shop',
        schedule,
        scheduledAt: '<aws.scheduler.scheduled-time>',
      });
    }
    expect(firingInput({ kind: 'schedule', system: 'shop', schedule: 'x' })).toContain(
      '"<aws.scheduler.scheduled-time>"',
    );
  });

  it('start a rate() on the series anchored at 2026-01-01 00:00 in its zone, after the synth', () => {
    // Tokyo midnight is 15:00 UTC; every 6 hours from there, the first at least 15 min after 10:20.
    expect(named('shop-every-6h')?.StartDate).toBe('2026-12-02T15:00:00.000Z');
  });
});

describe('the StartDate of a rate() at synth time', () => {
  /** As the stack sends it: the first anchored occurrence at least the lead after `now`. */
  const startDateAt = (expression: string, zone: string, now: Date) =>
    rateStartDate(expression, zone, earliestStartDate(now))?.toISOString();
  const now = SYNTH_TIME;
  const earliest = now.getTime() + START_DATE_LEAD_MINUTES * 60_000;

  it.each([
    ['rate(1 minute)', 'UTC', 60_000],
    ['rate(5 minutes)', 'Asia/Tokyo', 300_000],
    ['rate(7 hours)', 'America/New_York', 7 * 3_600_000],
    ['rate(3 days)', 'Europe/Berlin', 3 * 86_400_000],
  ])(
    '%s in %s lies on the anchored series, the first at least the lead after now',
    (expr, zone, period) => {
      const anchor = new TZDate(2026, 0, 1, zone).getTime();
      const start = Date.parse(startDateAt(expr, zone, now)!);
      expect((start - anchor) % period).toBe(0);
      expect(start).toBeGreaterThanOrEqual(earliest);
      expect(start - period).toBeLessThan(earliest);
    },
  );

  it('is the occurrence itself when one falls exactly on the lead', () => {
    expect(startDateAt('rate(1 hour)', 'UTC', new Date('2026-12-02T09:45:00Z'))).toBe(
      '2026-12-02T10:00:00.000Z',
    );
  });

  it('is the anchor itself for a synth long before it', () => {
    expect(startDateAt('rate(1 day)', 'Asia/Tokyo', new Date('2025-06-01T00:00:00Z'))).toBe(
      '2025-12-31T15:00:00.000Z',
    );
  });

  it('is none for cron() and at() expressions', () => {
    expect(startDateAt('cron(0 22 ? * MON-FRI *)', 'UTC', now)).toBeUndefined();
    expect(startDateAt('at(2026-12-05T22:00:00)', 'UTC', now)).toBeUndefined();
  });
});

describe('the starter', () => {
  it('times out well within the firing lease, so a retry after it died takes the firing over', () => {
    const starter = id(scheduled, 'AWS::Lambda::Function', 'ScheduledStarterFunction');
    const timeoutMs = resources(scheduled)[starter].Properties.Timeout * 1000;
    expect(timeoutMs).toBeLessThan(FIRING_LEASE_MS);
    // Lambda waits about a minute before retrying a failed asynchronous invocation.
    expect(timeoutMs + 60_000).toBeGreaterThan(FIRING_LEASE_MS);
  });
});

describe('the schedule group and the scheduler role', () => {
  it('is one group named after the stack, given as an output', () => {
    for (const synth of [scheduled, plain]) {
      const groups = Object.values(synth.main.findResources('AWS::Scheduler::ScheduleGroup'));
      expect(groups.map((g) => g.Properties)).toEqual([{ Name: GROUP }]);
      synth.main.hasOutput('ScheduleGroupName', { Value: GROUP });
    }
  });

  it('may be assumed only by EventBridge Scheduler, for schedules of this account and group', () => {
    expect(
      resources(scheduled)[roleOf(scheduled)].Properties.AssumeRolePolicyDocument.Statement,
    ).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: {
          StringEquals: {
            'aws:SourceAccount': { Ref: 'AWS::AccountId' },
            'aws:SourceArn': expect.anything(),
          },
        },
      },
    ]);
    const condition =
      resources(scheduled)[roleOf(scheduled)].Properties.AssumeRolePolicyDocument.Statement[0]
        .Condition.StringEquals;
    expect(flatten(condition['aws:SourceArn'])).toBe(arn('scheduler', `schedule-group/${GROUP}`));
  });

  it('may only invoke the starter and send to the dead-letter queue', () => {
    expect(resources(scheduled)[roleOf(scheduled)].Properties.ManagedPolicyArns).toBeUndefined();
    expect(statementsOfRole(scheduled, roleOf(scheduled))).toEqual([
      { actions: ['lambda:InvokeFunction'], resources: [`<${starterOf(scheduled)}.Arn>`] },
      { actions: ['sqs:SendMessage'], resources: [`<${dlqOf(scheduled)}.Arn>`] },
    ]);
  });

  it('is the only role that may invoke the starter, with the Aurora watch (its re-stop)', () => {
    const invokers = policyStatements(scheduled.main).filter(({ statement }) =>
      resourcesOf(statement).some(
        (r) =>
          JSON.stringify(r) === JSON.stringify({ 'Fn::GetAtt': [starterOf(scheduled), 'Arn'] }),
      ),
    );
    expect(invokers.map((s) => s.role)).toEqual([
      roleOf(scheduled),
      id(scheduled, 'AWS::IAM::Role', 'AuroraWatchHandlerRole'),
    ]);
  });
});

describe('the schedule dead-letter queue', () => {
  it('is encrypted, keeps messages 14 days and refuses requests without TLS', () => {
    expect(resources(scheduled)[dlqOf(scheduled)].Properties).toEqual({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    const [policy] = Object.values(scheduled.main.findResources('AWS::SQS::QueuePolicy')).filter(
      (p) => JSON.stringify(p.Properties.Queues) === JSON.stringify([{ Ref: dlqOf(scheduled) }]),
    );
    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      expect.objectContaining({
        Effect: 'Deny',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
      // The example's trigger rule may dead-letter here too (test/infra/event-triggers.test.ts).
      expect.objectContaining({ Sid: 'TriggerRulesDeadLetters' }),
    ]);
  });

  it('also keeps the starter invocations that failed (retried twice, for at most 15 minutes)', () => {
    scheduled.main.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: starterOf(scheduled) },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 900,
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [dlqOf(scheduled), 'Arn'] } },
      },
    });
  });

  it('raises an alarm on the alarm topic as soon as it holds a message', () => {
    const alarm = Object.values(scheduled.main.findResources('AWS::CloudWatch::Alarm')).find(
      (a) => a.Properties.AlarmName === 'webapp-chatops-schedule-dead-letters',
    );
    expect(alarm?.Properties).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqOf(scheduled), 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: logicalId(scheduled.main, 'AWS::SNS::Topic', 'AlarmTopic') }],
    });
  });

  it('is graphed on the dashboard, with the starter', () => {
    const [dashboard] = Object.values(scheduled.main.findResources('AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    expect(body).toContain('Schedule dead-letter queue');
    expect(body).toContain('Starter errors');
  });
});

describe('the Change Calendars', () => {
  it('are one TEXT ChangeCalendar document per configured calendar, the iCalendar text as it is', () => {
    const documents = Object.values(scheduled.main.findResources('AWS::SSM::Document'));
    expect(documents.map((d) => d.Properties)).toEqual([
      {
        Name: 'shop-holidays',
        DocumentType: 'ChangeCalendar',
        DocumentFormat: 'TEXT',
        Content: HOLIDAYS_ICS,
        UpdateMethod: 'NewVersion',
      },
    ]);
    expect(plain.main.findResources('AWS::SSM::Document')).toEqual({});
  });
});

describe('the schedule state table', () => {
  it('is keyed pk/sk with a TTL, on demand, recoverable, and goes with the stack', () => {
    const table = resources(scheduled)[tableOf(scheduled)];
    expect(table).toMatchObject({
      DeletionPolicy: 'Delete',
      Properties: {
        KeySchema: [
          { AttributeName: SCHEDULE_TABLE_KEYS.partition, KeyType: 'HASH' },
          { AttributeName: SCHEDULE_TABLE_KEYS.sort, KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      },
    });
    expect(table.Properties.SSESpecification).toBeUndefined();
    scheduled.main.hasOutput('ScheduleTableName', { Value: { Ref: tableOf(scheduled) } });
  });
});

describe('the starter', () => {
  it('gets the secret, the state machines and the tables by name or ARN', () => {
    const env = resources(scheduled)[starterOf(scheduled)].Properties.Environment.Variables;
    expect(env).toEqual({
      SLACK_SECRET_ARN: { Ref: logicalId(scheduled.main, 'AWS::SecretsManager::Secret', 'Slack') },
      AUDIT_LOG_GROUP: expect.anything(),
      STOP_STATE_MACHINE_ARN: expect.anything(),
      START_STATE_MACHINE_ARN: expect.anything(),
      LOCK_TABLE_NAME: { Ref: logicalId(scheduled.main, 'AWS::DynamoDB::Table', 'RunsRunLocks') },
      SCHEDULE_TABLE: { Ref: tableOf(scheduled) },
      EVENT_RULE_PREFIX: 'WebappChatops',
      ...POWERTOOLS_ENVIRONMENT,
      NODE_OPTIONS: '--enable-source-maps',
    });
    expect(flatten(env.STOP_STATE_MACHINE_ARN)).toBe(MACHINES[1]);
    expect(flatten(env.START_STATE_MACHINE_ARN)).toBe(MACHINES[0]);
  });

  it('may start runs, look runs up, take the lock, keep schedule state and ask the named calendars', () => {
    const lock = logicalId(scheduled.main, 'AWS::DynamoDB::Table', 'RunsRunLocks');
    const secret = logicalId(scheduled.main, 'AWS::SecretsManager::Secret', 'Slack');
    expect(grantsOf(scheduled, 'ScheduledStarterFunction')).toEqual([
      { actions: ['states:StartExecution'], resources: MACHINES },
      { actions: ['states:DescribeExecution'], resources: EXECUTIONS },
      { actions: ['secretsmanager:GetSecretValue'], resources: [`<${secret}>`] },
      // The lock as the bot takes it; firings claimed, settled and given back the same way.
      {
        actions: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem'],
        resources: [`<${lock}.Arn>`, `<${tableOf(scheduled)}.Arn>`],
      },
      // The deployed calendar and the external one a schedule names.
      {
        actions: ['ssm:GetCalendarState', 'ssm:GetDocument'],
        resources: [arn('ssm', 'document/ops-freeze'), arn('ssm', 'document/shop-holidays')],
      },
      // Its asynchronous invocations' failure destination.
      {
        actions: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
        resources: [`<${dlqOf(scheduled)}.Arn>`],
      },
    ]);
  });

  it('asks no calendar when none is named', () => {
    const actions = grantsOf(plain, 'ScheduledStarterFunction').flatMap((s) => s.actions);
    expect(actions.filter((a) => a.startsWith('ssm:'))).toEqual([]);
  });
});

describe('the bot', () => {
  it('learns where to create one-off schedules from its environment', () => {
    const bot = id(scheduled, 'AWS::Lambda::Function', 'ChatOpsBotFunction');
    expect(resources(scheduled)[bot].Properties.Environment.Variables).toMatchObject({
      SCHEDULE_TABLE: { Ref: tableOf(scheduled) },
      SCHEDULE_GROUP: GROUP,
      SCHEDULER_ROLE_ARN: { 'Fn::GetAtt': [roleOf(scheduled), 'Arn'] },
      SCHEDULED_RUN_FUNCTION_ARN: { 'Fn::GetAtt': [starterOf(scheduled), 'Arn'] },
      SCHEDULE_DLQ_ARN: { 'Fn::GetAtt': [dlqOf(scheduled), 'Arn'] },
    });
  });

  it('may create, read and delete schedules of the app group only, passing only the scheduler role', () => {
    const grants = grantsOf(scheduled, 'ChatOpsBotFunction');
    expect(grants.filter((s) => s.actions.some((a) => /^(scheduler|iam):/.test(a)))).toEqual([
      {
        actions: ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule', 'scheduler:GetSchedule'],
        resources: [arn('scheduler', `schedule/${GROUP}/oneoff-*`)],
      },
      {
        actions: ['iam:PassRole'],
        resources: [`<${roleOf(scheduled)}.Arn>`],
        condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      },
    ]);
    expect(grants).toContainEqual({
      actions: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
      resources: [`<${tableOf(scheduled)}.Arn>`],
    });
  });

  it('is the only role that may touch schedules or pass the scheduler role', () => {
    const bot = id(scheduled, 'AWS::Lambda::Function', 'ChatOpsBotFunction');
    const botRole = resources(scheduled)[bot].Properties.Role['Fn::GetAtt'][0];
    const schedulerRole = `<${roleOf(scheduled)}.Arn>`;
    const holders = policyStatements(scheduled.main).filter(({ statement }) => {
      const actions = actionsOf(statement);
      return (
        actions.some((a) => a.startsWith('scheduler:')) ||
        (actions.includes('iam:PassRole') &&
          resourcesOf(statement).map(flatten).includes(schedulerRole))
      );
    });
    expect(new Set(holders.map((s) => s.role))).toEqual(new Set([botRole]));
  });
});

describe('the approval requester', () => {
  it('reads firing and one-off records and the run record, and answers the approval tasks of both jobnets, nothing more', () => {
    const requester = id(scheduled, 'AWS::Lambda::Function', 'ApprovalRequestApproval');
    const runState = logicalId(scheduled.main, 'AWS::DynamoDB::Table', 'RunStateTable');
    expect(resources(scheduled)[requester].Properties.Environment.Variables).toMatchObject({
      SCHEDULE_TABLE: { Ref: tableOf(scheduled) },
      RUN_STATE_TABLE_NAME: { Ref: runState },
    });
    const secret = logicalId(scheduled.main, 'AWS::SecretsManager::Secret', 'Slack');
    expect(grantsOf(scheduled, 'ApprovalRequestApproval')).toEqual([
      { actions: ['secretsmanager:GetSecretValue'], resources: [`<${secret}>`] },
      // Firing records, and the run record Prepare wrote (the plan the request shows).
      {
        actions: ['dynamodb:GetItem'],
        resources: [`<${runState}.Arn>`, `<${tableOf(scheduled)}.Arn>`],
      },
      // It completes a run approved in advance; it never fails one.
      { actions: ['states:SendTaskSuccess'], resources: MACHINES },
    ]);
  });
});

describe('with schedules and calendars', () => {
  it('grants the new roles nothing on "*" but X-Ray', () => {
    for (const prefix of [
      'ScheduledStarterFunction',
      'ApprovalRequestApproval',
      'ChatOpsBotFunction',
    ]) {
      const fn = id(scheduled, 'AWS::Lambda::Function', prefix);
      const role = resources(scheduled)[fn].Properties.Role['Fn::GetAtt'][0];
      const onStar = statementsOfRole(scheduled, role).filter((s) => s.resources.includes('*'));
      expect(onStar.flatMap((s) => s.actions)).toEqual([
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ]);
    }
    expect(
      statementsOfRole(scheduled, roleOf(scheduled)).flatMap((s) => s.resources),
    ).not.toContain('*');
  });

  it('leaves no cdk-nag AwsSolutions finding unacknowledged', () => {
    expect(nagViolations(scheduled, scheduled.stacks.main)).toEqual([]);
  });
});
