import type { SimulatedAccount, SimService } from '../sim-aws';
import { SimApiError } from '../sim-aws';
import { namedError } from './named-error';

/**
 * Step Functions' AWS SDK integrations speak the AWS SDK for Java v2: members are spelt the
 * Java way (DbClusterIdentifier, not DBClusterIdentifier) and errors are named
 * `<Service>.<Code>Exception`. The simulated account speaks the JavaScript SDK, so this adapter
 * translates both ways — and, like the service, rejects a member it does not know.
 */
interface Integration {
  readonly service: SimService;
  readonly action: string;
  /** The API's members, spelt as the JavaScript SDK spells them. */
  readonly members: readonly string[];
}

const INTEGRATIONS: Record<string, Integration> = {
  'backup:startBackupJob': {
    service: 'backup',
    action: 'StartBackupJob',
    members: [
      'BackupVaultName',
      'ResourceArn',
      'IamRoleArn',
      'IdempotencyToken',
      'Lifecycle',
      'StartWindowMinutes',
      'CompleteWindowMinutes',
      'RecoveryPointTags',
      'BackupOptions',
    ],
  },
};

/** Service name prefixes of integration errors; EC2 declares no error types at all. */
const ERROR_PREFIX: Record<SimService, string> = {
  ec2: 'Ec2',
  ssm: 'Ssm',
  rds: 'Rds',
  elbv2: 'ElasticLoadBalancingV2',
  backup: 'Backup',
  scheduler: 'Scheduler',
  logs: 'CloudWatchLogs',
};

/** Java v2 member naming: acronyms are cased as words (DBClusterIdentifier → DbClusterIdentifier). */
export function javaMemberName(name: string): string {
  return name.replace(
    /[A-Z]{2,}(?=[A-Z][a-z]|$|[^A-Za-z])/g,
    (run) => run[0] + run.slice(1).toLowerCase(),
  );
}

/** The error name Step Functions gives an AWS error from an SDK integration. */
export function integrationErrorName(service: SimService, code: string): string {
  if (service === 'ec2') return 'Ec2.Ec2Exception';
  const exception = javaMemberName(code).replace(/(Fault|Exception)?$/, 'Exception');
  return `${ERROR_PREFIX[service]}.${exception}`;
}

/** True when this adapter can run the resource `arn:aws:states:::aws-sdk:<service>:<action>`. */
export function isSupportedIntegration(resource: string): boolean {
  return resource.replace('arn:aws:states:::aws-sdk:', '') in INTEGRATIONS;
}

/** Runs one SDK integration against the simulated account, as Step Functions would. */
export async function callIntegration(
  account: SimulatedAccount,
  resource: string,
  parameters: Record<string, unknown>,
): Promise<unknown> {
  const key = resource.replace('arn:aws:states:::aws-sdk:', '');
  const integration = INTEGRATIONS[key];
  if (!integration) throw new Error(`No local SDK integration for ${resource}`);
  const byJavaName = new Map(integration.members.map((m) => [javaMemberName(m), m]));
  const input: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(parameters)) {
    const member = byJavaName.get(name);
    if (!member) {
      throw namedError(
        'States.Runtime',
        `The field "${name}" is not supported by Step Functions for ${key}`,
      );
    }
    input[member] = value;
  }
  try {
    return toJavaShape(await account.call(integration.service, integration.action, input));
  } catch (error) {
    if (!(error instanceof SimApiError)) throw error;
    const prefix = ERROR_PREFIX[integration.service];
    throw namedError(
      integrationErrorName(integration.service, error.code),
      `${error.message} (Service: ${prefix}, Status Code: ${error.httpStatus}, Request ID: local)`,
    );
  }
}

function toJavaShape(value: unknown): unknown {
  // Not `instanceof`: a Date from structuredClone may come from another realm (e.g. under jest).
  if (Object.prototype.toString.call(value) === '[object Date]')
    return (value as Date).toISOString();
  if (Array.isArray(value)) return value.map(toJavaShape);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [javaMemberName(k), toJavaShape(v)]),
    );
  }
  return value;
}
