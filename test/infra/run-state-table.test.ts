import { RUN_STATE_TABLE, RUN_STATE_TABLE_KEY } from '../../contract/waits';
import { TASK_RUN_STATE } from '../../infra/iam/wait-permissions';
import type { TaskFunctionName } from '../../infra/iam/task-permissions';
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
let table: string;
beforeAll(() => {
  synth = synthApp();
  table = logicalId(synth.main, 'AWS::DynamoDB::Table', 'RunStateTable');
});

const resource = (id: string) => synth.main.toJSON().Resources[id];
const fnId = (prefix: string) => logicalId(synth.main, 'AWS::Lambda::Function', prefix);

/** Every "action resource" a function's role is granted on the run-state table or its index. */
function tableGrants(functionPrefix: string): string[] {
  const role = resource(fnId(functionPrefix)).Properties.Role['Fn::GetAtt'][0];
  return policyStatements(synth.main)
    .filter((s) => s.role === role)
    .flatMap(({ statement }) =>
      actionsOf(statement).flatMap((action) =>
        resourcesOf(statement)
          .map(flatten)
          .filter((r) => r.startsWith(`<${table}.`))
          .map((r) => `${action} ${r}`),
      ),
    )
    .sort();
}

const TASK_PREFIXES: Record<TaskFunctionName, string> = {
  'prepare-run': 'TaskspreparerunFunction',
  'run-script': 'TasksrunscriptFunction',
  'instance-power': 'TasksinstancepowerFunction',
  'db-cluster': 'TasksdbclusterFunction',
  'maintenance-page': 'TasksmaintenancepageFunction',
  'target-health': 'TaskstargethealthFunction',
};

describe('the run-state table', () => {
  it('is keyed, indexed and expired as the contract declares', () => {
    const props = resource(table).Properties;
    expect(props).toMatchObject(JSON.parse(JSON.stringify(RUN_STATE_TABLE_KEY)));
    expect(props.GlobalSecondaryIndexes).toHaveLength(1);
    expect(props.AttributeDefinitions).toHaveLength(2);
    expect(props.TimeToLiveSpecification).toEqual({
      AttributeName: RUN_STATE_TABLE.ttl,
      Enabled: true,
    });
  });

  it('is on demand, recoverable to a point in time, and goes with the stack (transient state)', () => {
    expect(resource(table)).toMatchObject({
      DeletionPolicy: 'Delete',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      },
    });
    expect(resource(table).Properties.SSESpecification).toBeUndefined();
  });

  it('is named in the outputs, for operators', () => {
    synth.main.hasOutput('RunStateTableName', { Value: { Ref: table } });
  });

  it('is reached only by the task functions that use it, the approval requester, the matcher and the poller', () => {
    const reaching = Object.keys(synth.main.findResources('AWS::Lambda::Function')).filter((id) =>
      policyStatements(synth.main).some(
        ({ role, statement }) =>
          role === resource(id).Properties.Role['Fn::GetAtt'][0] &&
          resourcesOf(statement)
            .map(flatten)
            .some((r) => r.startsWith(`<${table}.`)),
      ),
    );
    expect(reaching.sort()).toEqual(
      [
        ...(Object.keys(TASK_PREFIXES) as TaskFunctionName[])
          .filter((name) => TASK_RUN_STATE[name])
          .map((name) => fnId(TASK_PREFIXES[name])),
        fnId('ApprovalRequestApproval'),
        fnId('WaitsMatcherHandler'),
        fnId('WaitsPollerHandler'),
      ].sort(),
    );
  });

  it('gives each task function its item actions only, on the table, never the index', () => {
    const arn = `<${table}.Arn>`;
    expect(tableGrants(TASK_PREFIXES['prepare-run'])).toEqual([`dynamodb:PutItem ${arn}`]);
    expect(tableGrants(TASK_PREFIXES['run-script'])).toEqual([
      `dynamodb:GetItem ${arn}`,
      `dynamodb:UpdateItem ${arn}`,
    ]);
    for (const name of ['instance-power', 'db-cluster', 'target-health'] as const) {
      expect(tableGrants(TASK_PREFIXES[name])).toEqual([
        `dynamodb:PutItem ${arn}`,
        `dynamodb:UpdateItem ${arn}`,
      ]);
    }
    expect(tableGrants(TASK_PREFIXES['maintenance-page'])).toEqual([]);
    expect(tableGrants('ApprovalRequestApproval')).toEqual([`dynamodb:GetItem ${arn}`]);
  });

  it('lets the matcher read, write and claim by key, but not query, scan or delete', () => {
    const arn = `<${table}.Arn>`;
    expect(tableGrants('WaitsMatcherHandler')).toEqual([
      `dynamodb:GetItem ${arn}`,
      `dynamodb:PutItem ${arn}`,
      `dynamodb:UpdateItem ${arn}`,
    ]);
  });

  it('lets the poller query the pending index (and only the index), and delete its lease', () => {
    const arn = `<${table}.Arn>`;
    expect(tableGrants('WaitsPollerHandler')).toEqual([
      `dynamodb:DeleteItem ${arn}`,
      `dynamodb:GetItem ${arn}`,
      `dynamodb:PutItem ${arn}`,
      `dynamodb:Query <${table}.Arn>/index/${RUN_STATE_TABLE.pendingIndex}`,
      `dynamodb:UpdateItem ${arn}`,
    ]);
  });

  it('is named in the environment of every function that uses it', () => {
    for (const prefix of [
      TASK_PREFIXES['prepare-run'],
      TASK_PREFIXES['run-script'],
      TASK_PREFIXES['instance-power'],
      TASK_PREFIXES['db-cluster'],
      TASK_PREFIXES['target-health'],
      'ApprovalRequestApproval',
      'WaitsMatcherHandler',
      'WaitsPollerHandler',
    ]) {
      expect(resource(fnId(prefix)).Properties.Environment.Variables.RUN_STATE_TABLE_NAME).toEqual({
        Ref: table,
      });
    }
    const page = resource(fnId(TASK_PREFIXES['maintenance-page'])).Properties;
    expect(page.Environment.Variables.RUN_STATE_TABLE_NAME).toBeUndefined();
  });
});
