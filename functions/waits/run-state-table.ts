import { GetItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Clock } from '../../contract/clock';
import { RUN_STATE_TABLE, RUN_STATE_TTL_SECONDS } from '../../contract/waits';

export type Attributes = Record<string, AttributeValue>;

/** The run-state table as its item kinds' stores reach it. */
export interface RunStateTable {
  readonly ddb: DynamoDBClient;
  readonly tableName: string;
  readonly clock: Clock;
}

/** An item's key. */
export function itemKey(pk: string): Attributes {
  return { [RUN_STATE_TABLE.partitionKey]: { S: pk } };
}

/** The TTL an item gets on every write: RUN_STATE_TTL_SECONDS after it (epoch seconds). */
export function expiresAt(clock: Clock): number {
  return Math.floor(clock.now() / 1000) + RUN_STATE_TTL_SECONDS;
}

/** One item, read strongly consistent. */
export async function getItem(table: RunStateTable, pk: string): Promise<Attributes | undefined> {
  const out = await table.ddb.send(
    new GetItemCommand({ TableName: table.tableName, Key: itemKey(pk), ConsistentRead: true }),
  );
  return out.Item;
}
