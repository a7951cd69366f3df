import { Match } from 'aws-cdk-lib/assertions';
import {
  AURORA_DAILY_CHECK_EXPRESSION,
  AURORA_DAILY_CHECK_SCHEDULE,
} from '../../config/aurora-watch-deployment';
import {
  actionsOf,
  exampleConfig,
  flatten,
  logicalId,
  nagViolations,
  policyStatements,
  resourcesOf,
  synthApp,
  type SynthResult,
} from './synth-app';

let watched: SynthResult;
let unwatched: SynthResult;
beforeAll(() => {
  const two = exampleConfig();
  two.systems.push({
    ...two.systems[0],
    name: 'blog',
    dbClusterId: 'blog-db',
    maintenancePage: { ...two.systems[0].maintenancePage, priority: 2 },
    schedules: [],
    auroraWatch: { policy: 'notify' },
  });
  two.systems.push({
    ...two.systems[0],
    name: 'wiki',
    dbClusterId: 'wiki-db',
    maintenancePage: { ...two.systems[0].maintenancePage, priority: 3 },
    schedules: [],
    auroraWatch: undefined,
  });
  watched = synthApp(two);
  const none = exampleConfig();
  delete none.systems[0].auroraWatch;
  unwatched = synthApp(none);
});

/** The statements of the watch function's role. */
function watchStatements() {
  const role = logicalId(watched.main, 'AWS::IAM::Role', 'AuroraWatchHandlerRole');
  return policyStatements(watched.main)
    .filter((s) => s.role === role)
    .map((s) => s.statement);
}
const granting = (action: string) => watchStatements().filter((s) => actionsOf(s).includes(action));

describe('the Aurora watch in the stack', () => {
  it('is deployed only when some system has auroraWatch', () => {
    expect(unwatched.stacks.main.auroraWatch).toBeUndefined();
    const rules = (synth: SynthResult) =>
      Object.values(synth.main.findResources('AWS::Events::Rule')).filter((r) =>
        JSON.stringify(r.Properties.EventPattern ?? {}).includes('RDS-EVENT-0153'),
      );
    expect(rules(unwatched)).toEqual([]);
    expect(rules(watched)).toHaveLength(1);
    unwatched.main.resourcePropertiesCountIs(
      'AWS::Scheduler::Schedule',
      { Name: AURORA_DAILY_CHECK_SCHEDULE },
      0,
    );
    expect(watched.stacks.main.auroraWatch).toBeDefined();
  });

  it('a rule on the default bus matches RDS-EVENT-0153 of the watched clusters only', () => {
    watched.main.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.rds'],
        'detail-type': ['RDS DB Cluster Event'],
        detail: { EventID: ['RDS-EVENT-0153'], SourceIdentifier: ['shop-db', 'blog-db'] },
      },
      State: 'ENABLED',
      Targets: [
        Match.objectLike({
          DeadLetterConfig: Match.anyValue(),
          RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        }),
      ],
    });
    const rule = watched.main.findResources('AWS::Events::Rule');
    expect(Object.values(rule)[0].Properties.EventBusName).toBeUndefined();
  });

  it('checks daily in the app’s schedule group, with a scheduler role for its group only', () => {
    watched.main.hasResourceProperties('AWS::Scheduler::Schedule', {
      Name: AURORA_DAILY_CHECK_SCHEDULE,
      ScheduleExpression: AURORA_DAILY_CHECK_EXPRESSION,
      ScheduleExpressionTimezone: 'UTC',
      GroupName: { Ref: Match.stringLikeRegexp('^ScheduledGroup') },
      Target: Match.objectLike({
        Input: '{"kind":"daily-check","scheduledAt":"<aws.scheduler.scheduled-time>"}',
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: Match.anyValue() },
      }),
    });
    const role = watched.main.findResources('AWS::IAM::Role', {
      Properties: {
        Description: 'EventBridge Scheduler: invokes the Aurora watch for its daily check',
      },
    });
    const trust = Object.values(role)[0].Properties.AssumeRolePolicyDocument.Statement[0];
    expect(trust.Condition.StringEquals['aws:SourceAccount']).toEqual({ Ref: 'AWS::AccountId' });
    expect(flatten(trust.Condition.StringEquals['aws:SourceArn'])).toMatch(
      /:scheduler:<AWS::Region>:<AWS::AccountId>:schedule-group\/WebappChatops$/,
    );
  });

  it('least privilege: RDS reads of the watched clusters, the table, the secret, the starter', () => {
    const [clusters] = granting('rds:DescribeDBClusters');
    expect(resourcesOf(clusters).map(flatten).sort()).toEqual([
      'arn:<AWS::Partition>:rds:<AWS::Region>:<AWS::AccountId>:cluster:blog-db',
      'arn:<AWS::Partition>:rds:<AWS::Region>:<AWS::AccountId>:cluster:shop-db',
    ]);
    const [events] = granting('rds:DescribeEvents');
    expect(events.Resource).toBe('*');
    expect(actionsOf(events).filter((a) => !a.startsWith('xray:'))).toEqual(['rds:DescribeEvents']);
    const [invoke] = granting('lambda:InvokeFunction');
    expect(resourcesOf(invoke).map(flatten)).toEqual([
      expect.stringMatching(/^<ScheduledStarterFunction[0-9A-F]+\.Arn>$/),
    ]);
    const [table] = granting('dynamodb:PutItem');
    expect(actionsOf(table).sort()).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
    ]);
    expect(flatten(resourcesOf(table)[0])).toMatch(/^<ScheduleStateTable[0-9A-F]+\.Arn>$/);
    expect(granting('secretsmanager:GetSecretValue')).toHaveLength(1);
    expect(
      granting('logs:PutLogEvents')
        .flatMap((s) => resourcesOf(s).map(flatten))
        .sort(),
    ).toEqual([
      expect.stringMatching(/^<AuditRecords/),
      expect.stringMatching(/^<AuroraWatchHandlerLogs/),
    ]);
    const everything = watchStatements().flatMap(actionsOf);
    expect(everything.some((a) => /rds:(Stop|Start)/.test(a))).toBe(false);
  });

  it('keeps failed invocations: async retries, then its dead-letter queue', () => {
    watched.main.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: Match.stringLikeRegexp('^AuroraWatchHandlerFunction') },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 3600,
      DestinationConfig: {
        OnFailure: {
          Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuroraWatchDeadLetters'), 'Arn'] },
        },
      },
    });
  });

  it('is cdk-nag clean', () => {
    expect(nagViolations(watched, watched.stacks.main)).toEqual([]);
  });
});
