import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { whenConditionHolds } from './conditional-write';
import { SCHEDULE_TABLE_TTL } from './schedule-state';

/**
 * What the Aurora watch must do once although it is told twice: alert on one RDS-EVENT-0153
 * (EventBridge delivers at least once), warn once per stop (the daily check may run again), and
 * record one re-stop request per stop. Kept in the schedule table, under `aurora#<system>`.
 */

/** An alert or a warning on its way: claimed by a delivery, posted, or done. */
export interface WatchNotice {
  readonly status: 'claimed' | 'posted' | 'done';
  readonly claimedAt: number;
  /** The message in the channel, once posted. */
  readonly ts?: string;
}

/** Someone asked from the warning for the cluster to be stopped again after AWS restarts it. */
export interface RestopIntent {
  readonly system: string;
  readonly clusterId: string;
  readonly stoppedAt: string;
  /** When AWS is due to start it: the restart this intent is about. */
  readonly restartAt: string;
  readonly by: string;
  readonly at: number;
}

/**
 * A claim older than this belongs to an invocation that died (the watch times out at 60 s), so
 * a retry may take it over; shorter than Lambda's first retry of a failed async invocation.
 */
export const NOTICE_LEASE_MS = 90_000;
const DAY_S = 86_400;
const KEPT_S = 30 * DAY_S;

const pk = (system: string) => `aurora#${system}`;
const instant = (iso: string) => new Date(iso).toISOString();

export class AuroraWatchState {
  constructor(
    private readonly ddb: DynamoDBClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Claims the alert for an RDS event, or the warning for a stop: `claimed`, or the notice as
   * another delivery left it (a claim whose lease ran out is taken over).
   */
  async claim(system: string, key: string): Promise<{ claimed: true } | WatchNotice> {
    const notice: WatchNotice = { status: 'claimed', claimedAt: this.now() };
    const written = await this.put(
      system,
      key,
      notice,
      'attribute_not_exists(pk) OR (#status = :claimed AND claimedAt < :stale)',
      { ':claimed': { S: 'claimed' }, ':stale': { N: String(this.now() - NOTICE_LEASE_MS) } },
    );
    if (written) return { claimed: true };
    return (await this.get<WatchNotice>(system, key)) ?? this.claim(system, key);
  }

  /** Moves a claimed notice on: posted (the message is out), then done. */
  async settle(system: string, key: string, notice: Omit<WatchNotice, 'claimedAt'>): Promise<void> {
    await this.put(system, key, { ...notice, claimedAt: this.now() }, 'attribute_exists(pk)', {});
  }

  /** Gives a claim back, so the retry of this delivery can take it. */
  async release(system: string, key: string): Promise<void> {
    await whenConditionHolds(() =>
      this.ddb.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: itemKey(pk(system), key),
          ConditionExpression: '#status = :claimed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':claimed': { S: 'claimed' } },
        }),
      ),
    );
  }

  /** Records the re-stop request for a stop; the one already recorded when someone was first. */
  async recordIntent(intent: RestopIntent): Promise<{ recorded: true } | RestopIntent> {
    const written = await this.put(
      intent.system,
      intentKey(intent.stoppedAt),
      intent,
      'attribute_not_exists(pk)',
      {},
    );
    if (written) return { recorded: true };
    return (await this.get<RestopIntent>(intent.system, intentKey(intent.stoppedAt))) ?? intent;
  }

  /** The re-stop request for the restart due nearest `restartedAt` (within 12 h), if any. */
  async intentFor(system: string, restartedAt: number): Promise<RestopIntent | undefined> {
    const out = await this.ddb.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :intent)',
        ExpressionAttributeValues: { ':pk': { S: pk(system) }, ':intent': { S: 'intent#' } },
        ConsistentRead: true,
      }),
    );
    const intents = (out.Items ?? []).map((item) => recordOf<RestopIntent>(item));
    const distance = (i: RestopIntent) => Math.abs(Date.parse(i.restartAt) - restartedAt);
    return intents
      .filter((i) => distance(i) <= 12 * 3600_000)
      .sort((a, b) => distance(a) - distance(b))[0];
  }

  private async get<T>(system: string, key: string): Promise<T | undefined> {
    const out = await this.ddb.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: itemKey(pk(system), key),
        ConsistentRead: true,
      }),
    );
    return out.Item ? recordOf<T>(out.Item) : undefined;
  }

  private async put(
    system: string,
    key: string,
    record: object,
    condition: string,
    values: Record<string, AttributeValue>,
  ): Promise<boolean> {
    const { status, claimedAt } = record as { status?: string; claimedAt?: number };
    const out = await whenConditionHolds(() =>
      this.ddb.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            ...itemKey(pk(system), key),
            record: { S: JSON.stringify(record) },
            ...(status ? { status: { S: status } } : {}),
            ...(claimedAt !== undefined ? { claimedAt: { N: String(claimedAt) } } : {}),
            [SCHEDULE_TABLE_TTL]: { N: String(Math.floor(this.now() / 1000) + KEPT_S) },
          },
          ConditionExpression: condition,
          ...(condition.includes('#status')
            ? { ExpressionAttributeNames: { '#status': 'status' } }
            : {}),
          ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
        }),
      ),
    );
    return out !== undefined;
  }
}

/** The key of the alert on one RDS event. */
export const alertKey = (eventId: string) => `alert#${eventId}`;
/** The key of the warning about one stop. */
export const warningKey = (stoppedAt: string) => `warning#${instant(stoppedAt)}`;
const intentKey = (stoppedAt: string) => `intent#${instant(stoppedAt)}`;

function itemKey(partition: string, sort: string): Record<string, AttributeValue> {
  return { pk: { S: partition }, sk: { S: sort } };
}

function recordOf<T>(item: Record<string, AttributeValue>): T {
  return JSON.parse(item.record?.S ?? '{}') as T;
}
