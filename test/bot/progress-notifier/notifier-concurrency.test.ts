import { UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ChatPostMessageArguments, ChatUpdateArguments } from '@slack/web-api';
import { WebClient } from '@slack/web-api';
import { gzipSync } from 'node:zlib';
import { ACTION_IDS } from '../../../bot/blocks/action-ids';
import { makeHandler } from '../../../bot/progress-notifier/handler';
import { progressFromHistory } from '../../../bot/progress-notifier/history-progress';
import { notifyExecution, type NotifierDeps } from '../../../bot/progress-notifier/notifier';
import { PEN_LEASE_MS } from '../../../bot/progress-notifier/run-records';
import type { RunStatus } from '../../../bot/progress-model';
import { RunLock } from '../../../bot/services/run-lock';
import { JOBNET_STEPS } from '../../../contract/jobnet-steps';
import { startLocalDynamoDB, type LocalDynamoDB } from '../../../local/local-dynamodb';
import type { LocalExecution } from '../../../local/sfn/local-step-functions';
import { startLocalSlack, type LocalSlack, type SlackMessage } from '../../../local/slack';
import { createJobnetHarness, type JobnetHarness } from '../../helpers/jobnet-harness';
import { MemoryAuditTrail } from '../../helpers/memory-audit-trail';
import {
  freshTables,
  notifierDeps,
  snapshotOf,
  snapshotSfn,
  type Snapshot,
} from '../../helpers/notifier-harness';

const CHANNEL = 'C0EXAMPLE1';
let slack: LocalSlack;
let web: WebClient;
let h: JobnetHarness | undefined;
let db: LocalDynamoDB;
let ddb: DynamoDBClient;
let tables: Awaited<ReturnType<typeof freshTables>>;
jest.setTimeout(30_000);

beforeAll(async () => {
  db = await startLocalDynamoDB();
  ddb = db.client();
});
afterAll(async () => {
  ddb.destroy();
  await db.close();
});
beforeEach(async () => {
  tables = await freshTables(ddb);
  slack = await startLocalSlack({ botToken: 'xoxb-test' });
  web = new WebClient('xoxb-test', {
    slackApiUrl: slack.apiUrl,
    retryConfig: { retries: 2, minTimeout: 50, maxTimeout: 100 },
  });
});
afterEach(async () => {
  h?.dispose();
  h = undefined;
  await slack.close();
});

/** A run of the stop jobnet with its Slack thread, on virtual time until `release()`. */
async function stopRun(options: { instances?: number; failOn?: number } = {}) {
  const root = await web.chat.postMessage({ channel: CHANNEL, text: 'Maintenance in: shop' });
  const threadTs = root.ts ?? '';
  const harness = await createJobnetHarness({
    instances: options.instances ?? 2,
    concurrency: 1,
    inputExtras: { requestedBy: 'U0REQUESTER', slack: { channel: CHANNEL, threadTs } },
  });
  h = harness;
  if (options.failOn !== undefined) {
    harness.account.faults.failCommands(harness.system.instanceIds[options.failOn], {
      exitCode: 1,
      stderr: 'httpd: busy',
      match: /stop/,
    });
  }
  const execution = harness.start('stop');
  await harness.decide(execution, 'approve');
  return { harness, execution, threadTs };
}

const statusEvent = (execution: LocalExecution) => ({
  'detail-type': 'Step Functions Execution Status Change',
  detail: {
    executionArn: execution.executionArn,
    status: execution.status,
    stopDate: execution.stopDate ?? null,
  },
});

/** A log subscription delivery carrying these history events, as Step Functions logs them. */
function logBatch(executionArn: string, events: Snapshot['events']) {
  const logEvents = events.map((e) => ({
    message: JSON.stringify({ id: String(e.id), type: e.type, execution_arn: executionArn }),
  }));
  return { awslogs: { data: gzipSync(JSON.stringify({ logEvents })).toString('base64') } };
}

const repliesOf = (thread: SlackMessage[], eventType: string) =>
  thread.filter((m) => m.metadata?.event_type === eventType);
