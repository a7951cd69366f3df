import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { whenConditionHolds } from './conditional-write';

/** The lock table's partition key: one item per system while a run of it exists. */
export const RUN_LOCK_KEY = 'system';

/** The table's key, as CreateTable takes it (the CDK stack declares the same key). */
export const RUN_LOCK_TABLE_KEY = {
  KeySchema: [{ AttributeName: RUN_LOCK_KEY, KeyType: 'HASH' as const }],
  AttributeDefinitions: [{ AttributeName: RUN_LOCK_KEY, AttributeType: 'S' as const }],
};

/** Who holds a system: the run that was started (or is about to be) under the lock. */
export interface LockHolder {
  readonly system: string;
  readonly executionArn: string;
  readonly jobnet: string;
  /** A Slack user id, or a schedule or event name: whoever asked. */
  readonly requestedBy: string;
  /** Epoch ms when the lock was taken; a redrive takes it anew. */
  readonly acquiredAt: number;
}

export type LockResult =
  | { readonly acquired: true }
  | { readonly acquired: false; readonly holder: LockHolder; readonly starting: boolean };

/** What the lock needs to know of a run: RUNNING, a terminal status, or undefined if none exists. */
export type RunStatusOf = (executionArn: string) => Promise<string | undefined>;

/**
 * A holder whose execution does not exist yet may be between taking the lock and
 * StartExecution; only after this long is it taken to have failed before starting.
 */
export const START_GRACE_MS = 60_000;

/**
 * At most one stop/start run per system, whoever asks: a DynamoDB conditional write keyed by
 * system, taken before StartExecution and released when the run ends. A holder that is
 * provably gone (its execution ended, or never started) is replaced, so a lost release event
 * cannot hold a system forever.
 */
export class RunLock {
  constructor(
    private readonly ddb: DynamoDBClient,
    private readonly tableName: string,
    private readonly statusOf: RunStatusOf,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes the system's lock for `holder`; the same execution may take it again (a redrive). */
  async acquire(holder: Omit<LockHolder, 'acquiredAt'>): Promise<LockResult> {
    // Each pass either decides or saw the item change under it; three passes are plenty.
    for (let pass = 0; ; pass += 1) {
      const mine: LockHolder = { ...holder, acquiredAt: this.now() };
      if (await this.put(mine, 'attribute_not_exists(#s) OR executionArn = :mine')) {
        return { acquired: true };
      }
      const current = await this.read(holder.system);
      if (!current) continue; // released between our write and our read
      const status = await this.statusOf(current.executionArn);
      const starting = status === undefined && this.now() - current.acquiredAt < START_GRACE_MS;
      if (status === 'RUNNING' || starting || pass >= 2) {
        return { acquired: false, holder: current, starting };
      }
      // The holder is gone: replace it, unless someone else did so first.
      if (await this.put(mine, 'executionArn = :old AND acquiredAt = :oldAt', current)) {
        return { acquired: true };
      }
    }
  }

  /**
   * Releases the lock if `executionArn` still holds it from before `endedAt`: the end of an
   * earlier attempt, delivered late, must not release the lock a redrive took since.
   */
  async release(system: string, executionArn: string, endedAt: number): Promise<boolean> {
    const out = await whenConditionHolds(() =>
      this.ddb.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: { [RUN_LOCK_KEY]: { S: system } },
          ConditionExpression: 'executionArn = :arn AND acquiredAt <= :endedAt',
          ExpressionAttributeValues: {
            ':arn': { S: executionArn },
            ':endedAt': { N: String(endedAt) },
          },
        }),
      ),
    );
    return out !== undefined;
  }

  /** The current holder of a system, if any (strongly consistent). */
  async read(system: string): Promise<LockHolder | undefined> {
    const out = await this.ddb.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: { [RUN_LOCK_KEY]: { S: system } },
        ConsistentRead: true,
      }),
    );
    return out.Item ? fromItem(out.Item) : undefined;
  }

  private async put(
    holder: LockHolder,
    condition: string,
    previous?: LockHolder,
  ): Promise<boolean> {
    const out = await whenConditionHolds(() =>
      this.ddb.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: toItem(holder),
          ConditionExpression: condition,
          ExpressionAttributeNames: condition.includes('#s') ? { '#s': RUN_LOCK_KEY } : undefined,
          ExpressionAttributeValues: previous
            ? {
                ':old': { S: previous.executionArn },
                ':oldAt': { N: String(previous.acquiredAt) },
              }
            : { ':mine': { S: holder.executionArn } },
        }),
      ),
    );
    return out !== undefined;
  }
}

function toItem(h: LockHolder): Record<string, AttributeValue> {
  return {
    [RUN_LOCK_KEY]: { S: h.system },
    executionArn: { S: h.executionArn },
    jobnet: { S: h.jobnet },
    requestedBy: { S: h.requestedBy },
    acquiredAt: { N: String(h.acquiredAt) },
  };
}

function fromItem(item: Record<string, AttributeValue>): LockHolder {
  return {
    system: item[RUN_LOCK_KEY]?.S ?? '',
    executionArn: item.executionArn?.S ?? '',
    jobnet: item.jobnet?.S ?? '',
    requestedBy: item.requestedBy?.S ?? '',
    acquiredAt: Number(item.acquiredAt?.N ?? 0),
  };
}
