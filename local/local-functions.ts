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

type SimulatedClients = ReturnType<typeof createSimulatedClients>;

/** The ARN a function has locally; the definitions name functions only through placeholders. */
export function localFunctionArn(region: string, accountId: string, name: FunctionName): string {
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
 * account's SDK clients, keyed by local ARN. The approval function talks to Slack, so the
 * caller supplies it.
 */
export function createLocalFunctions(
  region: string,
  accountId: string,
  clients: SimulatedClients,
  clock: Clock,
  requestApproval: LocalFunction,
): Record<string, LocalFunction> {
  const { ec2, ssm, rds, elbv2 } = clients;
  const byName: Record<FunctionName, LocalFunction> = {
    'prepare-run': prepareRun({ ec2, rds, elbv2, clock }),
    'request-approval': requestApproval,
    'maintenance-page': maintenancePage({ elbv2, clock }),
    'run-script': runScript({ ssm, ec2, clock }),
    'instance-power': instancePower({ ec2, clock }),
    'db-cluster': dbCluster({ rds, clock }),
    'target-health': targetHealth({ elbv2, clock }),
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
  readonly onInvoke?: LocalStepFunctionsOptions['onInvoke'];
  readonly onEvent?: LocalStepFunctionsOptions['onEvent'];
}

/**
 * Both jobnets on the local runner: the real definitions rendered with local substitutions,
 * every task bound to its real function over the simulated account's SDK clients.
 */
export function createLocalJobnets(options: LocalJobnetsOptions): LocalStepFunctions {
  const { account } = options;
  const { region, accountId } = account;
  const substitutions = localSubstitutions(region, accountId, {
    approvalTimeoutSeconds: options.approvalTimeoutSeconds,
  });
  return new LocalStepFunctions({
    account,
    definitions: {
      stop: loadDefinition('stop', substitutions),
      start: loadDefinition('start', substitutions),
    },
    functions: createLocalFunctions(
      region,
      accountId,
      createSimulatedClients(account),
      options.clock,
      options.requestApproval,
    ),
    clock: { now: () => options.clock.now(), timer: options.timer ?? globalTimer },
    onInvoke: options.onInvoke,
    onEvent: options.onEvent,
  });
}
