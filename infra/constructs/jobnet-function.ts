import { join } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '../../observability/metric-names';
import { applyPermissions, XRAY_ACTIONS, type Permissions } from '../iam/permissions';
import { BUNDLE_OPTIONS, SOURCE_MAP_NODE_OPTIONS, type FunctionBundle } from './bundle-options';

/** The repository root: entries, the lockfile and the tsconfig are found from here, not the cwd. */
export const REPO_ROOT = join(__dirname, '..', '..');

export interface JobnetFunctionProps {
  /** The handler file, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly timeout: Duration;
  /** @default 256 */
  readonly memorySize?: number;
  readonly environment?: Readonly<Record<string, string>>;
  readonly logRetention: logs.RetentionDays;
  /** Exactly what the code calls; the role gets nothing else but its own logs and X-Ray. */
  readonly permissions?: Permissions;
  /** Compile-time constants for esbuild, e.g. the validated configuration. */
  readonly define?: Readonly<Record<string, string>>;
  /** Modules esbuild replaces, by name, with the file at an absolute path. */
  readonly alias?: Readonly<Record<string, string>>;
  /** Prebuilt code instead of bundling `entry`: template tests use it to skip esbuild. */
  readonly code?: lambda.Code;
}

/** What Powertools reads from the environment in every function; a function may override it. */
export const POWERTOOLS_ENVIRONMENT = {
  POWERTOOLS_SERVICE_NAME: METRICS_SERVICE,
  POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
  POWERTOOLS_LOG_LEVEL: 'INFO',
} as const;

/**
 * Every Lambda function of the app, with the settings fixed in one place: a current Node.js
 * runtime on ARM, X-Ray tracing, Powertools' service, namespace and log level, its own log
 * group with finite retention, its own role that writes only to that log group, and a minified,
 * source-mapped esbuild bundle made locally (no Docker). The AWS SDK is bundled too, at the
 * versions the lockfile pins and the tests ran.
 */
export class JobnetFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  /** What esbuild bundles for this function (undefined with prebuilt `code`); the benchmarks read it. */
  readonly bundle: FunctionBundle | undefined;

  constructor(scope: Construct, id: string, props: JobnetFunctionProps) {
    super(scope, id);
    this.bundle = props.code
      ? undefined
      : { entry: props.entry, define: { ...props.define }, alias: { ...props.alias } };
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // An own role instead of AWSLambdaBasicExecutionRole: that managed policy may write to any
    // log group in the account; this one writes to its own.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: props.description,
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    applyPermissions(this, this.role, props.permissions ?? { statements: [] }, XRAY_ACTIONS);

    this.function = new NodejsFunction(this, 'Function', {
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout,
      tracing: lambda.Tracing.ACTIVE,
      logGroup: this.logGroup,
      role: this.role,
      environment: {
        ...POWERTOOLS_ENVIRONMENT,
        ...props.environment,
        // Stack traces point into the TypeScript sources through the bundled source map.
        NODE_OPTIONS: SOURCE_MAP_NODE_OPTIONS,
      },
      ...(props.code
        ? { code: props.code, handler: 'index.handler' }
        : {
            entry: join(REPO_ROOT, props.entry),
            handler: 'handler',
            projectRoot: REPO_ROOT,
            depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
            bundling: {
              forceDockerBundling: false,
              ...BUNDLE_OPTIONS,
              externalModules: [],
              define: { ...props.define },
              esbuildArgs: {
                '--alias': Object.entries(props.alias ?? {}).map(([from, to]) => `${from}=${to}`),
              },
            },
          }),
    });
  }
}
