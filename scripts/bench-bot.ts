/**
 * npm run bench:bot — bundles the bot as it is deployed (the CDK construct's own esbuild
 * options, define and aliases, read off the app: see scripts/bench/deployed-bundles.ts), then
 * measures in fresh Node processes started with the function's NODE_OPTIONS: bundle size, the
 * time to load the bundle and answer a first slash command, and warm p50/p99 for slash commands
 * and button clicks. Slack is the local Slack-compatible server and AWS a loopback JSON-protocol
 * endpoint (AWS_ENDPOINT_URL), both answering at once.
 */
import { WebClient } from '@slack/web-api';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { arch, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACTION_IDS } from '../bot/blocks/action-ids';
import { BUNDLE_OPTIONS, SOURCE_MAP_NODE_OPTIONS } from '../infra/constructs/bundle-options';
import {
  blockActionPayload,
  interactionBody,
  signedFunctionUrlEvent,
  slashCommandBody,
  startLocalSlack,
} from '../local/slack';
import {
  buildDeployedBundle,
  deployedFunctions,
  describeBundleOptions,
} from './bench/deployed-bundles';
import { startFakeAwsEndpoint } from './bench/fake-aws-endpoint';

const BOT_ENTRY = 'bot/handler.ts';
const BOT_TOKEN = 'xoxb-bench';
const SIGNING_SECRET = 'bench-signing-secret';
const CHANNEL = 'C0EXAMPLE1';
const STOP_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:webapp-chatops-stop';
const CLICK_EXECUTION = `${STOP_ARN.replace(':stateMachine:', ':execution:')}:stop-shop-20261129T2200-0123abcd`;
const WARM_REQUESTS = 300;
const COLD_RUNS = 5;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-bot-'));
  try {
    const bot = deployedFunctions(join(dir, 'cdk.out')).find((f) => f.bundle.entry === BOT_ENTRY);
    if (!bot) throw new Error(`The app deploys no function from ${BOT_ENTRY}`);
    const {
      file: bundle,
      bytes: size,
      gzipBytes: gzipped,
    } = await buildDeployedBundle(bot.bundle, join(dir, 'bot'));

    const slack = await startLocalSlack({ botToken: BOT_TOKEN });
    const aws = await startFakeAwsEndpoint(awsAnswers());
    const approval = await new WebClient(BOT_TOKEN, { slackApiUrl: slack.apiUrl }).chat.postMessage(
      {
        channel: CHANNEL,
        text: 'Approval needed',
        blocks: [
          {
            type: 'actions',
            block_id: 'approval_actions',
            elements: [
              {
                type: 'button',
                action_id: ACTION_IDS.approve,
                text: { type: 'plain_text', text: 'Approve' },
                value: CLICK_EXECUTION,
              },
            ],
          },
        ],
      },
    );
    const eventsPath = join(dir, 'events.json');
    writeFileSync(
      eventsPath,
      JSON.stringify(requests(slack.createResponseUrl.bind(slack), approval.ts ?? '')),
    );
    const env = {
      ...process.env,
      AWS_ENDPOINT_URL: aws.url,
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
    const child = join(__dirname, 'bench', 'bot-child.cjs');
    const run = async (mode: 'cold' | 'warm') => {
      // Asynchronous, so the servers in this process keep answering the child.
      const out = await new Promise<string>((resolve, reject) => {
        execFile(
          process.execPath,
          [child, bundle, eventsPath, mode],
          { env, maxBuffer: 1 << 24 },
          (error, stdout, stderr) =>
            error
              ? reject(new Error(`${error.message}\n${stderr}${syntaxHint(stderr)}`))
              : resolve(stdout),
        );
      });
      return JSON.parse(out) as ChildResult;
    };
    const cold: ChildResult[] = [];
    for (let i = 0; i < COLD_RUNS; i++) cold.push(await run('cold'));
    const warm = await run('warm');
    await slack.close();
    await aws.close();

    const med = (values: number[]) => percentile(values, 50);
    console.log(
      'Bot benchmark: bundled handler in fresh Node processes; Slack and AWS doubles on loopback answering at once',
    );
    console.log(
      `bundled as deployed: esbuild ${describeBundleOptions()}, the construct's define and aliases; run with NODE_OPTIONS=${SOURCE_MAP_NODE_OPTIONS}`,
    );
    console.log(
      `differs from Lambda: Node ${process.version} on ${arch()} here, ${bot.runsOn} there; no Lambda runtime around the handler, no network\n`,
    );
    console.log(
      `bundle: ${(size / 1024).toFixed(0)} KiB (${size} bytes), ${(gzipped / 1024).toFixed(0)} KiB gzipped`,
    );
    console.log(
      `first slash command, fresh process (median of ${COLD_RUNS}): ${med(cold.map((c) => c.processToAnswerMs)).toFixed(0)} ms from process start; ${med(cold.map((c) => c.firstAnswerMs)).toFixed(0)} ms from loading the bundle (load ${med(cold.map((c) => c.loadMs)).toFixed(0)} ms); status ${cold[0].firstStatus}`,
    );
    console.log(
      `warm slash command (${warm.slash?.length}): p50 ${percentile(warm.slash ?? [], 50).toFixed(1)} ms, p99 ${percentile(warm.slash ?? [], 99).toFixed(1)} ms`,
    );
    console.log(
      `warm button click (${warm.click?.length}): p50 ${percentile(warm.click ?? [], 50).toFixed(1)} ms, p99 ${percentile(warm.click ?? [], 99).toFixed(1)} ms`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface ChildResult {
  processToAnswerMs: number;
  loadMs: number;
  firstAnswerMs: number;
  firstStatus: number;
  slash?: number[];
  click?: number[];
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

/** Signed requests as Slack sends them: a fresh trigger per slash command, clicks on one message. */
function requests(
  responseUrl: (channel: string, user: string, ts?: string) => string,
  approvalTs: string,
) {
  const slash = Array.from({ length: WARM_REQUESTS + 1 }, (_, i) =>
    signedFunctionUrlEvent(
      slashCommandBody({
        command: '/webapp',
        text: 'stop shop',
        userId: 'U0REQUESTER',
        channelId: CHANNEL,
        responseUrl: responseUrl(CHANNEL, 'U0REQUESTER'),
        triggerId: `bench-${i}`,
      }),
      SIGNING_SECRET,
    ),
  );
  const click = Array.from({ length: WARM_REQUESTS }, () =>
    signedFunctionUrlEvent(
      interactionBody(
        blockActionPayload({
          actionId: ACTION_IDS.approve,
          value: CLICK_EXECUTION,
          userId: 'U0APPROVER',
          channelId: CHANNEL,
          messageTs: approvalTs,
          responseUrl: responseUrl(CHANNEL, 'U0APPROVER', approvalTs),
        }),
      ),
      SIGNING_SECRET,
    ),
  );
  return { slash, click };
}

function awsAnswers() {
  const now = () => Date.now() / 1000;
  return {
    'secretsmanager.GetSecretValue': () => ({
      json: {
        Name: 'webapp-chatops/slack',
        SecretString: JSON.stringify({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET }),
      },
    }),
    'AWSStepFunctions.DescribeExecution': (body: Record<string, unknown>) =>
      body.executionArn === CLICK_EXECUTION
        ? {
            json: {
              executionArn: CLICK_EXECUTION,
              stateMachineArn: STOP_ARN,
              status: 'RUNNING',
              input: JSON.stringify({ requestedBy: 'U0REQUESTER' }),
              startDate: now(),
            },
          }
        : {
            status: 400,
            json: { __type: 'ExecutionDoesNotExist', message: 'Execution Does Not Exist' },
          },
    'AWSStepFunctions.ListExecutions': () => ({ json: { executions: [] } }),
    'AWSStepFunctions.StartExecution': (body: Record<string, unknown>) => ({
      json: {
        executionArn: `${String(body.stateMachineArn).replace(':stateMachine:', ':execution:')}:${String(body.name)}`,
        startDate: now(),
      },
    }),
    'AWSStepFunctions.GetExecutionHistory': () => ({
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
              parameters: JSON.stringify({ Payload: { taskToken: 'bench-token' } }),
            },
          },
        ],
      },
    }),
    'AWSStepFunctions.SendTaskSuccess': () => ({ json: {} }),
  };
}

void main();
