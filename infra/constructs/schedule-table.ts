import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

/**
 * The schedule state table's keys, as the code that uses it declares them (the scheduled-run
 * starter and the bot): pk `system#<name>` holds a system's hold (sk `hold`), its skipped
 * occurrences (`skip#<schedule>#<iso>`) and one-off runs (`oneoff#<id>`); pk
 * `firing#<system>#<schedule|one-off id>#<iso>`, sk `firing`, dedupes a firing delivered twice.
 */
export const SCHEDULE_TABLE_KEYS = {
  partition: 'pk',
  sort: 'sk',
  /** Each item's time to live, in epoch seconds (a firing or a skip is spent once past). */
  ttl: 'expiresAt',
} as const;

/**
 * Where schedules keep their state between firings. Chosen as the run tables are (see
 * run-tables.ts): on demand, the AWS owned key, point-in-time recovery. It goes with the stack
 * (RemovalPolicy DESTROY) because the schedules it describes go with the stack too: a hold or a
 * one-off outliving them would name schedules that no longer exist.
 */
export class ScheduleTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: SCHEDULE_TABLE_KEYS.partition, type: dynamodb.AttributeType.STRING },
      sortKey: { name: SCHEDULE_TABLE_KEYS.sort, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: SCHEDULE_TABLE_KEYS.ttl,
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }
}
