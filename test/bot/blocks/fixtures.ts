import type { KnownBlock } from '@slack/types';
import type { Plan } from '../../../contract/plan';
import type { ProgressItem, RunProgress } from '../../../bot/progress-model';
import { validateBlocks } from '../../../local/slack/block-validation';

export const EXECUTION_ARN =
  'arn:aws:states:ap-northeast-1:123456789012:execution:stop-webapp:stop-shop-20251129T2200Z-1a2b';

/** `i-0000000000000000a`-shaped ids: 17 hex digits, as EC2 issues them. */
export function instanceId(n: number): string {
  return `i-${n.toString(16).padStart(17, '0')}`;
}

export function items(count: number, state: ProgressItem['state'] = 'succeeded'): ProgressItem[] {
  return Array.from({ length: count }, (_, i) => ({ id: instanceId(i + 1), state }));
}

export function stopProgress(overrides: Partial<RunProgress> = {}): RunProgress {
  return {
    jobnet: 'stop',
    system: 'shop',
    executionArn: EXECUTION_ARN,
    status: 'RUNNING',
    startedAt: Date.UTC(2025, 10, 29, 22, 0, 0),
    steps: [
      { name: 'Approval', label: 'Approval', state: 'succeeded' },
      { name: 'PutMaintenancePage', label: 'Put up the maintenance page', state: 'succeeded' },
      {
        name: 'StopWebInstances',
        label: 'Stop Apache and the web instances',
        state: 'running',
        items: [
          { id: 'i-0abc', state: 'succeeded' },
          { id: 'i-0def', state: 'failed', detail: 'StopApache' },
          { id: 'i-0123', state: 'running', detail: 'StopInstance' },
          { id: 'i-0456', state: 'pending' },
        ],
      },
      { name: 'BackupDbCluster', label: 'Back up the DB cluster', state: 'pending' },
      { name: 'StopDbCluster', label: 'Stop the DB cluster', state: 'skipped' },
    ],
    backupJobIds: [],
    ...overrides,
  };
}

export function plan(instanceCount = 2, overrides: Partial<Plan> = {}): Plan {
  const instances = Array.from({ length: instanceCount }, (_, i) => ({
    id: instanceId(i + 1),
    name: `web-${i + 1}`,
    state: i === 0 && instanceCount > 1 ? 'stopped' : 'running',
  }));
  return {
    jobnet: 'stop',
    instances,
    db: { id: 'shop-db', status: 'available' },
    maintenancePage: 'down',
    targets: instances.map((i) => ({
      id: i.id,
      state: i.state === 'running' ? 'healthy' : 'unused',
    })),
    changes: [
      'Put up the maintenance page (listener rule, priority 1, HTTP 503)',
      ...instances.map(
        (i) => `Stop Apache on ${i.id} (${i.name}), check it, stop the instance (${i.state} now)`,
      ),
      `Back up ${instanceCount} instance(s) as AMIs, kept 3 day(s)`,
      'Back up DB cluster shop-db (snapshot, kept 3 day(s))',
      'Wait for DB cluster shop-db to be available (available now), then stop it',
    ],
    ...overrides,
  };
}

/** Every mrkdwn/plain text in the blocks, in order. */
export function texts(blocks: readonly KnownBlock[]): string[] {
  const out: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const obj = value as Record<string, unknown>;
      if ((obj.type === 'mrkdwn' || obj.type === 'plain_text') && typeof obj.text === 'string') {
        out.push(obj.text);
      }
      Object.values(obj).forEach(walk);
    }
  };
  walk(blocks);
  return out;
}

/** Asserts Slack would accept the message: the local server's own limit checks. */
export function expectAcceptedBySlack(message: { text: string; blocks: KnownBlock[] }): void {
  expect(validateBlocks(message.blocks)).toEqual([]);
  expect(message.text.length).toBeGreaterThan(0);
  expect(message.text.length).toBeLessThanOrEqual(40_000);
}

/** Occurrences of ``` in a string: an even count means every fence closes. */
export function fenceCount(text: string): number {
  return text.split('```').length - 1;
}

export function buttons(blocks: readonly KnownBlock[]): Record<string, unknown>[] {
  return blocks.flatMap((b) =>
    b.type === 'actions' ? (b.elements as unknown as Record<string, unknown>[]) : [],
  );
}
