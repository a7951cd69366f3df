import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import {
  FUNCTION_PLACEHOLDERS,
  loadDefinition,
  placeholdersOf,
  readDefinitionText,
  type FunctionName,
} from '../../statemachines/definitions';
import { type JobnetName } from '../../contract/jobnets';
import { applyPermissions, XRAY_ACTIONS, type Permissions } from '../iam/permissions';
import { STATE_MACHINE_NAMES } from '../names';
import type { BackupTarget } from './backup-target';

export interface JobnetStateMachineProps {
  readonly jobnet: JobnetName;
  /** Every function a definition may invoke, by its name in `FUNCTION_PLACEHOLDERS`. */
  readonly functions: Readonly<Record<FunctionName, lambda.IFunction>>;
  readonly backup: BackupTarget;
  readonly approvalTimeoutSeconds: number;
  /** Retention of the execution log, the jobnet's execution log store. */
  readonly logRetention: logs.RetentionDays;
}

/**
 * What CDK grants on "*" to a state machine role that logs to CloudWatch Logs (vended log
 * delivery; no resource-level permissions exist for these) and traces with X-Ray.
 */
export const STATE_MACHINE_IMPLICIT_ACTIONS = [
  'logs:CreateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:DescribeLogGroups',
  'logs:DescribeResourcePolicies',
  'logs:GetLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:UpdateLogDelivery',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  ...XRAY_ACTIONS,
] as const;

/**
 * One jobnet: its definition from `statemachines/` with every placeholder rendered (inline, so
 * template tests see it), its own execution log group (level ALL with execution data), X-Ray
 * tracing, and a role that may invoke exactly the functions the definition names.
 */
export class JobnetStateMachine extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: JobnetStateMachineProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const name = STATE_MACHINE_NAMES[props.jobnet];
    const used = new Set(placeholdersOf(readDefinitionText(props.jobnet)));
    const invoked = Object.entries(FUNCTION_PLACEHOLDERS).filter(([placeholder]) =>
      used.has(placeholder),
    );
    const definition = loadDefinition(props.jobnet, {
      ...Object.fromEntries(
        invoked.map(([placeholder, fn]) => [placeholder, props.functions[fn].functionArn]),
      ),
      BackupVaultName: props.backup.vault.backupVaultName,
      BackupRoleArn: props.backup.role.roleArn,
      Partition: stack.partition,
      Region: stack.region,
      AccountId: stack.account,
      ApprovalTimeoutSeconds: props.approvalTimeoutSeconds,
    });

    // The vendedlogs prefix keeps the log delivery resource policy from growing per log group.
    this.logGroup = new logs.LogGroup(this, 'ExecutionLogs', {
      logGroupName: `/aws/vendedlogs/states/${name}`,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: name,
      comment: `webapp-chatops ${props.jobnet} jobnet`,
      definitionBody: sfn.DefinitionBody.fromString(definition),
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
      tracingEnabled: true,
    });

    const permissions: Permissions = {
      statements: [
        new iam.PolicyStatement({
          actions: ['lambda:InvokeFunction'],
          resources: invoked.map(([, fn]) => props.functions[fn].functionArn),
        }),
        ...(used.has('BackupVaultName') ? backupStatements(props.backup) : []),
      ],
    };
    applyPermissions(this, this.stateMachine.role, permissions, STATE_MACHINE_IMPLICIT_ACTIONS);
  }
}

/** Starting an on-demand backup job into the vault, with the backup role passed to AWS Backup. */
function backupStatements(backup: BackupTarget): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      actions: ['backup:StartBackupJob'],
      resources: [backup.vault.backupVaultArn],
    }),
    new iam.PolicyStatement({
      actions: ['iam:PassRole'],
      resources: [backup.role.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'backup.amazonaws.com' } },
    }),
  ];
}
