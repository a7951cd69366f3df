import { DeleteItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { pollLeaseKey } from '../../contract/waits';
import { whenConditionHolds } from './conditional-write';
import {
  expiresAt,
  getItem,
  itemKey,
  type Attributes,
  type RunStateTable,
} from './run-state-table';

/** The lease of a run's poll chain. */
export interface PollLease {
  readonly chain: string;
  readonly nextPollAt: number;
  /** When a registrant last relied on this chain rather than starting one (see want). */
  readonly wantedAt?: number;
}

/** A chain whose next poll is this far overdue is taken to be dead: its message was lost. */
export const STALE_CHAIN_MS = 120_000;
/** A live chain due this much later than a registrant needs is replaced by an earlier one. */
export const SUPERSEDE_SLACK_MS = 5_000;

/**
 * The poll leases: at most one live poll chain per run. A chain is its lease item plus one
 * delayed SQS message at a time; a message whose chain is no longer the lease's is dropped.
 */
export class PollLeases {
  constructor(private readonly table: RunStateTable) {}

  /**
   * Starts a run's poll chain: a conditional put of its lease, allowed when there is none, when
   * the current one is dead (its poll overdue by STALE_CHAIN_MS), or when it would poll later
   * than `nextPollAt` needs (its message is then dropped as superseded). The new chain's id, or
   * undefined when a live chain will poll in time.
   */
  async start(executionArn: string, nextPollAt: number): Promise<string | undefined> {
    const chain = randomUUID();
    const now = this.table.clock.now();
    const out = await whenConditionHolds(() =>
      this.table.ddb.send(
        new PutItemCommand({
          TableName: this.table.tableName,
          Item: {
            pk: { S: pollLeaseKey(executionArn) },
            chain: { S: chain },
            nextPollAt: { N: String(nextPollAt) },
            expiresAt: { N: String(expiresAt(this.table.clock)) },
          },
          ConditionExpression:
            'attribute_not_exists(pk) OR nextPollAt < :stale OR nextPollAt > :late',
          ExpressionAttributeValues: {
            ':stale': { N: String(now - STALE_CHAIN_MS) },
            ':late': { N: String(nextPollAt + SUPERSEDE_SLACK_MS) },
          },
        }),
      ),
    );
    return out ? chain : undefined;
  }

  /**
   * Tells the live chain that a registrant relies on it, so a poll that just found nothing
   * pending (the index lags behind) does not end it. False when there is no lease any more.
   */
  async want(executionArn: string): Promise<boolean> {
    const out = await whenConditionHolds(() =>
      this.table.ddb.send(
        new UpdateItemCommand({
          TableName: this.table.tableName,
          Key: itemKey(pollLeaseKey(executionArn)),
          UpdateExpression: 'SET wantedAt = :now',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':now': { N: String(this.table.clock.now()) } },
        }),
      ),
    );
    return out !== undefined;
  }

  /** Moves the chain's next poll; false when the chain was superseded or ended. */
  async renew(executionArn: string, chain: string, nextPollAt: number): Promise<boolean> {
    const out = await whenConditionHolds(() =>
      this.table.ddb.send(
        new UpdateItemCommand({
          TableName: this.table.tableName,
          Key: itemKey(pollLeaseKey(executionArn)),
          UpdateExpression: 'SET nextPollAt = :next, expiresAt = :expiresAt',
          ConditionExpression: 'chain = :chain',
          ExpressionAttributeValues: {
            ':next': { N: String(nextPollAt) },
            ':expiresAt': { N: String(expiresAt(this.table.clock)) },
            ':chain': { S: chain },
          },
        }),
      ),
    );
    return out !== undefined;
  }

  /**
   * Ends the chain (deletes its lease) if it is still this one and — given `quietSince` — no
   * registrant has relied on it since then. True when ended.
   */
  async end(executionArn: string, chain: string, quietSince?: number): Promise<boolean> {
    const values: Attributes = { ':chain': { S: chain } };
    let condition = 'chain = :chain';
    if (quietSince !== undefined) {
      condition += ' AND (attribute_not_exists(wantedAt) OR wantedAt < :quietSince)';
      values[':quietSince'] = { N: String(quietSince) };
    }
    const out = await whenConditionHolds(() =>
      this.table.ddb.send(
        new DeleteItemCommand({
          TableName: this.table.tableName,
          Key: itemKey(pollLeaseKey(executionArn)),
          ConditionExpression: condition,
          ExpressionAttributeValues: values,
        }),
      ),
    );
    return out !== undefined;
  }

  /** The run's poll lease, read strongly consistent. */
  async get(executionArn: string): Promise<PollLease | undefined> {
    const item = await getItem(this.table, pollLeaseKey(executionArn));
    if (!item?.chain?.S) return undefined;
    return {
      chain: item.chain.S,
      nextPollAt: Number(item.nextPollAt?.N ?? 0),
      ...(item.wantedAt?.N !== undefined ? { wantedAt: Number(item.wantedAt.N) } : {}),
    };
  }
}
