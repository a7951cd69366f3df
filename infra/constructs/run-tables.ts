import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { Permissions } from '../iam/permissions';

/**
 * The tables' keys, as the code that uses them declares them (bot/services/run-lock.ts,
 * bot/progress-notifier/run-records.ts); infra names them rather than importing the bot, and
 * a test holds the two equal.
 */
export const RUN_TABLE_KEYS = {
  lock: 'system',
  records: 'executionArn',
  /** The run records' time to live, in epoch seconds. */
  recordsTtl: 'expiresAt',
} as const;

/** What a role may do to one of the tables. */
export type TableAction = 'GetItem' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'Query';

/**
 * The two tables the Slack side keeps run state in: the run lock (one item per system while a
 * run of it exists) and the progress notifier's run records (one per execution, expiring a
 * month after its last write). Both hold transient state only — a lost lock is re-taken from
 * the executions' status, a lost record is rebuilt from the execution history — so deleting
 * the stack deletes them (RemovalPolicy DESTROY). On demand, encrypted with the AWS owned key
 * (DynamoDB's default), with point-in-time recovery as every table of the account should have.
 */
export class RunTables extends Construct {
  readonly lock: dynamodb.Table;
  readonly records: dynamodb.Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const table = (name: string, key: string, ttl?: string) =>
      new dynamodb.Table(this, name, {
        partitionKey: { name: key, type: dynamodb.AttributeType.STRING },
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        ...(ttl ? { timeToLiveAttribute: ttl } : {}),
        removalPolicy: RemovalPolicy.DESTROY,
      });
    this.lock = table('RunLocks', RUN_TABLE_KEYS.lock);
    this.records = table('RunRecords', RUN_TABLE_KEYS.records, RUN_TABLE_KEYS.recordsTtl);
  }
}

/** Exactly these item actions on exactly this table (no index, no stream, no scan). */
export function tablePermissions(
  table: dynamodb.ITable,
  actions: readonly TableAction[],
): Permissions {
  return {
    statements: [
      new iam.PolicyStatement({
        actions: actions.map((action) => `dynamodb:${action}`),
        resources: [table.tableArn],
      }),
    ],
  };
}
