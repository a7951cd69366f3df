import { makeHandler as dbCluster } from '../functions/db-cluster/handler';
import { makeHandler as instancePower } from '../functions/instance-power/handler';
import type { Clock } from '../contract/clock';
import { makeHandler as maintenancePage } from '../functions/maintenance-page/handler';
import { makeHandler as prepareRun } from '../functions/prepare-run/handler';
import { makeHandler as runScript } from '../functions/run-script/handler';
import { makeHandler as targetHealth } from '../functions/target-health/handler';
import {
  FUNCTION_PLACEHOLDERS,
  loadDefinition,
  type FunctionName,
  type Substitutions,
} from '../statemachines/definitions';
import { LocalStepFunctions, type LocalStepFunctionsOptions } from './sfn/local-step-functions';
import type { LocalFunction } from './sfn/task-bindings';
import { globalTimer, type Timer } from './sfn/task-tokens';
import { createSimulatedClients, type SimulatedAccount } from './sim-aws';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { WaitDeps } from '../functions/lib/callback-task';
import { cachedScripts } from '../functions/run-script/script-source';
import { AwsEventDelivery, type AwsEventDeliveryOptions } from './aws-event-delivery';
import { LocalEventBus } from './local-event-bus';
import { LOCAL_RUN_STATE_TABLE } from './local-dynamodb';
import { createLocalWaits, type LocalWaits } from './local-waits';
import { createLocalSfnClient } from './sfn/sfn-client';

type SimulatedClients = ReturnType<typeof createSimulatedClients>;

/** The ARN a function has locally; the definitions name functions only through placeholders. */
export function localFunctionArn(region: string, accountId: string, name: string): string {
  return `arn:aws:lambda:${region}:${accountId}:function:webapp-chatops-${name}`;
}

/** Values for every placeholder of the definitions, pointing at the local functions. */
export function localSubstitutions(
  region: string,
  accountId: string,
  settings: { approvalTimeoutSeconds: number },
): Substitutions {
  const functionArns = Object.fromEntries(
    Object.entries(FUNCTION_PLACEHOLDERS).map(([placeholder, name]) => [
      placeholder,
      localFunctionArn(region, accountId, name),
    ]),
  );
  return {
    ...functionArns,
    BackupVaultName: 'webapp-chatops',
    BackupRoleArn: `arn:aws:iam::${accountId}:role/webapp-chatops-backup`,
    Partition: 'aws',
    Region: region,
    AccountId: accountId,
    ApprovalTimeoutSeconds: settings.approvalTimeoutSeconds,
  };
}

/**
 * The jobnet's task functions, built by their real `makeHandler` around the simulated
 * account's SDK clients and the local wait machinery, keyed by local ARN. The approval function
 * talks to Slack, so the caller supplies it.
 */
export function createLocalFunctions(
  region: string,
  accountId: string,
  clients: SimulatedClients,
  clock: Clock,
  waits: WaitDeps,
  requestApproval: LocalFunction,
): Record<string, LocalFunction> {
  const { ec2, ssm, rds, elbv2 } = clients;
  const runRecords = { put: waits.store.putRunRecord.bind(waits.store) };
  const byName: Record<FunctionName, LocalFunction> = {
    'prepare-run': prepareRun({ ec2, rds, elbv2, clock, runRecords }),
    'request-approval': requestApproval,
    'maintenance-page': maintenancePage({ elbv2, clock }),
    'run-script': runScript({
      ssm,
      ec2,
      waits,
      scripts: cachedScripts((arn) => waits.store.getRunRecord(arn)),
    }),
    'instance-power': instancePower({ ec2, waits }),
    'db-cluster': dbCluster({ rds, waits }),
    'target-health': targetHealth({ elbv2, waits }),
  };
  return Object.fromEntries(
    Object.entries(byName).map(([name, fn]) => [
      localFunctionArn(region, accountId, name as FunctionName),
      fn,
    ]),
  );
}

export interface LocalJobnetsOptions {
  readonly account: SimulatedAccount;
  /** The functions' clock, and the local service's: execution dates, history, task timeouts. */
  readonly clock: Clock;
  /** A timer on `clock`; default the global setTimeout (right for the wall clock, virtual time). */
  readonly timer?: Timer;
  readonly requestApproval: LocalFunction;
  readonly approvalTimeoutSeconds: number;
  /** The local DynamoDB holding the run-state table (local/local-dynamodb.ts). */
  readonly ddb: DynamoDBClient;
  /** The account's default event bus; default a new one on `clock`. */
  readonly bus?: LocalEventBus;
  /** How the account's events reach the bus: delay, and lost, repeated or reordered events. */
  readonly delivery?: Omit<AwsEventDeliveryOptions, 'account' | 'bus' | 'clock'>;
  readonly onInvoke?: LocalStepFunctionsOptions['onInvoke'];
  readonly onEvent?: LocalStepFunctionsOptions['onEvent'];
}

/** The local jobnets, with the wait machinery and the bus their events travel on. */
export type LocalJobnets = LocalStepFunctions & {
  readonly waits: LocalWaits;
  readonly bus: LocalEventBus;
  readonly delivery: AwsEventDelivery;
  /** Shutting down: aborts every run, stops the event delivery and the waits' timers. */
  shutdown(): void;
};

/**
 * Both jobnets on the local runner: the real definitions rendered with local substitutions,
 * every task bound to its real function over the simulated account's SDK clients, the account's
 * events delivered to the wait matcher on the local bus, and the poll chain and sweep on the
 * simulated clock.
 */
export function createLocalJobnets(options: LocalJobnetsOptions): LocalJobnets {
  const { account } = options;
  const { region, accountId } = account;
  const timer = options.timer ?? globalTimer;
  const substitutions = localSubstitutions(region, accountId, {
    approvalTimeoutSeconds: options.approvalTimeoutSeconds,
  });
  const clients = createSimulatedClients(account);
  const busClock = { now: () => options.clock.now(), after: timer };
  const bus = options.bus ?? new LocalEventBus({ account, clock: busClock });
  const ref: { local?: LocalStepFunctions; client?: SFNClient } = {};
  const waits = createLocalWaits({
    clients,
    ddb: options.ddb,
    tableName: LOCAL_RUN_STATE_TABLE,
    clock: options.clock,
    timer,
    sfn: () => (ref.client ??= createLocalSfnClient(ref.local as LocalStepFunctions, region)),
    bus,
    active: () =>
      (['stop', 'start'] as const).some((jobnet) =>
        ref.local?.listExecutions(jobnet).some((e) => e.status === 'RUNNING'),
      ),
    onInvoke: options.onInvoke,
    functionArn: (name) => localFunctionArn(region, accountId, name),
  });
  const local = new LocalStepFunctions({
    account,
    definitions: {
      stop: loadDefinition('stop', substitutions),
      start: loadDefinition('start', substitutions),
    },
    functions: createLocalFunctions(
      region,
      accountId,
      clients,
      options.clock,
      waits.deps,
      options.requestApproval,
    ),
    gates: [localFunctionArn(region, accountId, 'request-approval')],
    clock: { now: () => options.clock.now(), timer },
    onInvoke: options.onInvoke,
    onEvent: (execution, event) => {
      waits.armSweep();
      options.onEvent?.(execution, event);
    },
  });
  ref.local = local;
  const delivery = new AwsEventDelivery({ ...options.delivery, account, bus, clock: busClock });
  delivery.start();
  const shutdown = () => {
    local.abortAll();
    delivery.stop();
    waits.stop();
  };
  return Object.assign(local, { waits, bus, delivery, shutdown });
}
