import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { RDSClient } from '@aws-sdk/client-rds';
import { WebClient } from '@slack/web-api';
import type { RestopFiring } from '../../../bot/aurora-watch/watch-input';
import type { AuroraWatchDeps } from '../../../bot/aurora-watch/watch-deps';
import { AuroraWatchState } from '../../../bot/services/aurora-watch-state';
import { SCHEDULE_TABLE_KEY } from '../../../bot/services/schedule-state';
import { parseConfig } from '../../../config/load';
import type { AuroraWatchConfig } from '../../../config/triggers-schema';
import type { LocalDynamoDB } from '../../../local/local-dynamodb';
import { createSimulatedClients, SimulatedAccount } from '../../../local/sim-aws';
import type { LocalSlack } from '../../../local/slack';
import { exampleConfig } from '../../helpers/bot-harness';
import { MemoryAuditTrail } from '../../helpers/memory-audit-trail';
import { ManualClock } from '../../local/sim-aws/sim-fixture';

export const CHANNEL = 'C0EXAMPLE1';
export const DAY = 86_400_000;
let tables = 0;

/**
 * The example configuration with the shop's watch as given, and a second system, `blog`, whose
 * cluster nobody watches.
 */
export function watchConfig(watch: AuroraWatchConfig | undefined) {
  const raw = exampleConfig();
  const [shop] = raw.systems;
  const { auroraWatch: _watch, ...unwatched } = shop;
  return parseConfig({
    ...raw,
    systems: [
      { ...unwatched, ...(watch ? { auroraWatch: watch } : {}) },
      {
        ...unwatched,
        name: 'blog',
        dbClusterId: 'blog-db',
        maintenancePage: { ...unwatched.maintenancePage, priority: 2 },
        schedules: [],
      },
    ],
  });
}

/**
 * The watch's dependencies: the simulated account on a hand-set clock (its RDS through the real
 * SDK), a fresh schedule table on the local DynamoDB, the local Slack, an audit trail in memory,
 * and the starter observed.
 */
export async function watchDeps(
  db: LocalDynamoDB,
  ddb: DynamoDBClient,
  slack: LocalSlack,
  watch: AuroraWatchConfig | undefined,
  overrides: { rds?: RDSClient; lookTimeoutMs?: number } = {},
) {
  tables += 1;
  const TableName = `aurora-watch-${tables}`;
  await ddb.send(
    new CreateTableCommand({ TableName, BillingMode: 'PAY_PER_REQUEST', ...SCHEDULE_TABLE_KEY }),
  );
  const clock = new ManualClock();
  const account = new SimulatedAccount({ clock });
  const clients = createSimulatedClients(account);
  const web = new WebClient('xoxb-test', {
    slackApiUrl: slack.apiUrl,
    retryConfig: { retries: 0 },
  });
  const restops: RestopFiring[] = [];
  const audit = new MemoryAuditTrail('aurora-watch', () => new Date(clock.now()));
  const state = new AuroraWatchState(ddb, TableName, () => clock.now());
  const deps: AuroraWatchDeps = {
    config: watchConfig(watch),
    rds: overrides.rds ?? clients.rds,
    state,
    slack: async () => web,
    audit,
    startRestop: async (firing) => {
      restops.push(firing);
    },
    now: () => clock.now(),
    log: () => undefined,
    ...(overrides.lookTimeoutMs ? { lookTimeoutMs: overrides.lookTimeoutMs } : {}),
  };
  return { deps, clock, account, restops, audit, state, tableName: TableName, db };
}
