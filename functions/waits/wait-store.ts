import {
  DeleteItemCommand,
  GetItemCommand,
  paginateQuery,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../contract/clock';
import type { JobnetRun } from '../../contract/jobnet-input';
import type { Plan } from '../../contract/plan';
import {
  pollLeaseKey,
  RUN_STATE_TABLE,
  RUN_STATE_TTL_SECONDS,
  runRecordKey,
  waitKeys,
  type WaitItem,
} from '../../contract/waits';
import { whenConditionHolds } from './conditional-write';
import { decodeWait, encodeField, encodeWait, type WaitField } from './wait-item-codec';

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

/** The lease of a run's poll chain. */
export interface PollLease {
  readonly chain: string;
  readonly nextPollAt: number;
  /** When a registrant last relied on this chain rather than starting one (see wantChain). */
  readonly wantedAt?: number;
}

/** What Prepare writes for the later steps of a run. */
export interface RunRecord {
  readonly plan: Plan;
  readonly scripts: JobnetRun['scripts'];
}

/** A chain whose next poll is this far overdue is taken to be dead: its message was lost. */
export const STALE_CHAIN_MS = 120_000;
/** A live chain due this much later than a registrant needs is replaced by an earlier one. */
export const SUPERSEDE_SLACK_MS = 5_000;

export interface WaitStoreOptions {
  readonly ddb: DynamoDBClient;
  readonly tableName: string;
  readonly clock: Clock;
  /** Items per page of the pending index; DynamoDB's own 1 MB pages when left out. */
  readonly pageSize?: number;
}

type Values = Record<string, AttributeValue>;

/** Every read and write of the run-state table: waits, poll leases and run records. */
export class WaitStore {
  readonly clock: Clock;
  private readonly ddb: DynamoDBClient;
  private readonly tableName: string;
  private readonly pageSize?: number;

  constructor(options: WaitStoreOptions) {
    this.ddb = options.ddb;
    this.tableName = options.tableName;
    this.clock = options.clock;
    this.pageSize = options.pageSize;
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
    const values: Values = {
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
    const item = await this.getItem(pk);
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
      registeredAt: now,
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
   * Starts a run's poll chain: a conditional put of its lease, allowed when there is none, when
   * the current one is dead (its poll overdue by STALE_CHAIN_MS), or when it would poll later
   * than `nextPollAt` needs (its message is then dropped as superseded). The new chain's id, or
   * undefined when a live chain will poll in time.
   */
  async startChain(executionArn: string, nextPollAt: number): Promise<string | undefined> {
    const chain = randomUUID();
    const now = this.clock.now();
    const out = await whenConditionHolds(() =>
      this.ddb.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            pk: { S: pollLeaseKey(executionArn) },
            chain: { S: chain },
            nextPollAt: { N: String(nextPollAt) },
            expiresAt: { N: String(this.expiresAt()) },
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
  async wantChain(executionArn: string): Promise<boolean> {
    const out = await whenConditionHolds(() =>
      this.ddb.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: key(pollLeaseKey(executionArn)),
          UpdateExpression: 'SET wantedAt = :now',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':now': { N: String(this.clock.now()) } },
        }),
      ),
    );
    return out !== undefined;
  }

  /** Moves the chain's next poll; false when the chain was superseded or ended. */
  async renewChain(executionArn: string, chain: string, nextPollAt: number): Promise<boolean> {
    const out = await whenConditionHolds(() =>
      this.ddb.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: key(pollLeaseKey(executionArn)),
          UpdateExpression: 'SET nextPollAt = :next, expiresAt = :expiresAt',
          ConditionExpression: 'chain = :chain',
          ExpressionAttributeValues: {
            ':next': { N: String(nextPollAt) },
            ':expiresAt': { N: String(this.expiresAt()) },
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
  async endChain(executionArn: string, chain: string, quietSince?: number): Promise<boolean> {
    const values: Values = { ':chain': { S: chain } };
    let condition = 'chain = :chain';
    if (quietSince !== undefined) {
      condition += ' AND (attribute_not_exists(wantedAt) OR wantedAt < :quietSince)';
      values[':quietSince'] = { N: String(quietSince) };
    }
    const out = await whenConditionHolds(() =>
      this.ddb.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: key(pollLeaseKey(executionArn)),
          ConditionExpression: condition,
          ExpressionAttributeValues: values,
        }),
      ),
    );
    return out !== undefined;
  }

  /** The run's poll lease, read strongly consistent. */
  async getLease(executionArn: string): Promise<PollLease | undefined> {
    const item = await this.getItem(pollLeaseKey(executionArn));
    if (!item?.chain?.S) return undefined;
    return {
      chain: item.chain.S,
      nextPollAt: Number(item.nextPollAt?.N ?? 0),
      ...(item.wantedAt?.N !== undefined ? { wantedAt: Number(item.wantedAt.N) } : {}),
    };
  }

  /** Writes the run's record (Prepare): the plan as a JSON string, the scripts as they are. */
  async putRunRecord(executionArn: string, record: RunRecord): Promise<void> {
    const { stop, start, check } = record.scripts;
    await this.ddb.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: {
          pk: { S: runRecordKey(executionArn) },
          plan: { S: JSON.stringify(record.plan) },
          scripts: { M: { stop: { S: stop }, start: { S: start }, check: { S: check } } },
          expiresAt: { N: String(this.expiresAt()) },
        },
      }),
    );
  }

  /** The run's record, or undefined when Prepare has not written one. */
  async getRunRecord(executionArn: string): Promise<RunRecord | undefined> {
    const item = await this.getItem(runRecordKey(executionArn));
    if (!item?.plan?.S) return undefined;
    const scripts = item.scripts?.M ?? {};
    return {
      plan: JSON.parse(item.plan.S) as Plan,
      scripts: {
        stop: scripts.stop?.S ?? '',
        start: scripts.start?.S ?? '',
        check: scripts.check?.S ?? '',
      },
    };
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
    return Math.floor(this.clock.now() / 1000) + RUN_STATE_TTL_SECONDS;
  }

  private async getItem(pk: string): Promise<Record<string, AttributeValue> | undefined> {
    const out = await this.ddb.send(
      new GetItemCommand({ TableName: this.tableName, Key: key(pk), ConsistentRead: true }),
    );
    return out.Item;
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

function key(pk: string): Values {
  return { [RUN_STATE_TABLE.partitionKey]: { S: pk } };
}

/** `SET #field = :field, …` for every field given (undefined ones left out). */
function setClause(fields: Partial<Record<WaitField, unknown>>) {
  const set: string[] = [];
  const names: Record<string, string> = {};
  const values: Values = {};
  for (const [field, value] of Object.entries(fields)) {
    const encoded = encodeField(field as WaitField, value);
    if (!encoded) continue;
    set.push(`#${field} = :${field}`);
    names[`#${field}`] = field;
    values[`:${field}`] = encoded;
  }
  return { set, names, values };
}
