/**
 * npm run bench:bot — bundles the bot as it is deployed (the CDK construct's own esbuild
 * options, define and aliases, read off the app: see scripts/bench/deployed-bundles.ts), then
 * measures in fresh Node processes started with the function's NODE_OPTIONS: bundle size, the
 * time to load the bundle and answer a first slash command, warm p50/p99 for slash commands
 * and button clicks, and the answer time and private reply of `/webapp stop` and an Approve
 * click while one dependency stalls, throttles or fails (FAULTS). Slack is the local
 * Slack-compatible server, AWS a loopback JSON-protocol endpoint (AWS_ENDPOINT_URL) and the run
 * lock's DynamoDB table dynalite (AWS_ENDPOINT_URL_DYNAMODB), all answering at once unless a
 * fault says otherwise.
 */
import { WebClient } from '@slack/web-api';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { arch, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACTION_IDS, BLOCK_IDS } from '../bot/blocks/action-ids';
import { approvalRefValue, tokenDigest } from '../bot/blocks/approval-ref';
import { ANSWER_DEADLINE_MS } from '../bot/services/request-budget';
import { BUNDLE_OPTIONS, SOURCE_MAP_NODE_OPTIONS } from '../infra/constructs/bundle-options';
import {
  LOCAL_RUN_LOCK_TABLE,
  startLocalDynamoDB,
  type LocalDynamoDB,
} from '../local/local-dynamodb';
import {
  blockActionPayload,
  interactionBody,
  signedFunctionUrlEvent,
  slashCommandBody,
  startLocalSlack,
  type FunctionUrlEvent,
  type LocalSlack,
} from '../local/slack';
import {
  buildDeployedBundle,
  deployedFunctions,
  describeBundleOptions,
} from './bench/deployed-bundles';
import {
  STALL,
  startFakeAwsEndpoint,
  startStallingEndpoint,
  type FakeAnswer,
  type FakeAwsEndpoint,
} from './bench/fake-aws-endpoint';

const BOT_ENTRY = 'bot/handler.ts';
const BOT_TOKEN = 'xoxb-bench';
const SIGNING_SECRET = 'bench-signing-secret';
const CHANNEL = 'C0EXAMPLE1';
/** The example configuration's people: listed directly, or only through a user group. */
const USERS = {
  requester: 'U0REQUESTER',
  operator: 'U0OPERATOR', // a requester through S0OPERATORS only
  approver: 'U0APPROVER',
  lead: 'U0LEAD', // an approver through S0LEADS only
};
const STOP_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:webapp-chatops-stop';
const CLICK_EXECUTION = `${STOP_ARN.replace(':stateMachine:', ':execution:')}:stop-shop-20261129T2200-0123abcd`;
const TASK_TOKEN = 'bench-token';
const WARM_REQUESTS = 300;
const COLD_RUNS = 5;
/** Requests per fault and request kind: each stall costs up to the deadline. */
const FAULT_REQUESTS = 5;
/** No child runs longer than this; the bench fails instead of hanging. */
const CHILD_TIMEOUT_MS = 180_000;

const ST = {
  start: 'AWSStepFunctions.StartExecution',
  describe: 'AWSStepFunctions.DescribeExecution',
  history: 'AWSStepFunctions.GetExecutionHistory',
  sendSuccess: 'AWSStepFunctions.SendTaskSuccess',
  secret: 'secretsmanager.GetSecretValue',
};

type Kind = 'slash' | 'click';
const KIND_LABEL: Record<Kind, string> = { slash: '/webapp stop', click: 'Approve click' };

/** The doubles the bot talks to, in this process, on loopback. */
interface Doubles {
  readonly slack: LocalSlack;
  readonly aws: FakeAwsEndpoint;
  readonly dynamodb: LocalDynamoDB;
  /** Accepts and never answers: a stalled DynamoDB. */
  readonly stalledDynamoDB: { url: string };
}

