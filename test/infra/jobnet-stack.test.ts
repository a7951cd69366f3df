import { Match } from 'aws-cdk-lib/assertions';
import { FUNCTION_PLACEHOLDERS } from '../../statemachines/definitions';
import { JOBNETS, type JobnetName } from '../../contract/jobnets';
import {
  actionsOf,
  flatten,
  logicalId,
  policyStatements,
  resourcesOf,
  synthApp,
  type SynthResult,
} from './synth-app';

const MACHINE_IDS: Record<JobnetName, string> = { stop: 'StopJobnet', start: 'StartJobnet' };
const FUNCTION_IDS: Record<string, string> = {
  'prepare-run': 'Taskspreparerun',
  'run-script': 'Tasksrunscript',
  'instance-power': 'Tasksinstancepower',
  'db-cluster': 'Tasksdbcluster',
  'maintenance-page': 'Tasksmaintenancepage',
  'target-health': 'Taskstargethealth',
  'request-approval': 'ApprovalRequestApproval',
};
/** The functions each definition names; the role may invoke these and no others. */
const INVOKED: Record<JobnetName, string[]> = {
  stop: [
    'prepare-run',
    'request-approval',
    'maintenance-page',
    'run-script',
    'instance-power',
    'db-cluster',
  ],
  start: Object.values(FUNCTION_PLACEHOLDERS),
};

let synth: SynthResult;
beforeAll(() => {
  synth = synthApp();
});

function machine(jobnet: JobnetName) {
  const id = logicalId(synth.main, 'AWS::StepFunctions::StateMachine', MACHINE_IDS[jobnet]);
  return { id, props: synth.main.toJSON().Resources[id].Properties };
}

function functionId(name: string): string {
  return logicalId(synth.main, 'AWS::Lambda::Function', `${FUNCTION_IDS[name]}Function`);
}

describe.each(Object.keys(JOBNETS) as JobnetName[])('the %s jobnet', (jobnet) => {
  it('has its fixed name, which the bot and the notifier build ARNs from', () => {
    expect(machine(jobnet).props.StateMachineName).toBe(`webapp-chatops-${jobnet}`);
  });

  it('carries the definition inline with every placeholder substituted', () => {
    const text = flatten(machine(jobnet).props.DefinitionString);
    expect(text).not.toContain('${');
    const definition = JSON.parse(text);
    expect(definition.StartAt).toBe('Prepare');
    // The approval waits for the run's own time: the configured timeout or a hold window.
    expect(definition.States.Approval.TimeoutSecondsPath).toBe('$.approvalTimeoutSeconds');
    if (jobnet === 'start') expect(definition.States.ApproveReopen.TimeoutSeconds).toBe(3600);
    for (const name of INVOKED[jobnet]) expect(text).toContain(`<${functionId(name)}.Arn>`);
  });

  it('renders the backup settings and the ARN parts from the stack (stop only uses them)', () => {
    const text = flatten(machine(jobnet).props.DefinitionString);
    if (jobnet === 'start') {
      expect(text).not.toContain('backup:startBackupJob');
      return;
    }
    const vault = logicalId(synth.main, 'AWS::Backup::BackupVault', 'BackupVault');
    const role = logicalId(synth.main, 'AWS::IAM::Role', 'BackupServiceRole');
    expect(text).toContain(`"BackupVaultName": "<${vault}.BackupVaultName>"`);
    expect(text).toContain(`"IamRoleArn": "<${role}.Arn>"`);
    expect(text).toContain(`arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:instance/{}`);
  });

  it('logs ALL events with execution data to its own log group with finite retention', () => {
    const group = logicalId(synth.main, 'AWS::Logs::LogGroup', `${MACHINE_IDS[jobnet]}Execution`);
    expect(machine(jobnet).props.LoggingConfiguration).toEqual({
      Level: 'ALL',
      IncludeExecutionData: true,
      Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [group, 'Arn'] } } }],
    });
    synth.main.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: `/aws/vendedlogs/states/webapp-chatops-${jobnet}`,
      RetentionInDays: 90,
    });
  });

  it('is traced with X-Ray', () => {
    expect(machine(jobnet).props.TracingConfiguration).toEqual({ Enabled: true });
  });

  it('may invoke exactly the functions its definition names', () => {
    const role = machine(jobnet).props.RoleArn['Fn::GetAtt'][0];
    const invoke = policyStatements(synth.main).filter(
      (s) => s.role === role && actionsOf(s.statement).includes('lambda:InvokeFunction'),
    );
    expect(invoke).toHaveLength(1);
    const invoked = resourcesOf(invoke[0].statement).map(flatten).sort();
    expect(invoked).toEqual(INVOKED[jobnet].map((name) => `<${functionId(name)}.Arn>`).sort());
  });

  it('may start backup jobs into the vault and pass the backup role, only if it backs up', () => {
    const role = machine(jobnet).props.RoleArn['Fn::GetAtt'][0];
    const mine = policyStatements(synth.main).filter((s) => s.role === role);
    const find = (action: string) => mine.filter((s) => actionsOf(s.statement).includes(action));
    if (jobnet === 'start') {
      expect(find('backup:StartBackupJob')).toEqual([]);
      expect(find('iam:PassRole')).toEqual([]);
      return;
    }
    const vault = logicalId(synth.main, 'AWS::Backup::BackupVault', 'BackupVault');
    const backupRole = logicalId(synth.main, 'AWS::IAM::Role', 'BackupServiceRole');
    expect(find('backup:StartBackupJob').map((s) => s.statement.Resource)).toEqual([
      { 'Fn::GetAtt': [vault, 'BackupVaultArn'] },
    ]);
    expect(find('iam:PassRole').map((s) => s.statement)).toEqual([
      expect.objectContaining({
        Resource: { 'Fn::GetAtt': [backupRole, 'Arn'] },
        Condition: { StringEquals: { 'iam:PassedToService': 'backup.amazonaws.com' } },
      }),
    ]);
  });
});

it('gives AWS Backup a service role only it can assume, with the AWS backup/restore policies', () => {
  synth.main.hasResourceProperties('AWS::IAM::Role', {
    AssumeRolePolicyDocument: {
      Statement: [
        Match.objectLike({ Principal: { Service: 'backup.amazonaws.com' }, Effect: 'Allow' }),
      ],
    },
    ManagedPolicyArns: [
      Match.objectLike({
        'Fn::Join': [
          '',
          Match.arrayWith([':iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup']),
        ],
      }),
    ],
  });
});

it('keeps the backup vault when the stack is deleted (it holds the backups)', () => {
  synth.main.hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Retain' });
});
