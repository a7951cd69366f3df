import { JOBNET_TAG_KEY } from '../../contract/jobnet-tag';
import { STATE_MACHINE_IMPLICIT_ACTIONS } from '../../infra/constructs/jobnet-state-machine';
import {
  actionsOf,
  exampleConfig,
  flatten,
  logicalId,
  nagViolations,
  policyStatements,
  resourcesOf,
  synthApp,
  type Statement,
  type SynthResult,
} from './synth-app';
import { scheduledConfig, SYNTH_TIME, unscheduledConfig } from './scheduled-config';

const INSTANCE_IDS = ['i-0123456789abcdef0', 'i-0fedcba9876543210'];
const LISTENER =
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop-alb/0000000000000001/0000000000000001';
const LISTENER_RULES =
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/shop-alb/0000000000000001/0000000000000001/*';
const ANY_INSTANCE = 'arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:instance/*';
const RUN_SHELL_SCRIPT = 'arn:<AWS::Partition>:ssm:<AWS::Region>::document/AWS-RunShellScript';

const BLOG_LISTENER =
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/blog-alb/0000000000000003/0000000000000004';

let byTags: SynthResult;
let byIds: SynthResult;
let twoSystems: SynthResult;
let withSchedules: SynthResult;
beforeAll(() => {
  withSchedules = synthApp(scheduledConfig(), SYNTH_TIME);
  byTags = synthApp(unscheduledConfig());
  const ids = exampleConfig();
  ids.systems[0].instances = { ids: INSTANCE_IDS };
  byIds = synthApp(ids);
  const two = exampleConfig();
  two.systems.push({
    ...two.systems[0],
    name: 'blog',
    instances: { ids: INSTANCE_IDS.slice(0, 1) },
    dbClusterId: 'blog-db',
    listenerArn: BLOG_LISTENER,
  });
  twoSystems = synthApp(two);
});

/** The statements of one function's role that grant `action`. */
function grants(synth: SynthResult, functionPrefix: string, action: string): Statement[] {
  const role = logicalId(synth.main, 'AWS::IAM::Role', `${functionPrefix}Role`);
  return policyStatements(synth.main)
    .filter((s) => s.role === role && actionsOf(s.statement).includes(action))
    .map((s) => s.statement);
}

describe('instances selected by tags', () => {
  it('stop/start only instances carrying every configured tag', () => {
    for (const action of ['ec2:StopInstances', 'ec2:StartInstances']) {
      const [statement, ...others] = grants(byTags, 'Tasksinstancepower', action);
      expect(others).toEqual([]);
      expect(resourcesOf(statement).map(flatten)).toEqual([ANY_INSTANCE]);
      expect(statement.Condition).toEqual({
        StringEquals: { 'aws:ResourceTag/System': 'shop', 'aws:ResourceTag/Role': 'web' },
      });
    }
  });

  it('send commands only with AWS-RunShellScript, to instances tagged so (ssm:resourceTag)', () => {
    const statements = grants(byTags, 'Tasksrunscript', 'ssm:SendCommand');
    expect(statements).toHaveLength(2);
    const document = statements.find((s) => !s.Condition);
    const instances = statements.find((s) => s.Condition);
    expect(flatten(document?.Resource)).toBe(RUN_SHELL_SCRIPT);
    expect(resourcesOf(instances!).map(flatten)).toEqual([ANY_INSTANCE]);
    expect(instances?.Condition).toEqual({
      StringEquals: { 'ssm:resourceTag/System': 'shop', 'ssm:resourceTag/Role': 'web' },
    });
  });
});

describe('instances selected by ids', () => {
  const tagged = (key: string) => ({ StringEquals: { [`${key}/${JOBNET_TAG_KEY}`]: ['shop'] } });

  it('stop/start only instances carrying the jobnet tag with the system name', () => {
    const [statement, ...others] = grants(byIds, 'Tasksinstancepower', 'ec2:StopInstances');
    expect(others).toEqual([]);
    expect(resourcesOf(statement).map(flatten)).toEqual([ANY_INSTANCE]);
    expect(statement.Condition).toEqual(tagged('aws:ResourceTag'));
  });

  it('send commands only to instances carrying the jobnet tag (ssm:resourceTag)', () => {
    const statements = grants(byIds, 'Tasksrunscript', 'ssm:SendCommand');
    const instances = statements.filter((s) => s.Condition);
    expect(instances).toHaveLength(1);
    expect(resourcesOf(instances[0]).map(flatten)).toEqual([ANY_INSTANCE]);
    expect(instances[0].Condition).toEqual(tagged('ssm:resourceTag'));
  });

  it('name no instance id in any policy', () => {
    const policies = JSON.stringify(byIds.main.findResources('AWS::IAM::Policy'));
    for (const id of INSTANCE_IDS) expect(policies).not.toContain(id);
  });

  it('keep the task policies the same size from 2 to 500 configured instance ids', () => {
    const many = exampleConfig();
    many.systems[0].instances = {
      ids: Array.from({ length: 500 }, (_, i) => `i-${i.toString(16).padStart(17, '0')}`),
    };
    const size = (synth: SynthResult) =>
      Object.values(synth.main.findResources('AWS::IAM::Policy')).map(
        (policy) => JSON.stringify(policy.Properties.PolicyDocument).length,
      );
    expect(size(synthApp(many))).toEqual(size(byIds));
  });
});