/** One dependency misbehaving: how to set it up, and how to undo it. */
interface Fault {
  readonly name: string;
  /** The requests it is measured on. */
  readonly requests: readonly Kind[];
  /** Who sends them, where not the listed requester and approver. */
  readonly users?: Partial<Record<Kind, string>>;
  /**
   * 'warm' (the default): one process; a healthy slash command and click first, then the
   * faulted requests. 'cold': each faulted request is the first of a fresh process.
   */
  readonly container?: 'warm' | 'cold';
  /** Present from the process's start (an endpoint variable), gone with the process. */
  readonly env?: (d: Doubles) => Record<string, string>;
  /** Set up just before each faulted request (before the process, for a cold one)... */
  readonly arm?: (d: Doubles) => void;
  /** ...and undone just after it, so no fault outlives its request. */
  readonly disarm?: (d: Doubles) => void;
}

const awsError =
  (status: number, type: string): FakeAnswer =>
  () => ({ status, json: { __type: type, message: `${type} (bench)` } });
const stall: FakeAnswer = () => STALL;

const FAULTS: readonly Fault[] = [
  {
    name: 'Step Functions stalls StartExecution',
    requests: ['slash'],
    arm: (d) => d.aws.override(ST.start, stall),
    disarm: (d) => d.aws.restore(ST.start),
  },
  {
    name: 'Step Functions stalls DescribeExecution',
    requests: ['slash', 'click'],
    arm: (d) => d.aws.override(ST.describe, stall),
    disarm: (d) => d.aws.restore(ST.describe),
  },
  {
    name: 'Step Functions throttles StartExecution (400)',
    requests: ['slash'],
    arm: (d) => d.aws.override(ST.start, awsError(400, 'ThrottlingException')),
    disarm: (d) => d.aws.restore(ST.start),
  },
  {
    name: 'Step Functions throttles SendTaskSuccess (400)',
    requests: ['click'],
    arm: (d) => d.aws.override(ST.sendSuccess, awsError(400, 'ThrottlingException')),
    disarm: (d) => d.aws.restore(ST.sendSuccess),
  },
  {
    name: 'Step Functions fails StartExecution (500)',
    requests: ['slash'],
    arm: (d) => d.aws.override(ST.start, awsError(500, 'InternalServerError')),
    disarm: (d) => d.aws.restore(ST.start),
  },
  {
    name: 'Step Functions fails SendTaskSuccess (500)',
    requests: ['click'],
    arm: (d) => d.aws.override(ST.sendSuccess, awsError(500, 'InternalServerError')),
    disarm: (d) => d.aws.restore(ST.sendSuccess),
  },
  {
    name: 'Step Functions stalls GetExecutionHistory',
    requests: ['click'],
    arm: (d) => d.aws.override(ST.history, stall),
    disarm: (d) => d.aws.restore(ST.history),
  },
  {
    name: 'Slack rate-limits chat.postMessage (429, 30 s)',
    requests: ['slash'],
    arm: (d) => d.slack.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 30 }),
    disarm: (d) => d.slack.clearFaults('chat.postMessage'),
  },
  {
    name: 'Slack stalls chat.postMessage',
    requests: ['slash'],
    arm: (d) => d.slack.failNext('chat.postMessage', { status: 'stall' }),
    disarm: (d) => d.slack.clearFaults('chat.postMessage'),
  },
  {
    // Failed lookups are not cached, and the warm-up's users are listed directly, so every
    // faulted request asks Slack for the group.
    name: 'Slack fails usergroups.users.list (500)',
    requests: ['slash', 'click'],
    users: { slash: USERS.operator, click: USERS.lead },
    arm: (d) => d.slack.failNext('usergroups.users.list', { status: 500 }),
    disarm: (d) => d.slack.clearFaults('usergroups.users.list'),
  },
  {
    // The process's DynamoDB client is built at load, so the stall is there from the start:
    // the warm-up slash command meets it too (unmeasured).
    name: 'DynamoDB stalls (accepts, never answers)',
    requests: ['slash'],
    env: (d) => ({ AWS_ENDPOINT_URL_DYNAMODB: d.stalledDynamoDB.url }),
  },
  {
    name: 'Secrets Manager stalls GetSecretValue',
    requests: ['slash', 'click'],
    container: 'cold',
    arm: (d) => d.aws.override(ST.secret, stall),
    disarm: (d) => d.aws.restore(ST.secret),
  },
];

/** One request the child answers: what it is, who sends it, and the fault around it. */
interface Step {
  readonly kind: Kind;
  readonly user: string;
  readonly event: FunctionUrlEvent;
  readonly fault?: Fault;
}

