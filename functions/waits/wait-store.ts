import {
  paginateQuery,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { Clock } from '../../contract/clock';
import { RUN_STATE_TABLE, waitKeys, type WaitItem } from '../../contract/waits';
import { whenConditionHolds } from './conditional-write';
import { PollLeases, type PollLease } from './poll-lease';
import { RunRecords, type RunRecord } from './run-record';
import {
  expiresAt,
  getItem,
  itemKey as key,
  type Attributes,
  type RunStateTable,
} from './run-state-table';
import { decodeWait, encodeField, encodeWait, type WaitField } from './wait-item-codec';

export type { PollLease } from './poll-lease';
export { STALE_CHAIN_MS, SUPERSEDE_SLACK_MS } from './poll-lease';
export type { RunRecord } from './run-record';

/** What a registrant supplies; the store adds registeredAt, deadline, pending and expiresAt. */
export interface NewWait {
  readonly pk: string;
  readonly kind: WaitItem['kind'];
  readonly resource: string;
  readonly target: string;
  readonly token: string;
  readonly executionArn: string;
  readonly runId?: string;
  readonly system?: string;
  readonly step: string;
  /** The task's TimeoutSeconds: the wait's deadline is this long after registration. */
  readonly timeoutSeconds: number;
  readonly instanceId?: string;
  readonly then?: WaitItem['then'];
  readonly expect?: WaitItem['expect'];
  readonly notBefore?: number;
}

export type Observation = NonNullable<WaitItem['observed']>;

export interface ObserveOptions {
  /** Record only where a waiter is registered (a token is there); else record regardless. */
  readonly requireWaiter: boolean;
  /**
   * When what was seen happened (an event's `time`, second precision): a wait registered in a
   * later second is left alone — the event tells of a change from before anyone waited.
   */
  readonly seenAt?: number;
  /** What the item is about, written if the observation creates it (a command seen first). */
  readonly subject?: Pick<WaitItem, 'kind' | 'resource' | 'target' | 'instanceId'>;
}

export interface WaitStoreOptions {
  readonly ddb: DynamoDBClient;
  readonly tableName: string;
  readonly clock: Clock;
  /** Items per page of the pending index; DynamoDB's own 1 MB pages when left out. */
  readonly pageSize?: number;
}

/**
 * Every read and write of the run-state table: the waits here, the poll leases and the run
 * records through their own modules (poll-lease.ts, run-record.ts).
 */
export class WaitStore {
  readonly clock: Clock;
  private readonly ddb: DynamoDBClient;
  private readonly tableName: string;
  private readonly pageSize?: number;
  private readonly table: RunStateTable;
  private readonly leases: PollLeases;
  private readonly records: RunRecords;

  constructor(options: WaitStoreOptions) {
    this.ddb = options.ddb;
    this.tableName = options.tableName;
    this.clock = options.clock;
    this.pageSize = options.pageSize;
    this.table = { ddb: options.ddb, tableName: options.tableName, clock: options.clock };
    this.leases = new PollLeases(this.table);
    this.records = new RunRecords(this.table);
  }

  /**
   * Registers an instance, cluster, status or health wait before the act. Overwrites: a redrive
   * re-registers under the same key with a new token, and what the old waiter saw goes with it.
   */
  async registerBeforeAct(wait: NewWait): Promise<WaitItem> {
    const item = this.newWait(wait);
    await this.ddb.send(new PutItemCommand({ TableName: this.tableName, Item: encodeWait(item) }));
    return item;
  }

  /**
   * Registers a command wait after SendCommand. Keeps an `observed` already there: the matcher
   * may have recorded the command's end before this write. The caller completes at once if so.
   */
  async registerCommand(wait: NewWait): Promise<WaitItem> {
    const { pk, ...fields } = this.newWait(wait);
    const update = setClause(fields);
    const out = await this.ddb.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: key(pk),
        UpdateExpression: `SET ${update.set.join(', ')}`,
        ExpressionAttributeNames: update.names,
        ExpressionAttributeValues: update.values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return decodeWait(out.Attributes ?? {});
  }

  /**
   * Records what was seen of a wait's resource. With `requireWaiter`, only where a waiter is
   * registered (and not registered after `seenAt`): undefined otherwise. Returns the item as
   * it now stands, so the caller can tell whether there is a task to complete.
   */
  async observe(
    pk: string,
    observed: Observation,
    options: ObserveOptions,
  ): Promise<WaitItem | undefined> {
    const set = ['observed = :observed', 'expiresAt = :expiresAt'];
    const values: Attributes = {
      ':observed': encodeField('observed', observed) as AttributeValue,
      ':expiresAt': { N: String(this.expiresAt()) },
    };
    const names: Record<string, string> = {};
    for (const [field, value] of Object.entries(options.subject ?? {})) {
      const encoded = encodeField(field as WaitField, value);
      if (!encoded) continue;
      names[`#${field}`] = field;
      values[`:${field}`] = encoded;
      set.push(`#${field} = if_not_exists(#${field}, :${field})`);
    }
    const conditions: string[] = [];
    if (options.requireWaiter) {
      names['#token'] = 'token';
      conditions.push('attribute_exists(#token)');
    }
    if (options.seenAt !== undefined) {
      // Stale when seenAt's second is before the registration's second.
      values[':seenSecondEnd'] = { N: String(Math.floor(options.seenAt / 1000) * 1000 + 1000) };
      conditions.push('(attribute_not_exists(registeredAt) OR registeredAt < :seenSecondEnd)');
    }
    const out = await whenConditionHolds(() =>
      this.ddb.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: key(pk),
          UpdateExpression: `SET ${set.join(', ')}`,
          ConditionExpression: conditions.length > 0 ? conditions.join(' AND ') : undefined,
          ExpressionAttributeNames: Object.keys(names).length > 0 ? names : undefined,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return out ? decodeWait(out.Attributes ?? {}) : undefined;
  }

  /**
   * The exactly-once guard: marks the wait completed if its waiter is still this token and no
   * one completed it yet. True when this call did; only then may the caller send SendTask*.
   */
  async claim(
    item: WaitItem,
    outcome: 'success' | 'failure',
    claimedAt: number = this.clock.now(),
  ): Promise<boolean> {
    const token = item.token;
    if (token === undefined) return false;
    const out = await whenConditionHolds(() =>
      this.ddb.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: key(item.pk),
          UpdateExpression:
            'SET completedAt = :at, outcome = :outcome, expiresAt = :expiresAt REMOVE #pending',
          ConditionExpression: '#token = :token AND attribute_not_exists(completedAt)',
          ExpressionAttributeNames: { '#pending': RUN_STATE_TABLE.pendingKey, '#token': 'token' },
          ExpressionAttributeValues: {
            ':at': { N: String(claimedAt) },
            ':outcome': { S: outcome },
            ':expiresAt': { N: String(this.expiresAt()) },
            ':token': { S: token },
          },
        }),
      ),
    );
    return out !== undefined;
  }

  /**
   * Undoes this caller's claim (`claimed.completedAt` is the claim's time) so another attempt can
   * complete the wait; a claim that is no longer this caller's is left alone.
   */
  async unclaim(claimed: WaitItem): Promise<void> {
    const { token, completedAt } = claimed;
    if (token === undefined || completedAt === undefined) {
      throw new Error(`unclaim of ${claimed.pk} needs the claim's token and completedAt`);
    }
    await whenConditionHolds(() =>
      this.ddb.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: key(claimed.pk),
          UpdateExpression: 'SET #pending = :kind REMOVE completedAt, outcome',
          ConditionExpression: '#token = :token AND completedAt = :mine',
          ExpressionAttributeNames: { '#pending': RUN_STATE_TABLE.pendingKey, '#token': 'token' },
          ExpressionAttributeValues: {
            ':kind': { S: claimed.kind },
            ':token': { S: token },
            ':mine': { N: String(completedAt) },
          },
        }),
      ),
    );
  }

  /**
   * Stops counting a wait as pending without completing it: Step Functions has long timed the
   * task out. True when this call dropped it.
   */
  async drop(item: WaitItem): Promise<boolean> {
    const token = item.token;
    if (token === undefined) return false;
    const out = await whenConditionHolds(() =>
      this.ddb.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: key(item.pk),
          UpdateExpression: 'REMOVE #pending',
          ConditionExpression: '#token = :token AND attribute_exists(#pending)',
          ExpressionAttributeNames: { '#pending': RUN_STATE_TABLE.pendingKey, '#token': 'token' },
          ExpressionAttributeValues: { ':token': { S: token } },
        }),
      ),
    );
    return out !== undefined;
  }

  /** Every pending wait of a kind (the sparse index; eventually consistent). */
  async pending(kind: WaitItem['kind']): Promise<WaitItem[]> {
    return this.queryPending(kind);
  }

  /** The pending waits of a kind that belong to one run. */
  async pendingOfRun(kind: WaitItem['kind'], executionArn: string): Promise<WaitItem[]> {
    return this.queryPending(kind, executionArn);
  }

  /** One wait, read strongly consistent. */
  async get(pk: string): Promise<WaitItem | undefined> {
    const item = await getItem(this.table, pk);
    return item ? decodeWait(item) : undefined;
  }

  /**
   * An instance started by the start jobnet is running: its waiter now waits for the status
   * checks. Puts the same token under the status key (first look a minute after `runningAt`:
   * EC2 runs the checks once a minute), then claims the instance wait without sending anything.
   * Returns the status wait when this call made the move, undefined when someone else did.
   */
  async moveToStatus(instanceWait: WaitItem, runningAt: number): Promise<WaitItem | undefined> {
    const { token, executionArn, step } = instanceWait;
    if (token === undefined || executionArn === undefined || step === undefined) return undefined;
    const now = this.clock.now();
    const statusWait: WaitItem = {
      pk: waitKeys.status(instanceWait.resource),
      kind: 'status',
      resource: instanceWait.resource,
      target: 'ok',
      token,
      executionArn,
      runId: instanceWait.runId,
      system: instanceWait.system,
      step,
      // The operation began when the step started the instance: the poll cadence (5 % of the
      // time waited) counts from there, as the detection delay does.
      registeredAt: instanceWait.registeredAt ?? now,
      deadline: instanceWait.deadline,
      pending: 'status',
      notBefore: runningAt + STATUS_CHECK_INTERVAL_MS,
      expiresAt: this.expiresAt(),
    };
    // A mover that read the instance wait late must not reset a status wait already polled.
    await whenConditionHolds(() =>
      this.ddb.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: encodeWait(statusWait),
          ConditionExpression: 'attribute_not_exists(pk) OR #token <> :token',
          ExpressionAttributeNames: { '#token': 'token' },
          ExpressionAttributeValues: { ':token': { S: token } },
        }),
      ),
    );
    return (await this.claim(instanceWait, 'success', now)) ? statusWait : undefined;
  }

  /**
   * Starts a run's poll chain (a conditional put of its lease): allowed when there is none, when
   * the current one is dead, or when it would poll much later than `nextPollAt`. The new
   * chain's id, or undefined when a live chain will poll in time.
   */
  startChain(executionArn: string, nextPollAt: number): Promise<string | undefined> {
    return this.leases.start(executionArn, nextPollAt);
  }

  /** Marks that a registrant relies on the live chain; false when there is no lease any more. */
  wantChain(executionArn: string): Promise<boolean> {
    return this.leases.want(executionArn);
  }

  /** Moves the chain's next poll; false when the chain was superseded or ended. */
  renewChain(executionArn: string, chain: string, nextPollAt: number): Promise<boolean> {
    return this.leases.renew(executionArn, chain, nextPollAt);
  }

  /** Ends the chain if still this one and, given `quietSince`, not relied on since. */
  endChain(executionArn: string, chain: string, quietSince?: number): Promise<boolean> {
    return this.leases.end(executionArn, chain, quietSince);
  }

  /** The run's poll lease, read strongly consistent. */
  getLease(executionArn: string): Promise<PollLease | undefined> {
    return this.leases.get(executionArn);
  }

  /** Writes the run's record (Prepare): the plan as a JSON string, the scripts as they are. */
  putRunRecord(executionArn: string, record: RunRecord): Promise<void> {
    return this.records.put(executionArn, record);
  }

  /** The run's record, or undefined when Prepare has not written one. */
  getRunRecord(executionArn: string): Promise<RunRecord | undefined> {
    return this.records.get(executionArn);
  }

  private newWait(wait: NewWait): WaitItem {
    const { timeoutSeconds, ...fields } = wait;
    const now = this.clock.now();
    return {
      ...fields,
      registeredAt: now,
      deadline: now + timeoutSeconds * 1000,
      pending: wait.kind,
      expiresAt: this.expiresAt(),
    };
  }

  private expiresAt(): number {
    return expiresAt(this.clock);
  }

  private async queryPending(kind: WaitItem['kind'], executionArn?: string): Promise<WaitItem[]> {
    const waits: WaitItem[] = [];
    const pages = paginateQuery(
      { client: this.ddb, pageSize: this.pageSize },
      {
        TableName: this.tableName,
        IndexName: RUN_STATE_TABLE.pendingIndex,
        KeyConditionExpression: '#pending = :kind',
        FilterExpression: executionArn === undefined ? undefined : 'executionArn = :arn',
        ExpressionAttributeNames: { '#pending': RUN_STATE_TABLE.pendingKey },
        ExpressionAttributeValues: {
          ':kind': { S: kind },
          ...(executionArn === undefined ? {} : { ':arn': { S: executionArn } }),
        },
      },
    );
    for await (const page of pages) waits.push(...(page.Items ?? []).map(decodeWait));
    return waits;
  }
}

/** EC2 runs an instance's status checks once a minute: an earlier look cannot see them pass. */
export const STATUS_CHECK_INTERVAL_MS = 60_000;

/** `SET #field = :field, …` for every field given (undefined ones left out). */
function setClause(fields: Partial<Record<WaitField, unknown>>) {
  const set: string[] = [];
  const names: Record<string, string> = {};
  const values: Attributes = {};
  for (const [field, value] of Object.entries(fields)) {
    const encoded = encodeField(field as WaitField, value);
    if (!encoded) continue;
    set.push(`#${field} = :${field}`);
    names[`#${field}`] = field;
    values[`:${field}`] = encoded;
  }
  return { set, names, values };
}
