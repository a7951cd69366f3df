/**
 * The body of npm run bench:watch (scripts/bench-watch.ts sets the environment first): runs the
 * Aurora watch's daily check once a simulated day for 30 days against the simulated account
 * (its RDS through the real SDK), a local DynamoDB and the local Slack, for 1, 5 and 20 watched
 * systems whose clusters are stopped, started by AWS after 7 days and stopped again, and prints:
 *  - the check's duration (wall clock, p50 and p95), in process, the services answering at once;
 *  - the AWS calls per check (RDS, DynamoDB, Secrets Manager) and the warnings posted;
 *  - what the daily check costs a month at the list prices below, with its duration on Lambda
 *    taken as the measured time plus a round trip per call and a cold start each day.
 */
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { StopDBClusterCommand } from '@aws-sdk/client-rds';
import { WebClient } from '@slack/web-api';
import { join } from 'node:path';
import { dailyCheck } from '../../bot/aurora-watch/daily-check';
import { AuroraWatchState } from '../../bot/services/aurora-watch-state';
import { SCHEDULE_TABLE_KEY } from '../../bot/services/schedule-state';
import { loadConfigFile } from '../../config/load';
import type { AppConfig } from '../../config/schema';
import { startLocalDynamoDB } from '../../local/local-dynamodb';
import { createSimulatedClients, SimulatedAccount } from '../../local/sim-aws';
import { startLocalSlack } from '../../local/slack';

/** us-east-1 list prices (USD) used below. */
const PRICE = {
  schedulerPerInvocation: 1.0 / 1_000_000,
  lambdaRequest: 0.2 / 1_000_000,
  /** arm64, per GB-second (billed for the init phase too). */
  lambdaGbSecond: 0.0000133334,
  dynamoWrite: 0.625 / 1_000_000,
  dynamoRead: 0.125 / 1_000_000,
  secretsManagerCall: 0.05 / 10_000,
  /** CloudWatch Logs ingestion, per byte. */
  logsIngestion: 0.5 / 1024 ** 3,
  /** RDS Describe* calls and Slack: no charge. */
  rdsDescribe: 0,
};
/** The watch function's memory (infra/constructs/aurora-watch.ts: the 256 MB default). */
const FUNCTION_GB = 0.25;
/** Assumed on Lambda, beyond the in-process time: a round trip per AWS or Slack call, a cold start. */
const ROUND_TRIP_MS = 40;
const COLD_START_MS = 600;
/** Assumed log lines per check (start, report, the check's summary per system). */
const LOG_BYTES_PER_CHECK = (systems: number) => 1_500 + 300 * systems;
const DAYS = 30;
const DAY = 86_400_000;

const example = loadConfigFile(join(__dirname, '../../config/example.config.json'));