it('stops, starts and describes only the configured DB cluster', () => {
  const [statement] = grants(byTags, 'Tasksdbcluster', 'rds:StopDBCluster');
  expect(actionsOf(statement).sort()).toEqual([
    'rds:DescribeDBClusters',
    'rds:StartDBCluster',
    'rds:StopDBCluster',
  ]);
  expect(flatten(statement.Resource)).toBe(
    'arn:<AWS::Partition>:rds:<AWS::Region>:<AWS::AccountId>:cluster:shop-db',
  );
});

it('creates rules on the configured listener, deletes only its own tagged rules, tags on create only', () => {
  expect(grants(byTags, 'Tasksmaintenancepage', 'elasticloadbalancing:CreateRule')).toEqual([
    expect.objectContaining({ Resource: LISTENER }),
  ]);
  expect(grants(byTags, 'Tasksmaintenancepage', 'elasticloadbalancing:DeleteRule')).toEqual([
    expect.objectContaining({
      Resource: LISTENER_RULES,
      Condition: { StringEquals: { 'aws:ResourceTag/webapp-chatops': 'maintenance-page' } },
    }),
  ]);
  expect(grants(byTags, 'Tasksmaintenancepage', 'elasticloadbalancing:AddTags')).toEqual([
    expect.objectContaining({
      Resource: LISTENER_RULES,
      Condition: { StringEquals: { 'elasticloadbalancing:CreateAction': 'CreateRule' } },
    }),
  ]);
});

describe('two systems, one selected by tags and one by ids, on two listeners', () => {
  it('reaches the tagged instances by their selector and the listed one by the jobnet tag, separately', () => {
    const statements = grants(twoSystems, 'Tasksinstancepower', 'ec2:StopInstances');
    for (const statement of statements) {
      expect(resourcesOf(statement).map(flatten)).toEqual([ANY_INSTANCE]);
    }
    expect(statements.map((s) => s.Condition)).toEqual([
      { StringEquals: { [`aws:ResourceTag/${JOBNET_TAG_KEY}`]: ['blog'] } },
      { StringEquals: { 'aws:ResourceTag/System': 'shop', 'aws:ResourceTag/Role': 'web' } },
    ]);
  });

  it('covers both clusters and the rules of both listeners', () => {
    const [cluster] = grants(twoSystems, 'Tasksdbcluster', 'rds:StopDBCluster');
    expect(resourcesOf(cluster).map(flatten)).toEqual([
      'arn:<AWS::Partition>:rds:<AWS::Region>:<AWS::AccountId>:cluster:blog-db',
      'arn:<AWS::Partition>:rds:<AWS::Region>:<AWS::AccountId>:cluster:shop-db',
    ]);
    const [rules] = grants(twoSystems, 'Tasksmaintenancepage', 'elasticloadbalancing:DeleteRule');
    expect(resourcesOf(rules)).toEqual([
      `${BLOG_LISTENER.replace(':listener/', ':listener-rule/')}/*`,
      LISTENER_RULES,
    ]);
  });
});

