import { PEN_LEASE_MS } from '../../bot/progress-notifier/run-records';
import { POWERTOOLS_ENVIRONMENT } from '../../infra/constructs/jobnet-function';
import {
  actionsOf,
  flatten,
  logicalId,
  policyStatements,
  resourcesOf,
  synthApp,
  type SynthResult,
} from './synth-app';

const MACHINE = (name: string) =>
  `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:stateMachine:webapp-chatops-${name}`;
const EXECUTIONS = (name: string) =>
  `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:webapp-chatops-${name}:*`;

let synth: SynthResult;
let botFunction: string;
let notifierFunction: string;
let statusFunction: string;
let secret: string;
beforeAll(() => {
  synth = synthApp();
  botFunction = logicalId(synth.main, 'AWS::Lambda::Function', 'ChatOpsBotFunction');
  notifierFunction = logicalId(synth.main, 'AWS::Lambda::Function', 'ProgressNotifierFunction');
  statusFunction = logicalId(synth.main, 'AWS::Lambda::Function', 'ChatOpsStatusFunction');
  secret = logicalId(synth.main, 'AWS::SecretsManager::Secret', 'Slack');
});

function functionProps(id: string) {
  return synth.main.toJSON().Resources[id].Properties;
}

function roleStatements(functionId: string) {
  const role = functionProps(functionId).Role['Fn::GetAtt'][0];
  return policyStatements(synth.main)
    .filter((s) => s.role === role)
    .map((s) => s.statement);
}