/** `count` watched systems, each its own cluster and rule priority. */
function systemsConfig(count: number): AppConfig {
  const [shop] = example.systems;
  return {
    ...example,
    systems: Array.from({ length: count }, (_, i) => ({
      ...shop,
      name: `shop${i + 1}`,
      dbClusterId: `shop${i + 1}-db`,
      maintenancePage: { ...shop.maintenancePage, priority: i + 1 },
      auroraWatch: {
        policy: 'restop' as const,
        approval: 'unless-held' as const,
        holdWindowMinutes: 15,
      },
    })),
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function month(count: number, run: number) {
  const config = systemsConfig(count);
  const clock = { t: Date.parse('2026-12-01T00:00:00Z'), now: () => clock.t };
  const account = new SimulatedAccount({ clock });
  // Stopped on different days, so the warnings spread over the month.
  config.systems.forEach((s, i) =>
    account.addDbCluster({
      id: s.dbClusterId,
      status: 'stopped',
      stoppedAt: clock.t - (i % 7) * DAY,
    }),
  );
  const rds = createSimulatedClients(account).rds;
  const db = await startLocalDynamoDB();
  const ddb = db.client();
  const TableName = `bench-watch-${count}-${run}`;
  await ddb.send(
    new CreateTableCommand({ TableName, BillingMode: 'PAY_PER_REQUEST', ...SCHEDULE_TABLE_KEY }),
  );
  const slack = await startLocalSlack({ botToken: 'xoxb-bench' });
  const web = new WebClient('xoxb-bench', { slackApiUrl: slack.apiUrl });
  let ddbCalls = 0;
  ddb.middlewareStack.add((next) => (args) => ((ddbCalls += 1), next(args)), {
    step: 'initialize',
  });
  // On Lambda the first Slack call of a container reads the secret: once a check that posts (a
  // daily invocation is a cold start).
  let secretReads = 0;
  const deps = {
    config,
    rds,
    state: new AuroraWatchState(ddb, TableName, clock.now),
    slack: async () => web,
    audit: { record: async () => undefined },
    startRestop: async () => undefined,
    now: clock.now,
    log: () => undefined,
  };
  const durations: number[] = [];
  const rdsCalls: number[] = [];
  let warnings = 0;
  for (let day = 0; day < DAYS; day += 1) {
    const before = account.calls.length;
    const t0 = performance.now();
    const checks = await dailyCheck(deps);
    durations.push(performance.now() - t0);
    rdsCalls.push(account.calls.length - before);
    const posted = checks.filter((c) => 'warning' in c && c.warning === 'posted').length;
    warnings += posted;
    if (posted > 0) secretReads += 1;
    clock.t += DAY;
    // The watch's re-stop: a cluster AWS started is stopped again, and the week begins anew.
    for (const s of config.systems) {
      const status = account.snapshot().clusters.find((c) => c.id === s.dbClusterId)?.status;
      if (status === 'available')
        await rds.send(new StopDBClusterCommand({ DBClusterIdentifier: s.dbClusterId }));
    }
  }
  ddb.destroy();
  await db.close();
  await slack.close();
  return { durations, rdsCalls, warnings, ddbCalls, secretReads };
}

export async function runBench(): Promise<void> {
  console.log(
    `Aurora watch daily check: ${DAYS} simulated days, in process (simulated RDS, local DynamoDB and Slack)\n`,
  );
  for (const count of [1, 5, 20]) {
    await month(count, 0); // warm-up: module loading and JIT stay out of the figures
    const m = await month(count, 1);
    const p50 = percentile(m.durations, 50);
    const p95 = percentile(m.durations, 95);
    const rdsPerCheck = m.rdsCalls.reduce((a, b) => a + b, 0) / DAYS;
    const ddbPerCheck = m.ddbCalls / DAYS;
    const callsPerCheck = rdsPerCheck + ddbPerCheck + m.secretReads / DAYS + m.warnings / DAYS;
    const lambdaMs = p95 + callsPerCheck * ROUND_TRIP_MS + COLD_START_MS;
    const cost = {
      scheduler: DAYS * PRICE.schedulerPerInvocation,
      lambdaRequests: DAYS * PRICE.lambdaRequest,
      lambdaDuration: DAYS * (lambdaMs / 1000) * FUNCTION_GB * PRICE.lambdaGbSecond,
      // Each warning: a claim (write), a settle (write), a read back when claimed by another.
      dynamodb: m.ddbCalls * PRICE.dynamoWrite,
      secretsManager: m.secretReads * PRICE.secretsManagerCall,
      logs: DAYS * LOG_BYTES_PER_CHECK(count) * PRICE.logsIngestion,
      rds: 0,
    };
    const total = Object.values(cost).reduce((a, b) => a + b, 0);
    console.log(`${count} watched system(s):`);
    console.log(`  duration per check      p50 ${p50.toFixed(1)} ms   p95 ${p95.toFixed(1)} ms`);
    console.log(
      `  calls per check         RDS ${rdsPerCheck.toFixed(2)} (DescribeDBClusters, DescribeEvents; free)   DynamoDB ${ddbPerCheck.toFixed(2)}   Secrets Manager ${(m.secretReads / DAYS).toFixed(2)}   Slack posts ${(m.warnings / DAYS).toFixed(2)}`,
    );
    console.log(`  warnings in ${DAYS} days      ${m.warnings}`);
    console.log(
      `  a month, list prices    $${total.toFixed(6)}  (scheduler $${cost.scheduler.toFixed(6)}, Lambda requests $${cost.lambdaRequests.toFixed(6)}, Lambda ${lambdaMs.toFixed(0)} ms × 256 MB $${cost.lambdaDuration.toFixed(6)}, DynamoDB $${cost.dynamodb.toFixed(6)}, Secrets Manager $${cost.secretsManager.toFixed(6)}, logs $${cost.logs.toFixed(6)}, RDS $0)\n`,
    );
  }
  console.log(
    `Assumed on Lambda: +${ROUND_TRIP_MS} ms per call, +${COLD_START_MS} ms cold start (billed) per daily invocation.`,
  );
  console.log(
    'List prices (us-east-1, before free tiers): EventBridge Scheduler $1.00 per million invocations; Lambda $0.20 per million requests, $0.0000133334 per GB-second (arm64); DynamoDB on demand $0.625 per million writes, $0.125 per million reads; Secrets Manager $0.05 per 10,000 calls; CloudWatch Logs $0.50 per GB ingested; RDS Describe calls and Slack free.',
  );
}
