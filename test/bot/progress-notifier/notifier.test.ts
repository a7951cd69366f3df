import { MemoryAuditTrail } from '../../helpers/memory-audit-trail';
import { personRunOnly } from '../../helpers/prepared-run';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { WebClient } from '@slack/web-api';
import { mockClient } from 'aws-sdk-client-mock';
import { gzipSync } from 'node:zlib';
import { ACTION_IDS } from '../../../bot/blocks/action-ids';
import { makeHandler } from '../../../bot/progress-notifier/handler';
import { notifyExecution, type NotifierDeps } from '../../../bot/progress-notifier/notifier';
import { makeHandler as makeRequestApproval } from '../../../bot/approval-requester/handler';
import { createSlackClient } from '../../../bot/slack/slack-client';
import { createPowertools, type Powertools } from '../../../observability/powertools';
import { startLocalDynamoDB, type LocalDynamoDB } from '../../../local/local-dynamodb';
import { createLocalSfnClient } from '../../../local/sfn/sfn-client';
import { startLocalSlack, type LocalSlack } from '../../../local/slack';
import {
  createJobnetHarness,
  type HarnessOptions,
  type JobnetHarness,
} from '../../helpers/jobnet-harness';
import { freshTables, notifierDeps } from '../../helpers/notifier-harness';
import {
  captureOutput,
  dimensionsOf,
  powertoolsOutputOn,
  type CapturedOutput,
} from '../../helpers/powertools-output';

// Each run makes real requests to the loopback DynamoDB: seconds of real time on a busy machine.
jest.setTimeout(30_000);

const CHANNEL = 'C0EXAMPLE1';
let slack: LocalSlack;
let web: WebClient;
let h: JobnetHarness | undefined;
let db: LocalDynamoDB;
let ddb: DynamoDBClient;
let tables: Awaited<ReturnType<typeof freshTables>>;

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
    retryConfig: { retries: 2, minTimeout: 100, maxTimeout: 200 },
  });
});
afterEach(async () => {
  h?.dispose();
  h = undefined;
  await slack.close();
});

/**
 * Runs a jobnet to its end on virtual time, with its Slack thread created first, then hands
 * back real time: the notifier talks HTTP to the local Slack server.
 */
async function finishedRun(
  options: HarnessOptions,
  decide: 'approve' | 'reject' | 'expire',
  prepare?: (h: JobnetHarness) => void,
) {
  const root = await web.chat.postMessage({ channel: CHANNEL, text: 'Maintenance in: shop' });
  const threadTs = root.ts ?? '';
  h = await createJobnetHarness({
    ...options,
    inputExtras: {
      requestedBy: 'U0REQUESTER',
      slack: { channel: CHANNEL, threadTs },
      ...options.inputExtras,
    },
  });
  prepare?.(h);
  const execution = h.start('stop');
  if (decide !== 'expire') await h.decide(execution, decide);
  await h.finish(execution);
  h.vt.uninstall();
  return { execution, threadTs, harness: h };
}

function notifier(
  harness: JobnetHarness,
  tools?: Powertools,
  client: WebClient = web,
  overrides: Partial<NotifierDeps> = {},
) {
  return makeHandler(notifierDeps(harness, client, tables, overrides), tools);
}

const statusEvent = (executionArn: string) => ({
  'detail-type': 'Step Functions Execution Status Change',
  detail: { executionArn, status: 'FAILED' },
});