describe('the bot', () => {
  it('is reached through a public Function URL, given as the BotFunctionUrl output', () => {
    const url = logicalId(synth.main, 'AWS::Lambda::Url', 'ChatOpsBot');
    synth.main.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'NONE',
      TargetFunctionArn: { 'Fn::GetAtt': [botFunction, 'Arn'] },
    });
    synth.main.hasOutput('BotFunctionUrl', { Value: { 'Fn::GetAtt': [url, 'FunctionUrl'] } });
  });

  it('gets the secret, the state machines, the status and history functions, the tables and the scheduling by name or ARN only', () => {
    expect(functionProps(botFunction).Environment.Variables).toEqual({
      SLACK_SECRET_ARN: { Ref: secret },
      AUDIT_LOG_GROUP: expect.anything(),
      STOP_STATE_MACHINE_ARN: expect.anything(),
      START_STATE_MACHINE_ARN: expect.anything(),
      STATUS_FUNCTION_ARN: { 'Fn::GetAtt': [statusFunction, 'Arn'] },
      HISTORY_FUNCTION_ARN: {
        'Fn::GetAtt': [logicalId(synth.main, 'AWS::Lambda::Function', 'AuditHistory'), 'Arn'],
      },
      LOCK_TABLE_NAME: { Ref: logicalId(synth.main, 'AWS::DynamoDB::Table', 'RunsRunLocks') },
      SCHEDULE_TABLE: { Ref: logicalId(synth.main, 'AWS::DynamoDB::Table', 'ScheduleState') },
      SCHEDULE_GROUP: 'WebappChatops',
      SCHEDULER_ROLE_ARN: {
        'Fn::GetAtt': [logicalId(synth.main, 'AWS::IAM::Role', 'ScheduledSchedulerRole'), 'Arn'],
      },
      SCHEDULED_RUN_FUNCTION_ARN: {
        'Fn::GetAtt': [logicalId(synth.main, 'AWS::Lambda::Function', 'ScheduledStarter'), 'Arn'],
      },
      SCHEDULE_DLQ_ARN: {
        'Fn::GetAtt': [logicalId(synth.main, 'AWS::SQS::Queue', 'ScheduledDeadLetters'), 'Arn'],
      },
      ...POWERTOOLS_ENVIRONMENT,
      NODE_OPTIONS: '--enable-source-maps',
    });
    const env = functionProps(botFunction).Environment.Variables;
    expect(flatten(env.STOP_STATE_MACHINE_ARN)).toBe(MACHINE('stop'));
    expect(flatten(env.START_STATE_MACHINE_ARN)).toBe(MACHINE('start'));
  });

  it('starts, lists and answers the approvals of both jobnets, redrives and stops their runs', () => {
    const statements = roleStatements(botFunction);
    const onMachines = statements.find((s) => actionsOf(s).includes('states:StartExecution'));
    expect(actionsOf(onMachines!).sort()).toEqual([
      'states:ListExecutions',
      'states:SendTaskFailure',
      'states:SendTaskSuccess',
      'states:StartExecution',
    ]);
    expect(resourcesOf(onMachines!).map(flatten).sort()).toEqual([
      MACHINE('start'),
      MACHINE('stop'),
    ]);
    const onRuns = statements.find((s) => actionsOf(s).includes('states:RedriveExecution'));
    expect(actionsOf(onRuns!).sort()).toEqual([
      'states:DescribeExecution',
      'states:GetExecutionHistory',
      'states:RedriveExecution',
      'states:StopExecution',
    ]);
    expect(resourcesOf(onRuns!).map(flatten).sort()).toEqual([
      EXECUTIONS('start'),
      EXECUTIONS('stop'),
    ]);
  });

  it('hands /webapp status and history to their functions, the only functions it may invoke', () => {
    const invoke = roleStatements(botFunction).filter((s) =>
      actionsOf(s).some((a) => a.startsWith('lambda:')),
    );
    const historyFunction = logicalId(synth.main, 'AWS::Lambda::Function', 'AuditHistory');
    expect(invoke).toEqual([
      expect.objectContaining({
        Action: 'lambda:InvokeFunction',
        Resource: [
          { 'Fn::GetAtt': [historyFunction, 'Arn'] },
          { 'Fn::GetAtt': [statusFunction, 'Arn'] },
        ],
      }),
    ]);
    synth.main.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: statusFunction },
      MaximumRetryAttempts: 0,
    });
  });

  it('looks at systems only through the status function, which only reads (resources and runs)', () => {
    expect(
      roleStatements(botFunction)
        .flatMap(actionsOf)
        .filter((a) => /^(ec2|rds|elastic)/.test(a)),
    ).toEqual([]);
    const reads = roleStatements(statusFunction)
      .flatMap(actionsOf)
      .filter((a) => !a.startsWith('logs:') && !a.startsWith('xray:'));
    // A cancel's check and report read the run too, and the report is posted with the bot token.
    expect(reads.sort()).toEqual([
      'ec2:DescribeInstances',
      'elasticloadbalancing:DescribeRules',
      'elasticloadbalancing:DescribeTargetHealth',
      'rds:DescribeDBClusters',
      'secretsmanager:GetSecretValue',
      'states:DescribeExecution',
      'states:GetExecutionHistory',
    ]);
  });

  it('answers task tokens with the approval requester (for runs approved in advance), the wait matcher and poller, and the waiting task functions only', () => {
    const roleOf = (prefix: string) =>
      functionProps(logicalId(synth.main, 'AWS::Lambda::Function', prefix)).Role['Fn::GetAtt'][0];
    const answering = policyStatements(synth.main).filter(({ statement }) =>
      actionsOf(statement).some((a) => a.startsWith('states:SendTask')),
    );
    expect(new Set(answering.map((s) => s.role))).toEqual(
      new Set(
        [
          'ChatOpsBotFunction',
          'ApprovalRequestApproval',
          'WaitsMatcherHandler',
          'WaitsPollerHandler',
          'TasksrunscriptFunction',
          'TasksinstancepowerFunction',
          'TasksdbclusterFunction',
          'TaskstargethealthFunction',
        ].map(roleOf),
      ),
    );
    // Each on the two state machines only, never a heartbeat.
    for (const { statement } of answering) {
      expect(resourcesOf(statement).map(flatten).sort()).toEqual([
        MACHINE('start'),
        MACHINE('stop'),
      ]);
      expect(actionsOf(statement)).not.toContain('states:SendTaskHeartbeat');
    }
  });

  it('bakes the validated configuration into its bundle, not into the template', () => {
    expect(JSON.stringify(functionProps(botFunction))).not.toContain('S0OPERATORS');
  });
});

describe('the Slack secret', () => {
  it('is created with a placeholder token and a generated signing secret, never a value', () => {
    synth.main.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: {
        SecretStringTemplate: JSON.stringify({ botToken: 'xoxb-replace-me' }),
        GenerateStringKey: 'signingSecret',
      },
    });
  });

  it('is readable (GetSecretValue only) by exactly the six Slack-facing functions', () => {
    const readers = policyStatements(synth.main).filter(({ statement }) =>
      actionsOf(statement).some((a) => a.startsWith('secretsmanager:')),
    );
    // The bot, the approval requester, the notifier, the starter, the Aurora watch, and the
    // status responder (which posts a cancel's report in the run's thread).
    expect(readers).toHaveLength(6);
    for (const { statement } of readers) {
      expect(actionsOf(statement)).toEqual(['secretsmanager:GetSecretValue']);
      expect(statement.Resource).toEqual({ Ref: secret });
    }
  });
});