const failureReplies = (threadTs: string) =>
  repliesOf(slack.thread(CHANNEL, threadTs), 'webapp_chatops_failure');
const summaries = (threadTs: string) =>
  repliesOf(slack.thread(CHANNEL, threadTs), 'webapp_chatops_summary');

describe('deliveries at once, repeated, late or cut short', () => {
  it('posts one failure reply and one summary for 10 deliveries of a failed run at once', async () => {
    const { harness, execution, threadTs } = await stopRun({ failOn: 1 });
    await harness.finish(execution);
    harness.vt.uninstall();

    // Ten containers, each with its own handler, all at once.
    const deliveries = Array.from({ length: 10 }, () =>
      makeHandler(notifierDeps(harness, web, tables))(statusEvent(execution)),
    );
    await Promise.all(deliveries);

    const [root, ...replies] = slack.thread(CHANNEL, threadTs);
    expect(root.edits).toBe(1);
    expect(replies).toHaveLength(2);
    expect(failureReplies(threadTs)).toHaveLength(1);
    expect(JSON.stringify(replies[0].blocks)).toContain(ACTION_IDS.retry);
    expect(summaries(threadTs)).toHaveLength(1);
    expect(slack.calls.filter((c) => c.method === 'chat.postMessage' && c.ok)).toHaveLength(3);
  });

  it('never lets a render from an older history replace a newer one', async () => {
    const { harness, execution, threadTs } = await stopRun();
    await harness.vt.runUntil(() =>
      harness.account.snapshot().instances.some((i) => i.state === 'stopping'),
    );
    const midway = await snapshotOf(harness, execution);
    await harness.finish(execution);
    const end = await snapshotOf(harness, execution);
    harness.vt.uninstall();
    const late = snapshotSfn(midway);
    const current = snapshotSfn(end);

    // The newer delivery first, then one that read the history before it and arrives late.
    await notifyExecution({ executionArn: execution.executionArn }, deps({ sfn: current.sfn }));
    const newest = slack.thread(CHANNEL, threadTs)[0].blocks;
    await notifyExecution({ executionArn: execution.executionArn }, deps({ sfn: late.sfn }));

    const [root] = slack.thread(CHANNEL, threadTs);
    expect(root.edits).toBe(1);
    expect(root.blocks).toEqual(newest);
    expect(JSON.stringify(root.blocks)).not.toContain('⏳');
    expect(summaries(threadTs)).toHaveLength(1);
    expect((await tables.records.get(execution.executionArn))?.fold.position).toBe(
      end.events.length,
    );
  });

  it('writes a newer state saved while an older one is being written after it, never before', async () => {
    const { harness, execution, threadTs } = await stopRun();
    await harness.vt.runUntil(() =>
      harness.account.snapshot().instances.some((i) => i.state === 'stopping'),
    );
    const midway = await snapshotOf(harness, execution);
    await harness.finish(execution);
    const end = await snapshotOf(harness, execution);
    harness.vt.uninstall();
    // The older delivery's Slack is slow: its edit hangs until the newer one has saved.
    let open = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    const slow = {
      ...web,
      chat: {
        ...web.chat,
        update: async (args: ChatUpdateArguments) => {
          await gate;
          return web.chat.update(args);
        },
      },
    } as unknown as WebClient;
    const { executionArn } = execution;

    const older = notifyExecution(
      { executionArn },
      deps({ sfn: snapshotSfn(midway).sfn, slack: async () => slow }),
    );
    await until(async () => (await tables.records.get(executionArn))?.penUntil !== undefined);
    const newer = notifyExecution({ executionArn }, deps({ sfn: snapshotSfn(end).sfn }));
    await until(
      async () => (await tables.records.get(executionArn))?.fold.position === end.events.length,
    );
    open();
    await Promise.all([older, newer]);

    const edits = slack.calls.filter((c) => c.method === 'chat.update');
    expect(edits).toHaveLength(2);
    expect(JSON.stringify(edits[0].body.blocks)).toContain('⏳');
    expect(JSON.stringify(edits[1].body.blocks)).not.toContain('⏳');
    expect(slack.thread(CHANNEL, threadTs)[0].blocks).toEqual(edits[1].body.blocks);
    expect(summaries(threadTs)).toHaveLength(1);
  });

  it('posts each reply once when Slack fails between taking the pen and posting, after the redelivery', async () => {
    const { harness, execution, threadTs } = await stopRun({ failOn: 0 });
    await harness.finish(execution);
    harness.vt.uninstall();
    const notify = makeHandler(notifierDeps(harness, web, tables));
    slack.failNext('chat.postMessage', { status: 500 }, 3);

    await expect(notify(statusEvent(execution))).rejects.toThrow(/Progress not delivered/);
    expect(failureReplies(threadTs)).toHaveLength(0);
    await notify(statusEvent(execution));
    await notify(statusEvent(execution));

    expect(failureReplies(threadTs)).toHaveLength(1);
    expect(summaries(threadTs)).toHaveLength(1);
  });

  it('posts only the summary again when Slack failed after the failure reply went out', async () => {
    const { harness, execution, threadTs } = await stopRun({ failOn: 0 });
    await harness.finish(execution);
    harness.vt.uninstall();
    const post = web.chat.postMessage;
    let failed = false;
    jest.spyOn(web.chat, 'postMessage').mockImplementation(async (args) => {
      const metadata = (args as ChatPostMessageArguments).metadata;
      if (metadata?.event_type === 'webapp_chatops_summary' && !failed) {
        failed = true;
        throw new Error('An HTTP protocol error occurred: statusCode = 503');
      }
      return post(args);
    });
    const notify = makeHandler(notifierDeps(harness, web, tables));

    await expect(notify(statusEvent(execution))).rejects.toThrow(/Progress not delivered/);
    await notify(statusEvent(execution));

    expect(failureReplies(threadTs)).toHaveLength(1);
    expect(summaries(threadTs)).toHaveLength(1);
  });

  it('finds a reply a container posted but died before noting, and does not post it again', async () => {
    const { harness, execution, threadTs } = await stopRun({ failOn: 0 });
    await harness.finish(execution);
    harness.vt.uninstall();
    const notify = makeHandler(notifierDeps(harness, web, tables));
    await notify(statusEvent(execution));
    // As if the container had died after posting both replies, before noting them.
    await ddb.send(
      new UpdateItemCommand({
        TableName: tables.names.records,
        Key: { executionArn: { S: execution.executionArn } },
        UpdateExpression: 'REMOVE posted, renderedVersion',
      }),
    );

    await notify(statusEvent(execution));

    expect(failureReplies(threadTs)).toHaveLength(1);
    expect(summaries(threadTs)).toHaveLength(1);
    expect((await tables.records.get(execution.executionArn))?.posted).toEqual(
      new Set(['audit#outcome#0', 'failure#0', 'summary#0']),
    );
  });

  it('takes over the pen of a container that died holding it once its lease ran out', async () => {
    const clock = {
      at: Date.now(),
      now: () => clock.at,
      sleep: async (ms: number) => {
        clock.at += ms;
        await new Promise((resolve) => setImmediate(resolve));
      },
    };
    tables = await freshTables(ddb, clock);
    const { harness, execution, threadTs } = await stopRun();
    await harness.finish(execution);
    harness.vt.uninstall();
    const notify = makeHandler(notifierDeps(harness, web, tables, { clock }));
    // A first delivery saves the run, then Slack is down; a second container takes the pen
    // and dies with it.
    slack.failNext('chat.update', { status: 500 }, 3);
    await expect(notify(statusEvent(execution))).rejects.toThrow(/Progress not delivered/);
    const record = await tables.records.get(execution.executionArn);
    expect(
      await tables.records.takePen(execution.executionArn, 'dead', record?.version ?? 0),
    ).toBeDefined();

    await expect(notify(statusEvent(execution))).rejects.toThrow(/kept writing this thread/);
    expect(summaries(threadTs)).toHaveLength(0);
    clock.at += PEN_LEASE_MS;
    await notify(statusEvent(execution));

    expect(slack.thread(CHANNEL, threadTs)[0].edits).toBe(1);
    expect(summaries(threadTs)).toHaveLength(1);
  });

  it('gives a redriven run a summary of its own, and its failure reply once', async () => {
    const { harness, execution, threadTs } = await stopRun({ failOn: 1 });
    await harness.finish(execution);
    const failed = await snapshotOf(harness, execution);
    harness.account.faults.clear();
    harness.sfn.redriveExecution(execution.executionArn);
    await harness.finish(execution);
    const redriven = await snapshotOf(harness, execution);
    harness.vt.uninstall();
    const service = snapshotSfn(failed);
    const notify = makeHandler(notifierDeps(harness, web, tables, { sfn: service.sfn }));

    await notify(statusEvent(execution));
    service.show(redriven);
    await notify(statusEvent(execution));
    await notify(statusEvent(execution));

    const thread = summaries(threadTs);
    expect(thread.map((m) => m.metadata?.event_payload.attempt)).toEqual([
      `${execution.executionArn}#0`,
      `${execution.executionArn}#1`,
    ]);
    expect(thread[0].text).toMatch(/❌ failed/);
    expect(thread[1].text).toMatch(/✅ succeeded/);
    expect(failureReplies(threadTs)).toHaveLength(1);
  });
});