describe('progress notifier', () => {
  it('threads a failure: checklist in the root, the failure with output and Retry, one summary', async () => {
    // Under Run Command's 24,000-character cap, far over what one Slack block holds.
    const bigOutput = `${'starting shutdown\n'.repeat(1300)}httpd: could not bind to address`;
    const { execution, threadTs, harness } = await finishedRun(
      { instances: 2, concurrency: 1 },
      'approve',
      (hh) =>
        hh.account.faults.failCommands(hh.system.instanceIds[1], {
          exitCode: 1,
          stdout: bigOutput,
          stderr: 'fatal',
          match: /stop/,
        }),
    );
    const notify = notifier(harness);

    await notify(statusEvent(execution.executionArn));
    await notify(statusEvent(execution.executionArn));

    const [root, ...replies] = slack.thread(CHANNEL, threadTs);
    expect(root.edits).toBe(1);
    expect(JSON.stringify(root.blocks)).toContain('❌');
    expect(replies).toHaveLength(2);
    const failure = replies[0];
    const failureJson = JSON.stringify(failure.blocks);
    expect(failureJson).toContain('StopApache');
    expect(failureJson).toContain(harness.system.instanceIds[1]);
    expect(failureJson).toContain('exit code 1');
    expect(failureJson).toContain('could not bind to address');
    expect(failureJson).toContain(ACTION_IDS.retry);
    for (const block of failure.blocks as { text?: { text: string } }[]) {
      expect(((block.text?.text ?? '').match(/```/g) ?? []).length % 2).toBe(0);
    }
    expect(replies[1].metadata?.event_type).toBe('webapp_chatops_summary');
  });

  it('shows a database-scope run (the Aurora re-stop) only the steps it runs', async () => {
    const { execution, threadTs, harness } = await finishedRun(
      { instances: 2, startState: 'down', inputExtras: { scope: 'database' } },
      'approve',
    );

    await notifier(harness)(statusEvent(execution.executionArn));

    const [root] = slack.thread(CHANNEL, threadTs);
    const text = JSON.stringify(root.blocks);
    expect(execution.status).toBe('SUCCEEDED');
    expect(text).toContain('stop the DB cluster only');
    expect(text).toContain('Wait until the DB cluster is available');
    expect(text).toContain('Stop the DB cluster');
    expect(text).not.toContain('maintenance page*');
    expect(text).not.toContain('Back up the DB cluster');
    expect(root.text).toContain('4/4 steps done');
  });

  it('reads a history that spans pages to its end', async () => {
    const { execution, threadTs, harness } = await finishedRun({ instances: 2 }, 'approve');
    const { executionArn } = execution;
    await notifier(harness)(statusEvent(executionArn));
    const onePage = slack.thread(CHANNEL, threadTs)[0].blocks;
    // The same execution, its history served in two pages as Step Functions does past 1,000.
    const local = createLocalSfnClient(harness.sfn);
    const described = await local.send(new DescribeExecutionCommand({ executionArn }));
    const { events = [] } = await local.send(new GetExecutionHistoryCommand({ executionArn }));
    const sfn = new SFNClient({ region: 'us-east-1' });
    const paged = mockClient(sfn);
    paged.on(DescribeExecutionCommand).resolves(described);
    paged
      .on(GetExecutionHistoryCommand)
      .resolvesOnce({ events: events.slice(0, 10), nextToken: 'page-2' })
      .resolvesOnce({ events: events.slice(10) });

    // A first delivery: nothing of the run is recorded yet, so the whole history is read.
    await notifyExecution(
      { executionArn },
      notifierDeps(harness, web, await freshTables(ddb), { sfn }),
    );

    const calls = paged.commandCalls(GetExecutionHistoryCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1].args[0].input).toMatchObject({ nextToken: 'page-2', maxResults: 1000 });
    expect(slack.thread(CHANNEL, threadTs)[0].blocks).toEqual(onePage);
  });

  it('waits out a 429 with Retry-After before editing again', async () => {
    const { execution, threadTs, harness } = await finishedRun({ instances: 1 }, 'approve');
    slack.failNext('chat.update', { status: 429, retryAfterSeconds: 1 });

    await notifier(harness)(statusEvent(execution.executionArn));

    const updates = slack.calls.filter((c) => c.method === 'chat.update');
    expect(updates.map((u) => u.ok)).toEqual([false, true]);
    expect(updates[1].at - updates[0].at).toBeGreaterThanOrEqual(1_000);
    expect(slack.thread(CHANNEL, threadTs).at(-1)?.metadata?.event_type).toBe(
      'webapp_chatops_summary',
    );
  });

  it('fails the delivery while Slack answers 500, then catches the thread up once it is back', async () => {
    const { execution, threadTs, harness } = await finishedRun({ instances: 1 }, 'approve');
    const notify = notifier(harness);
    slack.failNext('chat.update', { status: 500 }, 3);

    await expect(notify(statusEvent(execution.executionArn))).rejects.toThrow(
      /Progress not delivered/,
    );
    expect(slack.thread(CHANNEL, threadTs)).toHaveLength(1);

    await notify(statusEvent(execution.executionArn));
    const thread = slack.thread(CHANNEL, threadTs);
    expect(thread[0].edits).toBe(1);
    expect(thread.filter((m) => m.metadata?.event_type === 'webapp_chatops_summary')).toHaveLength(
      1,
    );
  });

  it('marks the approval request expired when nobody decided', async () => {
    const { execution, threadTs, harness } = await finishedRun(
      { approvalTimeoutSeconds: 600 },
      'expire',
    );
    const request = harness.approvalRequests[0];
    await makeRequestApproval({ slack: async () => web, now: Date.now, ...personRunOnly })({
      ...request,
      timeoutSeconds: 600,
    } as never);

    const audit = new MemoryAuditTrail('progress-notifier');

    await notifier(harness, undefined, web, { audit })(statusEvent(execution.executionArn));
    await notifier(harness, undefined, web, { audit })(statusEvent(execution.executionArn));

    const approval = slack
      .thread(CHANNEL, threadTs)
      .find((m) => m.metadata?.event_type === 'webapp_chatops_approval')!;
    expect(approval.text).toMatch(/Expired/);
    // The expiry is a decision nobody made, recorded once; the run's outcome names it.
    expect(audit.records.map((r) => [r.action, r.outcome, r.actor, r.detail?.error])).toEqual([
      ['decision', 'expired', { kind: 'app', id: 'approval-timeout' }, undefined],
      ['outcome', 'failed', { kind: 'person', id: 'U0REQUESTER' }, 'Jobnet.ApprovalExpired'],
    ]);
    expect(JSON.stringify(approval.blocks)).not.toContain(ACTION_IDS.approve);
  });

  it.each(['reject', 'expire'] as const)(
    'threads a reopen approval ended by %s as the page kept up: no failure reply, no Retry',
    async (decision) => {
      const root = await web.chat.postMessage({ channel: CHANNEL, text: 'Maintenance out: shop' });
      const threadTs = root.ts ?? '';
      h = await createJobnetHarness({ startState: 'down', approvalTimeoutSeconds: 600 });
      const harness = h;
      const execution = harness.start('start', 'run-1', {
        ...harness.system.input('run-1'),
        approveBeforeReopen: true,
        requestedBy: 'U0REQUESTER',
        slack: { channel: CHANNEL, threadTs },
      });
      await harness.decide(execution, 'approve');
      await harness.vt.runUntil(() => harness.approvalRequests.length === 2);
      if (decision === 'reject') await harness.decide(execution, 'reject');
      await harness.finish(execution);
      harness.vt.uninstall();

      await notifier(harness)(statusEvent(execution.executionArn));

      const [rootMessage, ...replies] = slack.thread(CHANNEL, threadTs);
      const checklist = JSON.stringify(rootMessage.blocks);
      expect(checklist).toContain(decision === 'reject' ? '⛔' : '⌛');
      expect(checklist).not.toContain('❌');
      expect(replies).toHaveLength(1);
      expect(replies[0].metadata?.event_type).toBe('webapp_chatops_summary');
      expect(replies[0].text).toMatch(/maintenance page kept up/);
      expect(JSON.stringify(slack.thread(CHANNEL, threadTs))).not.toContain(ACTION_IDS.retry);
    },
  );

  it('reads the executions out of a CloudWatch Logs subscription delivery', async () => {
    const { execution, threadTs, harness } = await finishedRun({ instances: 1 }, 'approve');
    const logs = {
      logEvents: [
        {
          message: JSON.stringify({
            type: 'ExecutionSucceeded',
            execution_arn: execution.executionArn,
          }),
        },
      ],
    };
    const data = gzipSync(Buffer.from(JSON.stringify(logs))).toString('base64');

    await notifier(harness)({ awslogs: { data } });

    expect(slack.thread(CHANNEL, threadTs)[0].edits).toBe(1);
  });
});

describe('progress notifier logs and metrics', () => {
  let restoreEnv: () => void;
  let output: CapturedOutput | undefined;
  beforeEach(() => {
    restoreEnv = powertoolsOutputOn();
  });
  afterEach(() => {
    output?.restore();
    output = undefined;
    restoreEnv();
  });

  it('counts a rejected run once as RunEnded Rejected, and logs the delivery with its keys', async () => {
    // Prepare
    const { execution, harness } = await finishedRun({ instances: 1 }, 'reject');
    const notify = notifier(harness, createPowertools());
    output = captureOutput();

    // Act
    await notify(statusEvent(execution.executionArn));
    await notify(statusEvent(execution.executionArn));
    output.restore();

    // Assess
    const ended = output.metric('RunEnded');
    expect(ended).toEqual([
      expect.objectContaining({
        service: 'webapp-chatops',
        System: 'shop',
        Jobnet: 'stop',
        Outcome: 'Rejected',
        RunEnded: 1,
      }),
    ]);
    expect(dimensionsOf(ended[0])).toEqual([['service', 'System', 'Jobnet', 'Outcome']]);
    const [lag] = output.metric('NotifierLagSeconds');
    expect(dimensionsOf(lag)).toEqual([['service']]);
    expect(lag.NotifierLagSeconds).toBeGreaterThanOrEqual(0);
    const delivered = output.logs().filter((l) => l.message === 'Progress delivered');
    expect(delivered).toHaveLength(2);
    expect(delivered[0]).toMatchObject({
      executionArn: execution.executionArn,
      system: 'shop',
      jobnet: 'stop',
      status: 'FAILED',
      edited: true,
      outcome: 'Rejected',
    });
    expect(delivered[1]).toMatchObject({ edited: false });
    expect(delivered[1]).not.toHaveProperty('outcome');
    expect(output.text()).not.toContain('xoxb-test');
  });

  it('counts the 429 and the retry of its Slack client under its own name', async () => {
    // Prepare
    const { execution, harness } = await finishedRun({ instances: 1 }, 'approve');
    const tools = createPowertools();
    const client = createSlackClient(
      'xoxb-test',
      { ...tools, functionName: 'progress-notifier' },
      slack.apiUrl,
    );
    slack.failNext('chat.update', { status: 429, retryAfterSeconds: 1 });
    output = captureOutput();

    // Act
    await notifier(harness, tools, client)(statusEvent(execution.executionArn));
    output.restore();

    // Assess
    const dims = { service: 'webapp-chatops', Function: 'progress-notifier' };
    expect(output.metric('SlackRateLimited')).toEqual([
      expect.objectContaining({ ...dims, SlackRateLimited: 1 }),
    ]);
    expect(output.metric('SlackRetries')).toEqual([
      expect.objectContaining({ ...dims, SlackRetries: 1 }),
    ]);
    expect(dimensionsOf(output.metric('SlackRetries')[0])).toEqual([['service', 'Function']]);
    expect(output.logs().find((l) => l.level === 'WARN')).toMatchObject({
      slackLogger: 'slack',
      executionArn: execution.executionArn,
    });
  });
});
