import {
  CreateLogGroupCommand,
  DeleteLogStreamCommand,
  FilterLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CloudWatchAuditTrail } from '../../../bot/audit/audit-trail';
import type { AuditEntry, AuditRecord } from '../../../contract/audit-record';
import { createSimulatedClients } from '../../../local/sim-aws';
import { newAccount } from '../../local/sim-aws/sim-fixture';

const GROUP = 'WebappChatops-audit';
const entry: AuditEntry = {
  action: 'hold',
  system: 'shop',
  actor: { kind: 'person', id: 'U0REQUESTER' },
  outcome: 'held',
  reason: 'patching; token xoxb-123-abc and a task token AQ' + 'x'.repeat(120),
};

async function setup() {
  const { account, clock } = newAccount();
  const { logs } = createSimulatedClients(account);
  await logs.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
  const lost: { record: AuditRecord; problem: string }[] = [];
  const trail = new CloudWatchAuditTrail({
    logs,
    groupName: GROUP,
    source: 'bot',
    now: () => new Date(clock.now()),
    onLost: (record, problem) => lost.push({ record, problem }),
  });
  const stored = async () =>
    ((await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP }))).events ?? []).map(
      (e) => ({
        stream: e.logStreamName ?? '',
        record: JSON.parse(e.message ?? '') as AuditRecord,
      }),
    );
  const calls = (action: string) => account.calls.filter((c) => c.action === action);
  return { account, clock, logs, trail, lost, stored, calls };
}

describe('CloudWatchAuditTrail', () => {
  it('creates its stream once and writes one JSON record per event, secrets blanked', async () => {
    const { trail, stored, calls, clock } = await setup();

    await trail.record(entry);
    clock.advance(1000);
    await trail.record({ ...entry, action: 'resume', outcome: 'resumed', reason: undefined });

    expect(calls('CreateLogStream')).toHaveLength(1);
    const records = await stored();
    expect(records.map((r) => r.record.action)).toEqual(['hold', 'resume']);
    expect(new Set(records.map((r) => r.stream)).size).toBe(1);
    expect(records[0].stream).toMatch(/^bot\/2025\/01\/06\/[0-9a-f-]{36}$/);
    expect(records[0].record).toEqual({
      schema: 1,
      at: '2025-01-06T09:00:00.000Z',
      source: 'bot',
      action: 'hold',
      system: 'shop',
      actor: { kind: 'person', id: 'U0REQUESTER' },
      outcome: 'held',
      reason: 'patching; token [redacted] and a task token [redacted]',
    });
  });

  it('creates the stream again when it was deleted under a warm container', async () => {
    const { trail, stored, calls, logs, lost } = await setup();
    await trail.record(entry);
    const [stream] = (await stored()).map((r) => r.stream);
    await logs.send(new DeleteLogStreamCommand({ logGroupName: GROUP, logStreamName: stream }));

    await trail.record({ ...entry, outcome: 'held', reason: 'again' });

    expect(calls('CreateLogStream')).toHaveLength(2);
    expect((await stored()).map((r) => r.record.reason)).toEqual(['again']);
    expect(lost).toEqual([]);
  });

  it('hands a record it could not write to onLost, whole, and does not throw', async () => {
    const { trail, account, lost, stored } = await setup();
    account.faults.failCalls({
      service: 'logs',
      action: 'PutLogEvents',
      code: 'AccessDeniedException',
      httpStatus: 400,
    });

    await expect(trail.record(entry)).resolves.toBeUndefined();

    expect(lost).toEqual([
      {
        record: expect.objectContaining({ action: 'hold', outcome: 'held' }),
        problem: 'AccessDeniedException: AccessDeniedException (injected)',
      },
    ]);
    expect(await stored()).toEqual([]);
    // The next record goes through.
    await trail.record(entry);
    expect(await stored()).toHaveLength(1);
  });

  it('hands every record to onLost while the group does not exist', async () => {
    const { account, clock, lost } = await setup();
    const trail = new CloudWatchAuditTrail({
      logs: createSimulatedClients(account).logs,
      groupName: 'no-such-group',
      source: 'bot',
      now: () => new Date(clock.now()),
      onLost: (record, problem) => lost.push({ record, problem }),
    });
    await trail.record(entry);
    await trail.record(entry);
    expect(lost.map((l) => l.problem)).toEqual([
      'ResourceNotFoundException: The specified log group does not exist.',
      'ResourceNotFoundException: The specified log group does not exist.',
    ]);
  });
});