/** How one request was answered, and what the person who sent it was told. */
interface Answer {
  readonly kind: Kind;
  /** For the first request of a process, from loading the bundle; otherwise the request alone. */
  readonly ms: number;
  readonly status: number;
  readonly reply: string;
}

interface FirstAnswer {
  processToAnswerMs: number;
  loadMs: number;
  firstAnswerMs: number;
  firstStatus: number;
  firstBody: string;
}

async function main(): Promise<void> {
  // This process talks to dynalite through the SDK too; the children get the same below.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const dir = mkdtempSync(join(tmpdir(), 'bench-bot-'));
  const closers: (() => Promise<void>)[] = [];
  try {
    const bot = deployedFunctions(join(dir, 'cdk.out')).find((f) => f.bundle.entry === BOT_ENTRY);
    if (!bot) throw new Error(`The app deploys no function from ${BOT_ENTRY}`);
    const {
      file: bundle,
      bytes: size,
      gzipBytes: gzipped,
    } = await buildDeployedBundle(bot.bundle, join(dir, 'bot'));

    const slack = await startLocalSlack({
      botToken: BOT_TOKEN,
      userGroups: { S0OPERATORS: [USERS.operator], S0LEADS: [USERS.lead] },
    });
    closers.push(() => slack.close());
    const aws = await startFakeAwsEndpoint(awsAnswers());
    closers.push(() => aws.close());
    const dynamodb = await startLocalDynamoDB();
    closers.push(() => dynamodb.close());
    const stalledDynamoDB = await startStallingEndpoint();
    closers.push(() => stalledDynamoDB.close());
    const doubles: Doubles = { slack, aws, dynamodb, stalledDynamoDB };

    const approvalTs = await postApproval(slack);
    const env = {
      ...process.env,
      AWS_ENDPOINT_URL: aws.url,
      // The SDK's per-service override: the run lock goes to dynalite, the rest to the fake.
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
      LOCK_TABLE_NAME: LOCAL_RUN_LOCK_TABLE,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      SLACK_API_URL: slack.apiUrl,
      SLACK_SECRET_ARN:
        'arn:aws:secretsmanager:us-east-1:123456789012:secret:webapp-chatops/slack-AbCdEf',
      STOP_STATE_MACHINE_ARN: STOP_ARN,
      START_STATE_MACHINE_ARN: STOP_ARN.replace('-stop', '-start'),
      // As the function runs: the source map is read at load, which a cold start pays for.
      NODE_OPTIONS: SOURCE_MAP_NODE_OPTIONS,
    };

    let triggers = 0;
    let processes = 0;
    const step = (kind: Kind, fault?: Fault): Step => {
      const user = fault?.users?.[kind] ?? (kind === 'slash' ? USERS.requester : USERS.approver);
      const event =
        kind === 'slash'
          ? slashEvent(slack, user, `bench-${++triggers}`)
          : clickEvent(slack, user, approvalTs);
      return { kind, user, event, ...(fault ? { fault } : {}) };
    };
    /** Runs `steps` in one fresh process; each fault is armed around its own request. */
    const serve = (steps: Step[], extraEnv: Record<string, string> = {}) =>
      serveInChild(doubles, bundle, join(dir, `events-${++processes}.json`), steps, {
        ...env,
        ...extraEnv,
      });

    // Healthy requests must do the whole thing: a refusal is quicker, and measuring one by
    // mistake would flatter the bot.
    const calls = (target: string) => aws.calls.filter((c) => c === target).length;
    const cold: { first: FirstAnswer; answers: Answer[] }[] = [];
    for (let i = 0; i < COLD_RUNS; i++) cold.push(await serve([step('slash')]));
    expectHealthy(
      'cold slash commands',
      cold.flatMap((c) => c.answers),
      calls(ST.start),
    );
    const [startsBefore, decisionsBefore] = [calls(ST.start), calls(ST.sendSuccess)];
    const warm = await serve([
      step('slash'),
      ...Array.from({ length: WARM_REQUESTS }, () => step('slash')),
      ...Array.from({ length: WARM_REQUESTS }, () => step('click')),
    ]);
    const warmOf = (kind: Kind) => warm.answers.slice(1).filter((a) => a.kind === kind);
    expectHealthy('warm slash commands', warmOf('slash'), calls(ST.start) - startsBefore - 1);
    expectHealthy('warm clicks', warmOf('click'), calls(ST.sendSuccess) - decisionsBefore);

    const faultRows: { fault: Fault; kind: Kind; answers: Answer[] }[] = [];
    for (const fault of FAULTS) {
      const faultEnv = fault.env?.(doubles) ?? {};
      if (fault.container === 'cold') {
        for (const kind of fault.requests) {
          const answers: Answer[] = [];
          for (let i = 0; i < FAULT_REQUESTS; i++) {
            answers.push(...(await serve([step(kind, fault)], faultEnv)).answers);
          }
          faultRows.push({ fault, kind, answers });
        }
        continue;
      }
      const { answers } = await serve(
        [
          step('slash'),
          step('click'),
          ...fault.requests.flatMap((kind) =>
            Array.from({ length: FAULT_REQUESTS }, () => step(kind, fault)),
          ),
        ],
        faultEnv,
      );
      for (const kind of fault.requests) {
        faultRows.push({ fault, kind, answers: answers.slice(2).filter((a) => a.kind === kind) });
      }
    }

    const med = (values: number[]) => percentile(values, 50);
    const firsts = cold.map((c) => c.first);
    console.log(
      'Bot benchmark: bundled handler in fresh Node processes; Slack, AWS and DynamoDB doubles on loopback answering at once',
    );
    console.log(
      `bundled as deployed: esbuild ${describeBundleOptions()}, the construct's define and aliases; run with NODE_OPTIONS=${SOURCE_MAP_NODE_OPTIONS}`,
    );
    console.log(
      `differs from Lambda: Node ${process.version} on ${arch()} here, ${bot.runsOn} there; no Lambda runtime around the handler, no network`,
    );
    console.log(
      `run lock: dynalite through AWS_ENDPOINT_URL_DYNAMODB; the lock table is emptied before every slash command, so each finds its system free\n`,
    );
    console.log(
      `bundle: ${(size / 1024).toFixed(0)} KiB (${size} bytes), ${(gzipped / 1024).toFixed(0)} KiB gzipped`,
    );
    console.log(
      `first slash command, fresh process (median of ${COLD_RUNS}): ${med(firsts.map((c) => c.processToAnswerMs)).toFixed(0)} ms from process start; ${med(firsts.map((c) => c.firstAnswerMs)).toFixed(0)} ms from loading the bundle (load ${med(firsts.map((c) => c.loadMs)).toFixed(0)} ms); status ${firsts[0].firstStatus}; ${replies(cold.flatMap((c) => c.answers))}`,
    );
    for (const kind of ['slash', 'click'] as const) {
      const ms = warmOf(kind).map((a) => a.ms);
      console.log(
        `warm ${kind === 'slash' ? 'slash command (each starts a run)' : 'Approve click (each decides)'} (${ms.length}): p50 ${percentile(ms, 50).toFixed(1)} ms, p99 ${percentile(ms, 99).toFixed(1)} ms; ${replies(warmOf(kind))}`,
      );
    }

    console.log(
      `\nOne dependency misbehaving: answer time, median (max) of ${FAULT_REQUESTS}, against the ${ANSWER_DEADLINE_MS} ms deadline (ANSWER_DEADLINE_MS); warm container unless marked cold`,
    );
    const table = faultRows.map(({ fault, kind, answers }) => {
      const ms = answers.map((a) => a.ms);
      return [
        fault.name,
        `${KIND_LABEL[kind]}${fault.container === 'cold' ? ' (cold)' : ''}`,
        `${med(ms).toFixed(0)} (${Math.max(...ms).toFixed(0)}) / ${ANSWER_DEADLINE_MS} ms`,
        [...new Set(answers.map((a) => a.status))].join(','),
        replyColumn(answers),
      ];
    });
    printTable(
      [
        'fault',
        'request',
        'median (max) / deadline',
        'HTTP',
        'private reply (first 80 characters)',
      ],
      table,
    );
    console.log(
      `(cold): the first request of a fresh process, timed from loading the bundle. [HTTP body only]: no private reply reached Slack for the clicker; the text is only in the HTTP answer to the click, which Slack takes as an acknowledgement, not a message.`,
    );
  } finally {
    for (const close of closers.reverse()) await close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs `steps` in a fresh Node process: the first as soon as the bundle is loaded, each further
 * one between a `before` (lock table emptied, fault armed, the clicker's replies counted) and
 * an `after` (fault undone, the reply read) that the child waits for untimed.
 */
async function serveInChild(
  d: Doubles,
  bundle: string,
  eventsPath: string,
  steps: Step[],
  env: NodeJS.ProcessEnv,
): Promise<{ first: FirstAnswer; answers: Answer[] }> {
  writeFileSync(eventsPath, JSON.stringify(steps.map((s) => s.event)));
  const answers: Answer[] = [];
  let seen = 0;
  const before = async (i: number) => {
    const s = steps[i];
    if (s.kind === 'slash') await d.dynamodb.clearLocks();
    seen = d.slack.ephemerals(CHANNEL, s.user).length;
    s.fault?.arm?.(d);
  };
  const after = (i: number, ms: number, status: number, body: string) => {
    const s = steps[i];
    s.fault?.disarm?.(d);
    answers[i] = { kind: s.kind, ms, status, reply: replyOf(d.slack, s, seen, body) };
  };

  await before(0);
  // The IPC channel only where there are further requests: a cold start is measured without it.
  const child = spawn(
    process.execPath,
    [join(__dirname, 'bench', 'bot-child.cjs'), bundle, eventsPath],
    {
      env,
      stdio: ['ignore', 'pipe', 'pipe', ...(steps.length > 1 ? (['ipc'] as const) : [])],
      timeout: CHILD_TIMEOUT_MS,
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let failed: unknown;
  child.on('error', (error) => (failed ??= error));
  child.on('message', (m: ChildQuestion) => {
    const reply = async () => {
      if ('before' in m) await before(m.before);
      else after(m.after, m.ms, m.status, m.body);
    };
    reply().then(
      () => child.send({}),
      (error: unknown) => {
        failed = error;
        child.kill();
      },
    );
  });
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (c, s) => resolve([c, s])),
  );
  if (failed) throw failed;
  if (code !== 0) {
    throw new Error(`bot child ended with ${code ?? signal}\n${stderr}${syntaxHint(stderr)}`);
  }
  const first = JSON.parse(stdout) as FirstAnswer;
  after(0, first.firstAnswerMs, first.firstStatus, first.firstBody);
  return { first, answers };
}

/** What the child asks around each request after its first (scripts/bench/bot-child.cjs). */
type ChildQuestion =
  { before: number } | { after: number; ms: number; status: number; body: string };

/**
 * Every healthy request answered 200 and did its work: `done` StartExecution (slash) or
 * SendTaskSuccess (click) calls for `answers.length` requests.
 */
function expectHealthy(what: string, answers: Answer[], done: number) {
  const refused = answers.find((a) => a.status !== 200 || a.reply !== NO_REPLY);
  if (refused || done !== answers.length) {
    throw new Error(
      `${what}: ${done} of ${answers.length} did their work${refused ? `; one answered ${refused.status}: ${refused.reply}` : ''}`,
    );
  }
}

const NO_REPLY = '(no private reply)';

/** What the sender was told: the acknowledgement's text, or the clicker's new private reply. */
function replyOf(slack: LocalSlack, s: Step, seenBefore: number, body: string): string {
  let text: string | undefined;
  try {
    text = (JSON.parse(body || '{}') as { text?: string }).text;
  } catch {
    text = undefined;
  }
  if (s.kind === 'slash') return text ?? NO_REPLY;
  const fresh = slack.ephemerals(CHANNEL, s.user).slice(seenBefore);
  if (fresh.length > 0) return fresh.map((e) => e.text).join(' | ');
  return text ? `[HTTP body only] ${text}` : NO_REPLY;
}

/** "300× (no private reply)": each distinct reply and how often it came. */
function replies(answers: Answer[]): string {
  const counts = new Map<string, number>();
  for (const a of answers) counts.set(a.reply, (counts.get(a.reply) ?? 0) + 1);
  return [...counts].map(([reply, n]) => `${n}× ${truncate(reply)}`).join('; ');
}

/** The reply most requests got, and how many were told something else. */
function replyColumn(answers: Answer[]): string {
  const counts = new Map<string, number>();
  for (const a of answers) counts.set(a.reply, (counts.get(a.reply) ?? 0) + 1);
  const [[reply, n]] = [...counts].sort((a, b) => b[1] - a[1]);
  const others = answers.length - n;
  return `${truncate(reply)}${others ? ` [${others} of ${answers.length} told otherwise]` : ''}`;
}

function truncate(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

/**
 * The bundle targets the Lambda runtime's Node, not the one running the bench. Node parses a
 * target-node24 bundle as long as nothing in it uses syntax newer than its own; should that
 * change, say why the bundle does not load rather than leave a bare SyntaxError.
 */
function syntaxHint(stderr: string): string {
  return stderr.includes('SyntaxError')
    ? `\nThe bundle targets ${BUNDLE_OPTIONS.target} as deployed and uses syntax Node ${process.version} cannot parse: run the bench on Node 24.`
    : '';
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** The approval message the clicks are on: its button names the execution, state and attempt. */
const APPROVAL_BLOCKS = [
  {
    type: 'actions',
    block_id: BLOCK_IDS.approvalActions,
    elements: [
      {
        type: 'button',
        action_id: ACTION_IDS.approve,
        text: { type: 'plain_text', text: 'Approve' },
        value: approvalRefValue({
          executionArn: CLICK_EXECUTION,
          state: 'Approval',
          attempt: tokenDigest(TASK_TOKEN),
        }),
      },
    ],
  },
];

async function postApproval(slack: LocalSlack): Promise<string> {
  const posted = await new WebClient(BOT_TOKEN, { slackApiUrl: slack.apiUrl }).chat.postMessage({
    channel: CHANNEL,
    text: 'Approval needed',
    blocks: APPROVAL_BLOCKS,
  });
  return posted.ts ?? '';
}

/** `/webapp stop shop` as Slack sends it: a fresh trigger each time. */
function slashEvent(slack: LocalSlack, user: string, triggerId: string): FunctionUrlEvent {
  return signedFunctionUrlEvent(
    slashCommandBody({
      command: '/webapp',
      text: 'stop shop',
      userId: user,
      channelId: CHANNEL,
      responseUrl: slack.createResponseUrl(CHANNEL, user),
      triggerId,
    }),
    SIGNING_SECRET,
  );
}

/** A click on the approval message's Approve button. */
function clickEvent(slack: LocalSlack, user: string, approvalTs: string): FunctionUrlEvent {
  return signedFunctionUrlEvent(
    interactionBody(
      blockActionPayload({
        actionId: ACTION_IDS.approve,
        value: APPROVAL_BLOCKS[0].elements[0].value,
        userId: user,
        channelId: CHANNEL,
        messageTs: approvalTs,
        messageBlocks: APPROVAL_BLOCKS,
        responseUrl: slack.createResponseUrl(CHANNEL, user, approvalTs),
      }),
    ),
    SIGNING_SECRET,
  );
}

/**
 * Healthy answers: the clicked execution runs and waits for its approval (requested by the
 * listed requester, so four-eyes lets the approver decide); every other execution does not
 * exist yet, so each slash command starts a new run.
 */
function awsAnswers(): Record<string, FakeAnswer> {
  const now = () => Date.now() / 1000;
  return {
    [ST.secret]: () => ({
      json: {
        Name: 'webapp-chatops/slack',
        SecretString: JSON.stringify({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET }),
      },
    }),
    [ST.describe]: (body) =>
      body.executionArn === CLICK_EXECUTION
        ? {
            json: {
              executionArn: CLICK_EXECUTION,
              stateMachineArn: STOP_ARN,
              status: 'RUNNING',
              input: JSON.stringify({ requestedBy: USERS.requester }),
              startDate: now(),
            },
          }
        : {
            status: 400,
            json: { __type: 'ExecutionDoesNotExist', message: 'Execution Does Not Exist' },
          },
    'AWSStepFunctions.ListExecutions': () => ({ json: { executions: [] } }),
    [ST.start]: (body) => ({
      json: {
        executionArn: `${String(body.stateMachineArn).replace(':stateMachine:', ':execution:')}:${String(body.name)}`,
        startDate: now(),
      },
    }),
    [ST.history]: () => ({
      json: {
        events: [
          {
            id: 12,
            type: 'TaskScheduled',
            timestamp: now(),
            taskScheduledEventDetails: {
              resourceType: 'lambda',
              resource: 'invoke.waitForTaskToken',
              region: 'us-east-1',
              parameters: JSON.stringify({ Payload: { taskToken: TASK_TOKEN } }),
            },
          },
        ],
      },
    }),
    [ST.sendSuccess]: () => ({ json: {} }),
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
