import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { JobnetName } from '../../contract/jobnets';
import type { ApprovalPolicy } from '../../contract/run-trigger';
import { whenConditionHolds } from './conditional-write';

/** The table's key, as CreateTable takes it (the CDK stack declares the same key and TTL). */
export const SCHEDULE_TABLE_KEY = {
  KeySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' as const },
    { AttributeName: 'sk', KeyType: 'RANGE' as const },
  ],
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' as const },
    { AttributeName: 'sk', AttributeType: 'S' as const },
  ],
};
export const SCHEDULE_TABLE_TTL = 'expiresAt';

/** Someone put a system on hold: no scheduled run of it starts until resumed. */
export interface Hold {
  readonly system: string;
  readonly by: string;
  readonly since: number;
  readonly reason?: string;
}

/** One occurrence of a schedule that someone chose to skip. */
export interface Skip {
  readonly system: string;
  readonly schedule: string;
  /** The occurrence, as an ISO instant (UTC). */
  readonly occurrence: string;
  readonly by: string;
  readonly at: number;
}

export type OneOffStatus = 'awaiting-approval' | 'scheduled' | 'fired' | 'cancelled' | 'rejected';

/** A run asked for at a time, approved in advance in Slack, fired by a one-time schedule. */
export interface OneOff {
  readonly id: string;
  readonly system: string;
  readonly jobnet: JobnetName;
  /** When it runs, as an ISO instant (UTC); `timeZone` is how it was asked and is shown. */
  readonly at: string;
  readonly timeZone: string;
  readonly requestedBy: string;
  readonly requestedAt: number;
  readonly status: OneOffStatus;
  /** The message in the channel that holds its approval and, later, its run. */
  readonly channel: string;
  readonly threadTs?: string;
  readonly reason?: string;
  /** Who approved it in advance, when: written only by the bot, when the approver clicked. */
  readonly approvedBy?: string;
  readonly approvedAt?: number;
  /** Who cancelled or rejected it. */
  readonly endedBy?: string;
  readonly runId?: string;
  readonly executionArn?: string;
}

/**
 * One firing of a schedule, a one-off or an event trigger: EventBridge Scheduler and EventBridge
 * both deliver at least once.
 */
export interface FiringKey {
  readonly system: string;
  /** The schedule's name, `oneoff-<id>`, or `event:<trigger>`. */
  readonly source: string;
  /** Which firing of it: the occurrence Scheduler fired (its scheduled-time), or the event's id. */
  readonly occurrence: string;
}

export interface Firing extends FiringKey {
  /** claimed: being handled; started: its run started; skipped: it was skipped, and why. */
  readonly status: 'claimed' | 'started' | 'skipped';
  readonly claimedAt: number;
  /** The policy the configuration gave the firing, which the approval step holds the run to. */
  readonly policy?: ApprovalPolicy;
  /** The run this firing starts (its name is derived from the firing, so it is known at once). */
  readonly runId?: string;
  readonly executionArn?: string;
  readonly note?: string;
}

/**
 * A claim older than this belongs to a starter that died (killed at its 60 s timeout, say, with
 * a dependency stalled); a redelivery may take it over. Longer than the starter's timeout, so a
 * slow but live starter keeps its firing; shorter than Lambda's first retry of a failed
 * asynchronous invocation (about a minute after the failure), so that retry is not taken for a
 * duplicate and the firing is not lost.
 */
export const FIRING_LEASE_MS = 90_000;

const DAY_S = 86_400;
const systemKey = (system: string) => `system#${system}`;
const firingKey = (k: FiringKey) => `firing#${k.system}#${k.source}#${k.occurrence}`;
/**
 * One spelling per instant: Scheduler's scheduled-time (`…T13:00:00Z`) and a Date's ISO string
 * (`…T13:00:00.000Z`) must find the same skip.
 */
const instant = (iso: string) => {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString();
};
const skipKey = (schedule: string, occurrence: string) => `skip#${schedule}#${instant(occurrence)}`;

/**
 * What people and firings decide about schedules, in one DynamoDB table: holds, skipped
 * occurrences, one-off runs and the firings themselves. Every change that two people (or a
 * person and a firing) could make at once is a conditional write, so one of them wins and the
 * other is told what happened instead.
 */