describe('reading the history', () => {
  it('reads only the events a log batch brings, and folds them to what the whole history shows', async () => {
    const { harness, execution } = await stopRun();
    await harness.vt.runUntil(() =>
      harness.account.snapshot().instances.some((i) => i.state === 'stopping'),
    );
    const midway = await snapshotOf(harness, execution);
    await harness.finish(execution);
    const end = await snapshotOf(harness, execution);
    harness.vt.uninstall();
    const service = snapshotSfn(midway);
    const { executionArn } = execution;
    const deliver = (events: Snapshot['events']) =>
      notifyExecution(
        { executionArn, newestEventId: events.at(-1)?.id },
        deps({ sfn: service.sfn }),
      );

    const first = await deliver(midway.events);
    service.show(end);
    const second = await deliver(end.events.slice(midway.events.length));

    expect(first?.eventsRead).toBe(midway.events.length);
    const fresh = end.events.length - midway.events.length;
    expect(fresh).toBeGreaterThan(10);
    // The new events and the one the record stopped at, nothing before.
    expect(second?.eventsRead).toBe(fresh + 1);
    expect(service.served.events).toBe(end.events.length + 1);
    expect(second?.progress).toEqual(
      progressFromHistory(
        {
          jobnet: 'stop',
          system: 'shop',
          executionArn,
          status: end.describe.status as RunStatus,
          startedAt: execution.startDate,
          stoppedAt: execution.stopDate,
        },
        JOBNET_STEPS.stop,
        end.events,
      ),
    );
  });

  it('reads a 50-instance run batch by batch: each delivery reads its batch and one more event', async () => {
    const { harness, execution } = await stopRun({ instances: 50 });
    await harness.finish(execution);
    const end = await snapshotOf(harness, execution);
    harness.vt.uninstall();
    const running = { ...end.describe, status: 'RUNNING' as const, stopDate: undefined };
    const service = snapshotSfn(end);
    const notify = makeHandler(
      notifierDeps(harness, web, tables, { sfn: service.sfn, editGapMs: 0 }),
    );
    const BATCH = 50;

    const readPerDelivery: number[] = [];
    let wholeEachTime = 0;
    for (let upTo = BATCH; upTo < end.events.length + BATCH; upTo += BATCH) {
      const events = end.events.slice(0, upTo);
      service.show({ describe: upTo >= end.events.length ? end.describe : running, events });
      const before = service.served.events;
      await notify(logBatch(execution.executionArn, events.slice(upTo - BATCH)));
      readPerDelivery.push(service.served.events - before);
      wholeEachTime += events.length;
    }

    expect(end.events.length).toBeGreaterThan(400);
    expect(readPerDelivery[0]).toBe(BATCH);
    const later = readPerDelivery.slice(1, -1);
    expect(later.every((read) => read === BATCH + 1)).toBe(true);
    // Reading the whole history on every delivery, as before, read this many.
    expect(wholeEachTime).toBeGreaterThan(5 * (end.events.length + readPerDelivery.length));
  });
});

