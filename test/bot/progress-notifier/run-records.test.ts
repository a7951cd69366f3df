import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { EMPTY_FOLD, type HistoryFold } from '../../../bot/progress-notifier/history-progress';
import {
  PEN_LEASE_MS,
  versionOf,
  type RunFacts,
  type RunState,
} from '../../../bot/progress-notifier/run-records';
import { useLocalDynamoDB } from '../../helpers/local-dynamodb';
import { freshTables } from '../../helpers/notifier-harness';

const dynamodb = useLocalDynamoDB();

const ARN = 'arn:aws:states:us-east-1:123456789012:execution:webapp-chatops-start:run-1';
const facts: RunFacts = {
  jobnet: 'start',
  system: 'shop',
  executionArn: ARN,
  status: 'RUNNING',
  startedAt: 1_000,
  channel: 'C1',
  threadTs: '1.0',
  attempt: 0,
  redrivable: false,
};
const state = (position: number, fold: HistoryFold = EMPTY_FOLD): RunState => ({
  version: versionOf({ ...fold, position }, facts.status),
  anchor: `${position}:TaskStateEntered:1000`,
  fold: { ...fold, position },
  facts,
});

describe('run records', () => {
  it('order states by history position, then by whether the run had ended', () => {
    const fold = { ...EMPTY_FOLD, position: 7 };
    expect(versionOf(fold, 'RUNNING')).toBeLessThan(versionOf(fold, 'FAILED'));
    expect(versionOf(fold, 'FAILED')).toBeLessThan(versionOf({ ...fold, position: 8 }, 'RUNNING'));
  });

  it('save a state only over an older one', async () => {
    const { records } = await freshTables(dynamodb.client());

    expect(await records.save(ARN, state(10))).toBe(true);
    expect(await records.save(ARN, state(4))).toBe(false);
    expect(await records.save(ARN, state(10))).toBe(false);
    expect((await records.get(ARN))?.fold.position).toBe(10);
    expect(await records.save(ARN, state(12))).toBe(true);
    expect(await records.get(ARN)).toMatchObject({
      version: 24,
      anchor: '12:TaskStateEntered:1000',
    });
  });

  it('give the pen to one of 10 at once, and not again for what the thread shows already', async () => {
    const { records } = await freshTables(dynamodb.client());
    await records.save(ARN, state(10));

    const takers = Array.from({ length: 10 }, () => randomUUID());
    const taken = await Promise.all(takers.map((owner) => records.takePen(ARN, owner, 20)));
    const holders = takers.filter((_, i) => taken[i] !== undefined);

    expect(holders).toHaveLength(1);
    await records.markRendered(ARN, holders[0], 'hash', 5);
    await records.markPosted(ARN, holders[0], 'summary#0');
    await records.releasePen(ARN, holders[0], 20);
    expect(await records.takePen(ARN, 'late', 20)).toBeUndefined();
    expect(await records.get(ARN)).toMatchObject({
      renderedVersion: 20,
      renderedHash: 'hash',
      renderedAt: 5,
      posted: new Set(['summary#0']),
    });
    expect((await records.get(ARN))?.penUntil).toBeUndefined();
    await records.save(ARN, state(11));
    expect(await records.takePen(ARN, 'next', 22)).toMatchObject({ version: 22 });
  });

  it('let a pen be taken over once its lease ran out, and its former holder write nothing more', async () => {
    const clock = { at: 1_000_000, now: () => clock.at, sleep: async () => undefined };
    const { records } = await freshTables(dynamodb.client(), clock);
    await records.save(ARN, state(10));
    await records.takePen(ARN, 'gone', 20);

    expect(await records.takePen(ARN, 'next', 20)).toBeUndefined();
    clock.at += PEN_LEASE_MS + 1;
    expect(await records.takePen(ARN, 'next', 20)).toBeDefined();
    await expect(records.markPosted(ARN, 'gone', 'summary#0')).rejects.toThrow(/taken over/);
    await expect(records.releasePen(ARN, 'gone', 20)).rejects.toThrow(/taken over/);
  });

  it('keep a 500-instance run with a cause at its 32 KB limit far under the 400 KB item limit', async () => {
    const { records, names } = await freshTables(dynamodb.client());
    const ids = Array.from({ length: 500 }, (_, i) => `i-${i.toString(16).padStart(17, '0')}`);
    const fold: HistoryFold = {
      ...EMPTY_FOLD,
      steps: { Prepare: 'succeeded', Approval: 'succeeded', StartDbCluster: 'succeeded' },
      items: Object.fromEntries(
        ids.flatMap((id) => [
          [`BootWebInstances/${id}`, { state: 'succeeded', detail: 'StartInstance' }],
          [`StartWebServers/${id}`, { state: 'running', detail: 'CheckApacheRunning' }],
        ]),
      ),
      instanceIds: ids,
      backupJobIds: ids.map(() => randomUUID().toUpperCase()),
      tasks: Object.fromEntries(
        ids.map((id, i) => [String(i), { name: 'StartApache', instanceId: id }]),
      ),
      chain: Object.fromEntries(ids.map((_, i) => [String(i + 1000), i])),
    };
    const big = { ...state(4000, fold), facts: { ...facts, cause: 'x'.repeat(32_768) } };

    expect(await records.save(ARN, big)).toBe(true);

    expect((await records.get(ARN))?.fold).toEqual(big.fold);
    const raw = await dynamodb
      .client()
      .send(new GetItemCommand({ TableName: names.records, Key: { executionArn: { S: ARN } } }));
    expect(JSON.stringify(big.fold).length).toBeGreaterThan(100_000);
    expect(raw.Item?.state.B?.length).toBeLessThan(40_000);
  });
});
