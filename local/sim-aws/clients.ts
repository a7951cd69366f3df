import { BackupClient, BackupServiceException } from '@aws-sdk/client-backup';
import * as logsModels from '@aws-sdk/client-cloudwatch-logs';
import {
  CloudWatchLogsClient,
  CloudWatchLogsServiceException,
} from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client, EC2ServiceException } from '@aws-sdk/client-ec2';
import {
  ElasticLoadBalancingV2Client,
  ElasticLoadBalancingV2ServiceException,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { RDSClient, RDSServiceException } from '@aws-sdk/client-rds';
import * as schedulerModels from '@aws-sdk/client-scheduler';
import { SchedulerClient, SchedulerServiceException } from '@aws-sdk/client-scheduler';
import * as ssmModels from '@aws-sdk/client-ssm';
import { SSMClient, SSMServiceException } from '@aws-sdk/client-ssm';
import type { SimulatedAccount } from './account';
import { SimApiError } from './errors';
import type { SimService } from './types';

/** Real SDK v3 clients whose every command is answered by the simulated account. */
export interface SimulatedClients {
  ec2: EC2Client;
  ssm: SSMClient;
  rds: RDSClient;
  elbv2: ElasticLoadBalancingV2Client;
  backup: BackupClient;
  scheduler: SchedulerClient;
  logs: CloudWatchLogsClient;
}

type ServiceExceptionClass = new (options: {
  name: string;
  $fault: 'client' | 'server';
  $metadata: { httpStatusCode: number };
  message: string;
}) => Error;

/*
 * The sliver of the Smithy middleware types this module needs, spelled out here rather than
 * imported from @smithy/types, which is only a transitive dependency.
 */
interface InitializeArgs {
  input: object;
}
type InitializeHandler = (args: InitializeArgs) => Promise<unknown>;
type InitializeMiddleware = (
  next: InitializeHandler,
  context: { commandName?: string },
) => (args: InitializeArgs) => Promise<{ output: object; response: unknown }>;
interface StackOwner {
  middlewareStack: {
    add(
      middleware: InitializeMiddleware,
      options: { step: 'initialize'; name: string; priority: 'high' },
    ): void;
  };
}

/**
 * Creates real clients with one extra `initialize` middleware that short-circuits every
 * command to the account, so code under test keeps its real SDK types, paginators and
 * error classes while no request leaves the process.
 */
export function createSimulatedClients(account: SimulatedAccount): SimulatedClients {
  const config = {
    region: account.region,
    credentials: { accessKeyId: 'SIMULATED', secretAccessKey: 'SIMULATED' },
  };
  const clients: SimulatedClients = {
    ec2: new EC2Client(config),
    ssm: new SSMClient(config),
    rds: new RDSClient(config),
    elbv2: new ElasticLoadBalancingV2Client(config),
    backup: new BackupClient(config),
    scheduler: new SchedulerClient(config),
    logs: new CloudWatchLogsClient(config),
  };
  route(clients.ec2, account, 'ec2', EC2ServiceException);
  route(clients.ssm, account, 'ssm', SSMServiceException, ssmModels);
  route(clients.rds, account, 'rds', RDSServiceException);
  route(clients.elbv2, account, 'elbv2', ElasticLoadBalancingV2ServiceException);
  route(clients.backup, account, 'backup', BackupServiceException);
  route(clients.scheduler, account, 'scheduler', SchedulerServiceException, schedulerModels);
  route(clients.logs, account, 'logs', CloudWatchLogsServiceException, logsModels);
  return clients;
}

/**
 * The error the SDK would throw for the code: the client's modeled exception class of that
 * name (SSM's InvalidDocument, say) when `models` (the client module) has one, so callers can
 * test `instanceof InvalidDocument`; otherwise the service's base exception named by the code.
 */
function sdkError(
  err: SimApiError,
  Exception: ServiceExceptionClass,
  models: Record<string, unknown>,
): Error {
  const $metadata = { httpStatusCode: err.httpStatus };
  const Modeled = Object.hasOwn(models, err.code) ? models[err.code] : undefined;
  if (typeof Modeled === 'function' && Modeled.prototype instanceof Exception) {
    // A modeled exception sets its own name and fault, as its deserializer would.
    const ModeledClass = Modeled as new (o: { $metadata: object; message: string }) => Error;
    return new ModeledClass({ $metadata, message: err.message });
  }
  return new Exception({
    name: err.code,
    $fault: err.httpStatus >= 500 ? 'server' : 'client',
    $metadata,
    message: err.message,
  });
}

function route(
  client: StackOwner,
  account: SimulatedAccount,
  service: SimService,
  Exception: ServiceExceptionClass,
  models: Record<string, unknown> = {},
): void {
  const middleware: InitializeMiddleware = (_next, context) => async (args) => {
    const action = (context.commandName ?? '').replace(/Command$/, '');
    try {
      const result = await account.call(service, action, args.input as Record<string, unknown>);
      return { output: { $metadata: { httpStatusCode: 200 }, ...result }, response: {} };
    } catch (err) {
      if (!(err instanceof SimApiError)) throw err;
      throw sdkError(err, Exception, models);
    }
  };
  client.middlewareStack.add(middleware, {
    step: 'initialize',
    name: 'simulatedAccount',
    priority: 'high',
  });
}