export class ScheduleState {
  constructor(
    private readonly ddb: DynamoDBClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Everything decided about a system: its hold, its skips, its one-offs (one query). */
  async ofSystem(system: string): Promise<{ hold?: Hold; skips: Skip[]; oneOffs: OneOff[] }> {
    const items: Record<string, AttributeValue>[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const out = await this.ddb.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: systemKey(system) } },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    const of = <T>(prefix: string) =>
      items.filter((i) => i.sk?.S?.startsWith(prefix)).map((i) => recordOf<T>(i));
    const [hold] = of<Hold>('hold');
    return {
      ...(hold ? { hold } : {}),
      skips: of<Skip>('skip#'),
      oneOffs: of<OneOff>('oneoff#'),
    };
  }

  /** Holds a system; if it already is, says by whom (the first hold stands). */
  async hold(system: string, by: string, reason?: string): Promise<{ held: true } | Hold> {
    const hold: Hold = { system, by, since: this.now(), ...(reason ? { reason } : {}) };
    const put = await this.put(systemKey(system), 'hold', hold, 'attribute_not_exists(pk)');
    if (put) return { held: true };
    return (await this.holdOf(system)) ?? this.hold(system, by, reason);
  }

  /** Lifts a system's hold; the hold it lifted, or undefined if there was none. */
  async resume(system: string): Promise<Hold | undefined> {
    const out = await this.ddb.send(
      new DeleteItemCommand({
        TableName: this.tableName,
        Key: key(systemKey(system), 'hold'),
        ReturnValues: 'ALL_OLD',
      }),
    );
    return out.Attributes ? recordOf<Hold>(out.Attributes) : undefined;
  }

  async holdOf(system: string): Promise<Hold | undefined> {
    return this.get<Hold>(systemKey(system), 'hold');
  }

  /** Skips one occurrence of a schedule; false if someone already had. */
  async skip(skip: Omit<Skip, 'at'>): Promise<boolean> {
    const record: Skip = { ...skip, occurrence: instant(skip.occurrence), at: this.now() };
    // Kept a week past the occurrence: long enough to be shown, then gone by itself.
    const expiresAt = Math.floor(Date.parse(skip.occurrence) / 1000) + 7 * DAY_S;
    return this.put(
      systemKey(skip.system),
      skipKey(skip.schedule, skip.occurrence),
      record,
      'attribute_not_exists(pk)',
      { expiresAt },
    );
  }

  /** Takes a skip back; false if there was none. */
  async unskip(system: string, schedule: string, occurrence: string): Promise<boolean> {
    const out = await this.ddb.send(
      new DeleteItemCommand({
        TableName: this.tableName,
        Key: key(systemKey(system), skipKey(schedule, occurrence)),
        ReturnValues: 'ALL_OLD',
      }),
    );
    return out.Attributes !== undefined;
  }

  async skipOf(system: string, schedule: string, occurrence: string): Promise<Skip | undefined> {
    return this.get<Skip>(systemKey(system), skipKey(schedule, occurrence));
  }

  /** Records a one-off run, waiting for its approval; false if the id is taken. */
  async createOneOff(oneOff: OneOff): Promise<boolean> {
    return this.put(
      systemKey(oneOff.system),
      `oneoff#${oneOff.id}`,
      oneOff,
      'attribute_not_exists(pk)',
      {
        expiresAt: Math.floor(Date.parse(oneOff.at) / 1000) + 90 * DAY_S,
      },
    );
  }

  async oneOff(system: string, id: string): Promise<OneOff | undefined> {
    return this.get<OneOff>(systemKey(system), `oneoff#${id}`);
  }

  /**
   * Moves a one-off from one of `from` to `to`, merging `changes`: the new record, or undefined
   * when its status was not one of `from` (someone else decided first; read it back to say who).
   */
  async transitionOneOff(
    system: string,
    id: string,
    from: readonly OneOffStatus[],
    to: OneOffStatus,
    changes: Partial<OneOff> = {},
  ): Promise<OneOff | undefined> {
    for (let pass = 0; pass < 3; pass += 1) {
      const current = await this.oneOff(system, id);
      if (!current || !from.includes(current.status)) return undefined;
      const next: OneOff = { ...current, ...changes, status: to };
      const written = await this.put(systemKey(system), `oneoff#${id}`, next, '#status = :was', {
        expiresAt: Math.floor(Date.parse(next.at) / 1000) + 90 * DAY_S,
        was: current.status,
      });
      if (written) return next;
    }
    return undefined;
  }

