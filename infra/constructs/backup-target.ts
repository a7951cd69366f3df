import { RemovalPolicy } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeManagedPolicy } from '../iam/permissions';

/**
 * Where the stop jobnet's on-demand backups go (the AMIs and the cluster snapshot), and the
 * service role AWS Backup uses to take them.
 */
export class BackupTarget extends Construct {
  readonly vault: backup.BackupVault;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // Retained: a vault holding recovery points cannot be deleted, and they are the backups.
    this.vault = new backup.BackupVault(this, 'Vault', { removalPolicy: RemovalPolicy.RETAIN });
    // Backups only: restoring is an operator's decision, made with a role of their own.
    const policies = [
      iam.ManagedPolicy.fromAwsManagedPolicyName(
        'service-role/AWSBackupServiceRolePolicyForBackup',
      ),
    ];
    this.role = new iam.Role(this, 'ServiceRole', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      description: 'AWS Backup takes the jobnet backups with this role',
      managedPolicies: policies,
    });
    for (const policy of policies) {
      acknowledgeManagedPolicy(
        this.role,
        policy,
        'The service role policy AWS documents and maintains for AWS Backup; only backup.amazonaws.com can assume the role and only the stop jobnet may pass it.',
      );
    }
  }
}