describe('scheduled runs', () => {
  const calendars = (synth: SynthResult) =>
    policyStatements(synth.main)
      .filter(({ statement }) => actionsOf(statement).includes('ssm:GetCalendarState'))
      .map(({ statement }) => resourcesOf(statement).map(flatten));

  it('read exactly the calendars the systems and schedules name, deployed or external', () => {
    expect(calendars(withSchedules)).toEqual([
      [
        'arn:<AWS::Partition>:ssm:<AWS::Region>:<AWS::AccountId>:document/ops-freeze',
        'arn:<AWS::Partition>:ssm:<AWS::Region>:<AWS::AccountId>:document/shop-holidays',
      ],
    ]);
  });

  it('read no calendar when none is named', () => {
    expect(calendars(byTags)).toEqual([]);
  });

  it('create one-off schedules in the app group only, with the scheduler role only', () => {
    const [create] = grants(withSchedules, 'ChatOpsBot', 'scheduler:CreateSchedule');
    expect(resourcesOf(create).map(flatten)).toEqual([
      'arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/WebappChatops/oneoff-*',
    ]);
    const [pass] = grants(withSchedules, 'ChatOpsBot', 'iam:PassRole');
    expect(resourcesOf(pass).map(flatten)).toEqual([
      `<${logicalId(withSchedules.main, 'AWS::IAM::Role', 'ScheduledSchedulerRole')}.Arn>`,
    ]);
    expect(pass.Condition).toEqual({
      StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' },
    });
  });
});

/** Reads (Describe/Get/List), X-Ray, and CDK's vended log delivery for the state machines. */
const UNSCOPABLE = /^[a-z0-9-]+:(Describe|Get|List)[A-Za-z]*$/;
const IMPLICIT = new Set<string>(STATE_MACHINE_IMPLICIT_ACTIONS);

const CONFIGS: [string, () => SynthResult][] = [
  ['instances by tags', () => byTags],
  ['instances by ids', () => byIds],
  ['two systems', () => twoSystems],
  ['schedules and calendars', () => withSchedules],
];

it.each(CONFIGS)('gives every function its own role (%s)', (_label, get) => {
  const functions = Object.values(get().main.findResources('AWS::Lambda::Function'));
  const roles = functions.map((f) => f.Properties.Role['Fn::GetAtt'][0]);
  expect(new Set(roles).size).toBe(functions.length);
});

it.each(CONFIGS)('grants nothing mutating on "*" (%s)', (_label, get) => {
  const onStar = policyStatements(get().main).filter(({ statement }) =>
    resourcesOf(statement).includes('*'),
  );
  expect(onStar.length).toBeGreaterThan(0);
  const mutating = onStar
    .flatMap(({ statement }) => actionsOf(statement))
    .filter((action) => !UNSCOPABLE.test(action) && !IMPLICIT.has(action));
  expect(mutating).toEqual([]);
});

it('writes each function log only to its own log group, and audit records only to the audit log group', () => {
  const statements = policyStatements(byTags.main).filter(({ statement }) =>
    actionsOf(statement).includes('logs:PutLogEvents'),
  );
  const resources = statements.flatMap(({ statement }) => [statement.Resource].flat());
  const own = { 'Fn::GetAtt': [expect.stringMatching(/Logs/), 'Arn'] };
  const audit = { 'Fn::GetAtt': [expect.stringMatching(/^AuditRecords/), 'Arn'] };
  for (const resource of resources) expect([own, audit]).toContainEqual(resource);
  // Ten functions, the scheduled-run starter, the Aurora watch, the history responder, the
  // wait matcher and the poller, each to its own group.
  const ownGroups = new Set(
    resources.map((r) => JSON.stringify(r)).filter((r) => !r.includes('AuditRecords')),
  );
  expect(ownGroups.size).toBe(15);
});

it('lets the history reader read only the audit log group, and do nothing else but log and trace', () => {
  const role = logicalId(byTags.main, 'AWS::IAM::Role', 'AuditHistoryRole');
  const auditGroup = logicalId(byTags.main, 'AWS::Logs::LogGroup', 'AuditRecords');
  const ownLog = logicalId(byTags.main, 'AWS::Logs::LogGroup', 'AuditHistoryLogs');
  const granted = policyStatements(byTags.main)
    .filter((s) => s.role === role)
    .flatMap(({ statement }) =>
      actionsOf(statement).flatMap((action) =>
        resourcesOf(statement).map((r) => `${action} ${flatten(r)}`),
      ),
    );
  expect(granted.sort()).toEqual(
    [
      `logs:CreateLogStream <${ownLog}.Arn>`,
      `logs:FilterLogEvents <${auditGroup}.Arn>`,
      `logs:PutLogEvents <${ownLog}.Arn>`,
      'xray:PutTelemetryRecords *',
      'xray:PutTraceSegments *',
    ].sort(),
  );
});

it.each(CONFIGS)('leaves no cdk-nag AwsSolutions finding unacknowledged (%s)', (_label, get) => {
  expect(nagViolations(get(), get().stacks.main)).toEqual([]);
});