describe('the run lock', () => {
  async function heldLock(execution: LocalExecution) {
    const lock = new RunLock(
      ddb,
      tables.names.lock,
      async () => 'RUNNING',
      () => execution.startDate,
    );
    await lock.acquire({
      system: 'shop',
      executionArn: execution.executionArn,
      jobnet: 'stop',
      requestedBy: 'U0REQUESTER',
    });
    return lock;
  }

  it('is released when the run ends, before Slack is written, so a Slack outage cannot keep it', async () => {
    const { harness, execution } = await stopRun();
    await harness.finish(execution);
    harness.vt.uninstall();
    const lock = await heldLock(execution);
    slack.failNext('chat.update', { status: 500 }, 3);

    await expect(
      makeHandler(notifierDeps(harness, web, tables))(statusEvent(execution)),
    ).rejects.toThrow(/Progress not delivered/);

    expect(await lock.read('shop')).toBeUndefined();
  });

  it('stays while the run goes on, and against an end from before the lock was taken (a redrive took it anew)', async () => {
    const { harness, execution } = await stopRun();
    await harness.vt.runUntil(() => harness.history(execution).length > 10);
    const events = harness.history(execution);
    await harness.finish(execution);
    harness.vt.uninstall();
    const lock = await heldLock(execution);
    const notify = makeHandler(notifierDeps(harness, web, tables));

    await notify(logBatch(execution.executionArn, events));
    await notify({
      'detail-type': 'Step Functions Execution Status Change',
      detail: {
        executionArn: execution.executionArn,
        status: 'FAILED',
        stopDate: execution.startDate - 1,
      },
    });

    expect((await lock.read('shop'))?.executionArn).toBe(execution.executionArn);
  });
});