  /**
   * Claims a firing for this delivery: `claimed`, or the firing as another delivery left it
   * (started, skipped, or still being handled). A claim whose lease ran out is taken over.
   */
  async claimFiring(
    k: FiringKey,
    run: { readonly policy?: ApprovalPolicy; readonly runId?: string } = {},
  ): Promise<{ claimed: true } | { claimed: false; firing: Firing }> {
    const firing: Firing = {
      ...k,
      status: 'claimed',
      claimedAt: this.now(),
      ...(run.policy ? { policy: run.policy } : {}),
      ...(run.runId ? { runId: run.runId } : {}),
    };
    const written = await this.put(
      firingKey(k),
      'firing',
      firing,
      'attribute_not_exists(pk) OR (#status = :claimed AND claimedAt < :stale)',
      {
        expiresAt: Math.floor(this.now() / 1000) + 30 * DAY_S,
        stale: this.now() - FIRING_LEASE_MS,
      },
    );
    if (written) return { claimed: true };
    const current = await this.firing(k);
    return current ? { claimed: false, firing: current } : this.claimFiring(k, run);
  }

  /** Ends a claimed firing: its run started, or it was skipped (and why). */
  async settleFiring(
    k: FiringKey,
    outcome: Pick<Firing, 'status' | 'runId' | 'executionArn' | 'note'>,
  ): Promise<void> {
    const current = await this.firing(k);
    if (!current) return;
    await this.put(firingKey(k), 'firing', { ...current, ...outcome }, 'attribute_exists(pk)', {
      expiresAt: Math.floor(this.now() / 1000) + 30 * DAY_S,
    });
  }

  /** Gives a claim back, so the scheduler's retry of this firing can take it. */
  async releaseFiring(k: FiringKey): Promise<void> {
    await whenConditionHolds(() =>
      this.ddb.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: key(firingKey(k), 'firing'),
          ConditionExpression: '#status = :claimed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':claimed': { S: 'claimed' } },
        }),
      ),
    );
  }

  async firing(k: FiringKey): Promise<Firing | undefined> {
    return this.get<Firing>(firingKey(k), 'firing');
  }

  private async get<T>(pk: string, sk: string): Promise<T | undefined> {
    const out = await this.ddb.send(
      new GetItemCommand({ TableName: this.tableName, Key: key(pk, sk), ConsistentRead: true }),
    );
    return out.Item ? recordOf<T>(out.Item) : undefined;
  }

  /** A conditional put of one record; false when the condition did not hold. */
  private async put(
    pk: string,
    sk: string,
    record: object,
    condition: string,
    extra: { expiresAt?: number; was?: string; stale?: number } = {},
  ): Promise<boolean> {
    const values: Record<string, AttributeValue> = {};
    if (condition.includes(':was')) values[':was'] = { S: extra.was ?? '' };
    if (condition.includes(':claimed')) values[':claimed'] = { S: 'claimed' };
    if (condition.includes(':stale')) values[':stale'] = { N: String(extra.stale ?? 0) };
    const status = (record as { status?: string }).status;
    const claimedAt = (record as { claimedAt?: number }).claimedAt;
    const out = await whenConditionHolds(() =>
      this.ddb.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            ...key(pk, sk),
            record: { S: JSON.stringify(record) },
            ...(status ? { status: { S: status } } : {}),
            ...(claimedAt !== undefined ? { claimedAt: { N: String(claimedAt) } } : {}),
            ...(extra.expiresAt !== undefined
              ? { [SCHEDULE_TABLE_TTL]: { N: String(extra.expiresAt) } }
              : {}),
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

function key(pk: string, sk: string): Record<string, AttributeValue> {
  return { pk: { S: pk }, sk: { S: sk } };
}

function recordOf<T>(item: Record<string, AttributeValue>): T {
  return JSON.parse(item.record?.S ?? '{}') as T;
}
