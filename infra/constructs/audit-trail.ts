import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { Permissions } from '../iam/permissions';
import type { JobnetFunction } from './jobnet-function';

export interface AuditTrailProps {
  /** Days the records are kept; an auditor asks a year later, so the default is two years. */
  readonly retentionDays: number;
}

/**
 * The audit log group: one JSON record per action, written by whichever function saw it and
 * kept past any run's own logs. It outlives the stack (RETAIN): deleting the app must not
 * delete the record of what it did.
 */
export class AuditTrail extends Construct {
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Records', {
      retention: props.retentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /**
   * Lets a function write records (its own streams in the group, nothing else) and tells it
   * where: `AUDIT_LOG_GROUP`.
   */
  grantWrite(fn: JobnetFunction): void {
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    fn.function.addEnvironment('AUDIT_LOG_GROUP', this.logGroup.logGroupName);
  }

  /** What the history reader needs: searching this group's events, nothing more. */
  readPermissions(): Permissions {
    return {
      statements: [
        new iam.PolicyStatement({
          actions: ['logs:FilterLogEvents'],
          resources: [this.logGroup.logGroupArn],
        }),
      ],
    };
  }
}
