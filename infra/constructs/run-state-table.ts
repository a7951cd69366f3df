import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { RUN_STATE_TABLE } from '../../contract/waits';
import type { Permissions } from '../iam/permissions';
import { tablePermissions, type TableAction } from './run-tables';

/** What a role may do to the run-state table's items (Query is on the index only). */
export type RunStateItemAction = Exclude<TableAction, 'Query'>;

/**
 * The run-state table of the event-driven waits (contract/waits.ts): the waits with their task
 * tokens, each run's record (plan and scripts, written by Prepare) and each run's poll lease,
 * keyed by one string `pk`, with the sparse `pending-index` of the waits still pending (the
 * poller and the sweep find them by kind). Every item expires `RUN_STATE_TTL_SECONDS` after
 * its last write. It holds transient state only — a wait matters while its task waits, a run's
 * record and lease while the run can go on or be redriven, and the jobnets they belong to go
 * with the stack — so deleting the stack deletes it (RemovalPolicy DESTROY).
 * On demand, encrypted with the AWS owned key, with point-in-time recovery as every table of
 * the account should have.
 */
export class RunStateTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const string = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: string(RUN_STATE_TABLE.partitionKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: RUN_STATE_TABLE.ttl,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: RUN_STATE_TABLE.pendingIndex,
      partitionKey: string(RUN_STATE_TABLE.pendingKey),
      sortKey: string(RUN_STATE_TABLE.pendingSortKey),
      projectionType: dynamodb.ProjectionType.ALL,
    });
  }

  /** Exactly these item actions on the table itself (no index, no scan, no stream). */
  itemPermissions(actions: readonly RunStateItemAction[]): Permissions {
    return tablePermissions(this.table, actions);
  }

  /** Query on the pending index only: the waits still pending, by kind. */
  pendingQueryPermissions(): Permissions {
    return {
      statements: [
        new iam.PolicyStatement({
          actions: ['dynamodb:Query'],
          resources: [`${this.table.tableArn}/index/${RUN_STATE_TABLE.pendingIndex}`],
        }),
      ],
    };
  }
}

/** The environment variable naming the run-state table to the functions that use it. */
export const RUN_STATE_TABLE_ENV = 'RUN_STATE_TABLE_NAME';
/** The environment variable naming the poll queue to the functions that start poll chains. */
export const POLL_QUEUE_ENV = 'POLL_QUEUE_URL';
