import type { RunTrigger } from '../../contract/run-trigger';
import {
  GetItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { whenConditionHolds } from '../services/conditional-write';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { RunStatus } from '../progress-model';
import type { ExecutionFacts, HistoryFold } from './history-progress';

/** The run records table's partition key: one item per execution. */
export const RUN_RECORD_KEY = 'executionArn';

/** The table's key, as CreateTable takes it (the CDK stack declares the same key). */
export const RUN_RECORDS_TABLE_KEY = {
  KeySchema: [{ AttributeName: RUN_RECORD_KEY, KeyType: 'HASH' as const }],
  AttributeDefinitions: [{ AttributeName: RUN_RECORD_KEY, AttributeType: 'S' as const }],
};

/** The attribute DynamoDB's time to live reads (epoch seconds); the stack names it too. */
export const RUN_RECORD_TTL_ATTRIBUTE = 'expiresAt';

/** A record outlives its last write by this long: past the 14 days a run may be redriven. */
export const RUN_RECORD_TTL_MS = 30 * 24 * 3600 * 1000;

/**
 * How long the pen is held at most: longer than the notifier's function timeout (60 s), so a
 * holder that is still alive always holds it, and one whose container died frees it after.
 */
export const PEN_LEASE_MS = 90_000;

/** What DescribeExecution said, and the Slack thread the run writes to. */
export interface RunFacts extends ExecutionFacts {
  readonly channel: string;
  readonly threadTs: string;
  readonly requestedBy?: string;
  /** Why the run was asked for, shown in the root message. */
  readonly reason?: string;
  /** The system's second channel: one line when the run starts and when it ends. */
  readonly announceChannel?: string;
  /** What started the run when no person did: a schedule or a one-off run. */
  readonly trigger?: RunTrigger;
  /** A run that changes only the DB cluster (the Aurora watch's re-stop) shows only its steps. */
  readonly scope?: 'database';
  /** The execution's redriveCount: each attempt gets its own failure reply and summary. */
  readonly attempt: number;
  readonly redrivable: boolean;
  readonly redriveReason?: string;
}

/** A run as one delivery saw it: the history folded up to a position, and the facts. */
export interface RunState {
  /**
   * Orders what deliveries saw: the history position, then whether the run had ended (the end
   * may show in DescribeExecution before its event is read). Only a higher version is saved.
   */
  readonly version: number;
  /** The newest event folded in (`anchorOf`), to tell whether the history still starts so. */
  readonly anchor: string;
  readonly fold: HistoryFold;
  readonly facts: RunFacts;
}

/** A run's record: the newest state saved, and what of it has been written to Slack. */
export interface RunRecord extends RunState {
  /** The version whose render and replies are all in the thread; 0 for none. */
  readonly renderedVersion: number;
  /** What the root message shows now, and when it was last edited. */
  readonly renderedHash?: string;
  readonly renderedAt?: number;
  /**
   * The replies posted, as `failure#<attempt>` and `summary#<attempt>`, and the audit records
   * written, as `audit#outcome#<attempt>`, `audit#expired#<attempt>` and `audit#no-objection`.
   */
  readonly posted: ReadonlySet<string>;
  /** When the lease of whoever holds the pen runs out; absent while nobody holds it. */
  readonly penUntil?: number;
}

/** The version of what a delivery saw: higher is newer. */
export function versionOf(fold: HistoryFold, status: RunStatus): number {
  return fold.position * 2 + (status === 'RUNNING' ? 0 : 1);
}

/**
 * The notifier's run records in DynamoDB, keyed by execution ARN. Every write is conditional:
 * a state is saved only over an older one, and the thread is written only by the holder of
 * the run's pen (a lease), so deliveries running at once in several containers write each
 * render in order and each reply once.
 */
export class RunRecords {
  constructor(
    private readonly ddb: DynamoDBClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The record (strongly consistent), or undefined before the run's first delivery. */
  async get(executionArn: string): Promise<RunRecord | undefined> {
    const out = await this.ddb.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: key(executionArn),
        ConsistentRead: true,
      }),
    );
    return out.Item ? fromItem(out.Item) : undefined;
  }

  /** Saves a state unless one as new is saved already; true when it was saved. */
  async save(executionArn: string, state: RunState): Promise<boolean> {
    return this.update(executionArn, {
      UpdateExpression: 'SET #version = :v, #anchor = :anchor, #state = :state, #ttl = :ttl',
      ConditionExpression: 'attribute_not_exists(#key) OR #version < :v',
      ExpressionAttributeNames: {
        '#key': RUN_RECORD_KEY,
        '#version': 'version',
        '#anchor': 'anchor',
        '#state': 'state',
        '#ttl': RUN_RECORD_TTL_ATTRIBUTE,
      },
      ExpressionAttributeValues: {
        ':v': { N: String(state.version) },
        ':anchor': { S: state.anchor },
        ':state': { B: gzipSync(JSON.stringify({ fold: state.fold, facts: state.facts })) },
        ':ttl': { N: String(Math.ceil((this.now() + RUN_RECORD_TTL_MS) / 1000)) },
      },
    });
  }

  /**
   * Takes the run's pen for `owner` if the thread does not show `version` yet and nobody holds
   * the pen (or the holder's lease ran out); returns the record as it is now, or undefined.
   */
  async takePen(
    executionArn: string,
    owner: string,
    version: number,
  ): Promise<RunRecord | undefined> {
    const out = await whenConditionHolds(() =>
      this.ddb.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: key(executionArn),
          UpdateExpression: 'SET #owner = :owner, #until = :until',
          ConditionExpression:
            'attribute_exists(#key) AND (attribute_not_exists(#rendered) OR #rendered < :v) ' +
            'AND (attribute_not_exists(#owner) OR #until < :now)',
          ExpressionAttributeNames: {
            '#key': RUN_RECORD_KEY,
            '#rendered': 'renderedVersion',
            '#owner': 'penOwner',
            '#until': 'penUntil',
          },
          ExpressionAttributeValues: {
            ':owner': { S: owner },
            ':until': { N: String(this.now() + PEN_LEASE_MS) },
            ':now': { N: String(this.now()) },
            ':v': { N: String(version) },
          },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return out?.Attributes ? fromItem(out.Attributes) : undefined;
  }

  /** Whether the pen is free (or its lease ran out), so waiting for it is over. */
  penFree(record: RunRecord): boolean {
    return record.penUntil === undefined || record.penUntil < this.now();
  }

  /** Notes what the root message shows now; only the pen's holder may. */
  async markRendered(executionArn: string, owner: string, hash: string, at: number) {
    await this.asHolder(executionArn, owner, 'SET renderedHash = :hash, renderedAt = :at', {
      ':hash': { S: hash },
      ':at': { N: String(at) },
    });
  }

  /** Notes a reply posted or a record written (see `posted`); only the holder may. */
  async markPosted(executionArn: string, owner: string, reply: string) {
    await this.asHolder(executionArn, owner, 'ADD posted :reply', { ':reply': { SS: [reply] } });
  }

  /**
   * Gives the pen back; with `renderedVersion` once the thread shows that version, without it
   * when writing failed (the next delivery, or this one's redelivery, writes it).
   */
  async releasePen(executionArn: string, owner: string, renderedVersion?: number) {
    await this.asHolder(
      executionArn,
      owner,
      renderedVersion === undefined
        ? 'REMOVE penOwner, penUntil'
        : 'SET renderedVersion = :v REMOVE penOwner, penUntil',
      renderedVersion === undefined ? {} : { ':v': { N: String(renderedVersion) } },
    );
  }

  private async asHolder(
    executionArn: string,
    owner: string,
    expression: string,
    values: Record<string, AttributeValue>,
  ): Promise<void> {
    const saved = await this.update(executionArn, {
      UpdateExpression: expression,
      ConditionExpression: 'penOwner = :owner',
      ExpressionAttributeValues: { ':owner': { S: owner }, ...values },
    });
    // Only a holder whose container outlived the lease gets here; its delivery fails and comes again.
    if (!saved) throw new Error(`The pen of ${executionArn} was taken over`);
  }

  private async update(
    executionArn: string,
    input: Pick<
      ConstructorParameters<typeof UpdateItemCommand>[0],
      | 'UpdateExpression'
      | 'ConditionExpression'
      | 'ExpressionAttributeNames'
      | 'ExpressionAttributeValues'
    >,
  ): Promise<boolean> {
    const out = await whenConditionHolds(() =>
      this.ddb.send(
        new UpdateItemCommand({ TableName: this.tableName, Key: key(executionArn), ...input }),
      ),
    );
    return out !== undefined;
  }
}

function key(executionArn: string): Record<string, AttributeValue> {
  return { [RUN_RECORD_KEY]: { S: executionArn } };
}

function fromItem(item: Record<string, AttributeValue>): RunRecord {
  const state = JSON.parse(gunzipSync(item.state?.B ?? new Uint8Array()).toString('utf8')) as {
    fold: HistoryFold;
    facts: RunFacts;
  };
  return {
    version: Number(item.version?.N ?? 0),
    anchor: item.anchor?.S ?? '',
    fold: state.fold,
    facts: state.facts,
    renderedVersion: Number(item.renderedVersion?.N ?? 0),
    ...(item.renderedHash?.S ? { renderedHash: item.renderedHash.S } : {}),
    ...(item.renderedAt?.N ? { renderedAt: Number(item.renderedAt.N) } : {}),
    posted: new Set(item.posted?.SS ?? []),
    ...(item.penUntil?.N ? { penUntil: Number(item.penUntil.N) } : {}),
  };
}
