import {
  RUN_RECORD_TTL_ATTRIBUTE,
  RUN_RECORDS_TABLE_KEY,
} from '../../bot/progress-notifier/run-records';
import { RUN_LOCK_TABLE_KEY } from '../../bot/services/run-lock';
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

let synth: SynthResult;
let lockTable: string;
let recordsTable: string;
beforeAll(() => {
  synth = synthApp();
  lockTable = logicalId(synth.main, 'AWS::DynamoDB::Table', 'RunsRunLocks');
  recordsTable = logicalId(synth.main, 'AWS::DynamoDB::Table', 'RunsRunRecords');
});

const resource = (id: string) => synth.main.toJSON().Resources[id];

/** Every DynamoDB statement of every role, by the function the role belongs to. */
function dynamodbStatements() {
  const functions = synth.main.findResources('AWS::Lambda::Function');
  return policyStatements(synth.main)
    .filter(({ statement }) => actionsOf(statement).some((a) => a.startsWith('dynamodb:')))
    .map(({ role, statement }) => ({
      fn: Object.keys(functions).find(
        (id) => functions[id].Properties.Role['Fn::GetAtt'][0] === role,
      ),
      actions: actionsOf(statement).sort(),
      resources: resourcesOf(statement).map(flatten),
    }));
}

describe('the run tables', () => {
  it('are keyed as the code that uses them declares', () => {
    expect(resource(lockTable).Properties).toMatchObject(RUN_LOCK_TABLE_KEY);
    expect(resource(recordsTable).Properties).toMatchObject(RUN_RECORDS_TABLE_KEY);
    expect(resource(recordsTable).Properties.TimeToLiveSpecification).toEqual({
      AttributeName: RUN_RECORD_TTL_ATTRIBUTE,
      Enabled: true,
    });
    expect(resource(lockTable).Properties.TimeToLiveSpecification).toBeUndefined();
  });

  it('are on demand, recoverable to a point in time, and go with the stack (transient state)', () => {
    for (const id of [lockTable, recordsTable]) {
      expect(resource(id)).toMatchObject({
        DeletionPolicy: 'Delete',
        Properties: {
          BillingMode: 'PAY_PER_REQUEST',
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        },
      });
      // DynamoDB's default encryption (an AWS owned key) is left as it is.
      expect(resource(id).Properties.SSESpecification).toBeUndefined();
    }
  });

  it('are reached by the bot, the starter and the notifier only, each for its item actions on its table', () => {
    const bot = logicalId(synth.main, 'AWS::Lambda::Function', 'ChatOpsBotFunction');
    const starter = logicalId(synth.main, 'AWS::Lambda::Function', 'ScheduledStarterFunction');
    const notifier = logicalId(synth.main, 'AWS::Lambda::Function', 'ProgressNotifierFunction');
    const lock = `<${lockTable}.Arn>`;
    const records = `<${recordsTable}.Arn>`;
    const onRunTables = dynamodbStatements().filter(({ resources }) =>
      resources.some((r) => r === lock || r === records),
    );

    expect(onRunTables).toEqual(
      expect.arrayContaining([
        {
          fn: bot,
          actions: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem'],
          resources: [lock],
        },
        // A firing takes the lock as the bot does (and its own firing records the same way).
        {
          fn: starter,
          actions: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem'],
          resources: [lock, expect.stringContaining('ScheduleStateTable')],
        },
        {
          fn: notifier,
          actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
          resources: [records],
        },
        { fn: notifier, actions: ['dynamodb:DeleteItem'], resources: [lock] },
      ]),
    );
    expect(onRunTables).toHaveLength(4);
  });

  it('are named in the outputs, for operators', () => {
    synth.main.hasOutput('RunLockTableName', { Value: { Ref: lockTable } });
    synth.main.hasOutput('RunRecordsTableName', { Value: { Ref: recordsTable } });
  });

  it('are named to the notifier in its environment', () => {
    const notifier = logicalId(synth.main, 'AWS::Lambda::Function', 'ProgressNotifierFunction');
    expect(resource(notifier).Properties.Environment.Variables).toEqual({
      SLACK_SECRET_ARN: expect.anything(),
      AUDIT_LOG_GROUP: expect.anything(),
      RUN_RECORDS_TABLE_NAME: { Ref: recordsTable },
      LOCK_TABLE_NAME: { Ref: lockTable },
      ...POWERTOOLS_ENVIRONMENT,
      NODE_OPTIONS: '--enable-source-maps',
    });
  });
});