describe('the progress notifier', () => {
  it('is subscribed to both execution log groups', () => {
    for (const jobnet of ['Stop', 'Start']) {
      const group = logicalId(synth.main, 'AWS::Logs::LogGroup', `${jobnet}JobnetExecutionLogs`);
      synth.main.hasResourceProperties('AWS::Logs::SubscriptionFilter', {
        LogGroupName: { Ref: group },
        DestinationArn: { 'Fn::GetAtt': [notifierFunction, 'Arn'] },
        FilterPattern: '',
      });
      synth.main.hasResourceProperties('AWS::Lambda::Permission', {
        Principal: 'logs.amazonaws.com',
        SourceArn: { 'Fn::GetAtt': [group, 'Arn'] },
      });
    }
  });

  it('gets every status change of both jobnets from EventBridge, with retries and a DLQ', () => {
    const dlq = logicalId(synth.main, 'AWS::SQS::Queue', 'ProgressDeadLetters');
    const rules = synth.main.findResources('AWS::Events::Rule');
    const rule = rules[logicalId(synth.main, 'AWS::Events::Rule', 'Progress')];
    const pattern = rule.Properties.EventPattern;
    expect(pattern.source).toEqual(['aws.states']);
    expect(pattern['detail-type']).toEqual(['Step Functions Execution Status Change']);
    expect(pattern.detail.stateMachineArn.map(flatten).sort()).toEqual([
      MACHINE('start'),
      MACHINE('stop'),
    ]);
    expect(rule.Properties.Targets).toEqual([
      expect.objectContaining({
        Arn: { 'Fn::GetAtt': [notifierFunction, 'Arn'] },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlq, 'Arn'] } },
        RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
      }),
    ]);
  });

  it('keeps failed asynchronous deliveries in the same dead-letter queue', () => {
    const dlq = logicalId(synth.main, 'AWS::SQS::Queue', 'ProgressDeadLetters');
    synth.main.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: notifierFunction },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlq, 'Arn'] } } },
    });
    synth.main.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
  });

  it('times out within the lease on a run record, so a live holder never loses it', () => {
    expect(functionProps(notifierFunction).Timeout * 1000).toBeLessThan(PEN_LEASE_MS);
  });

  it('reads the runs of both jobnets, nothing else of Step Functions', () => {
    const states = roleStatements(notifierFunction).filter((s) =>
      actionsOf(s).some((a) => a.startsWith('states:')),
    );
    expect(states).toHaveLength(1);
    expect(actionsOf(states[0]).sort()).toEqual([
      'states:DescribeExecution',
      'states:GetExecutionHistory',
    ]);
    expect(resourcesOf(states[0]).map(flatten).sort()).toEqual([
      EXECUTIONS('start'),
      EXECUTIONS('stop'),
    ]);
  });
});

describe('every function', () => {
  it('runs on a current Node.js runtime on ARM, traced, with its own finite-retention log group', () => {
    const functions = synth.main.findResources('AWS::Lambda::Function');
    expect(Object.keys(functions)).toHaveLength(15);
    for (const fn of Object.values(functions)) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogGroup: { Ref: expect.stringMatching(/Logs/) } },
      });
      const group = synth.main.toJSON().Resources[fn.Properties.LoggingConfig.LogGroup.Ref];
      expect(group.Properties.RetentionInDays).toBe(90);
    }
  });

  it('holds no wait: a task function makes a few calls (100 s), the matcher 30 s, the poller 60 s', () => {
    const timeout = (prefix: string) =>
      functionProps(logicalId(synth.main, 'AWS::Lambda::Function', prefix)).Timeout;
    for (const name of ['runscript', 'instancepower', 'dbcluster', 'targethealth']) {
      expect(timeout(`Tasks${name}Function`)).toBe(100);
    }
    expect(timeout('WaitsMatcherHandler')).toBe(30);
    expect(timeout('WaitsPollerHandler')).toBe(60);
  });
});