function deps(overrides: Partial<NotifierDeps>): NotifierDeps {
  return notifierDeps(h!, web, tables, overrides);
}

async function until(goal: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    if (await goal()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('Timed out waiting');
}

describe('the run’s audit records', () => {
  const outcomes = (audit: MemoryAuditTrail) => audit.records.filter((r) => r.action === 'outcome');

  it('writes the outcome once for 10 deliveries at once, each in its own container', async () => {
    const { harness, execution } = await stopRun({ failOn: 1 });
    await harness.finish(execution);
    harness.vt.uninstall();
    const audit = new MemoryAuditTrail('progress-notifier');

    await Promise.all(
      Array.from({ length: 10 }, () =>
        makeHandler(notifierDeps(harness, web, tables, { audit }))(statusEvent(execution)),
      ),
    );

    expect(outcomes(audit)).toHaveLength(1);
    expect(outcomes(audit)[0]).toMatchObject({
      action: 'outcome',
      outcome: 'failed',
      system: 'shop',
      jobnet: 'stop',
      executionArn: execution.executionArn,
      actor: { kind: 'person', id: 'U0REQUESTER' },
      detail: { attempt: 0, error: 'Jobnet.CommandFailed', approvedBy: 'U_APPROVER' },
    });
    expect(outcomes(audit)[0].detail?.durationSeconds).toEqual(expect.any(Number));
  });

  it('writes the outcome once for the same delivery repeated, and before Slack, when Slack fails', async () => {
    const { harness, execution } = await stopRun();
    await harness.finish(execution);
    harness.vt.uninstall();
    const audit = new MemoryAuditTrail('progress-notifier');
    const notify = makeHandler(notifierDeps(harness, web, tables, { audit }));
    slack.failNext('chat.update', { status: 500 }, 3);

    await expect(notify(statusEvent(execution))).rejects.toThrow(/Progress not delivered/);
    expect(outcomes(audit)).toHaveLength(1);
    for (let i = 0; i < 3; i += 1) await notify(statusEvent(execution));

    expect(outcomes(audit)).toHaveLength(1);
    expect(outcomes(audit)[0]).toMatchObject({ outcome: 'succeeded' });
  });
});
