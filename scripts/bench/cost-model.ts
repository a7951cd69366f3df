import type { JobnetFigures } from './jobnet-figures';

// us-east-1 list prices in USD, without free tiers.

/** Step Functions Standard, per state transition ($0.025 per 1,000): aws.amazon.com/step-functions/pricing/ */
export const STEP_FUNCTIONS_USD_PER_TRANSITION = 0.025 / 1_000;
/** Lambda, per request ($0.20 per 1M): aws.amazon.com/lambda/pricing/ */
export const LAMBDA_USD_PER_REQUEST = 0.2 / 1_000_000;
/** Lambda on Arm (arm64), per GB-second, first tier: aws.amazon.com/lambda/pricing/ */
export const LAMBDA_ARM_USD_PER_GB_SECOND = 0.0000133334;
/** DynamoDB on-demand, per write request unit ($0.625 per 1M): aws.amazon.com/dynamodb/pricing/on-demand/ */
export const DYNAMODB_USD_PER_WRITE_UNIT = 0.625 / 1_000_000;
/** DynamoDB on-demand, per read request unit ($0.125 per 1M): aws.amazon.com/dynamodb/pricing/on-demand/ */
export const DYNAMODB_USD_PER_READ_UNIT = 0.125 / 1_000_000;
/** SQS standard queue, per request ($0.40 per 1M): aws.amazon.com/sqs/pricing/ */
export const SQS_USD_PER_REQUEST = 0.4 / 1_000_000;
/** EventBridge: AWS service events on the default bus are free: aws.amazon.com/eventbridge/pricing/ */
export const EVENTBRIDGE_USD_PER_SERVICE_EVENT = 0;
/** CloudWatch Logs ingestion (vended logs, first tier), per GB: aws.amazon.com/cloudwatch/pricing/ */
export const LOGS_USD_PER_GB_INGESTED = 0.5;
/** EC2, SSM Run Command, RDS, ELB and Backup API calls carry no charge of their own. */
export const OPERATED_USD_PER_API_CALL = 0;

/**
 * Every function the jobnets invoke deploys with JobnetFunction's default of 256 MB on arm64
 * (infra/constructs/jobnet-function.ts); task-functions.ts and approval-requester.ts set no other.
 */
export const FUNCTION_MEMORY_MB = 256;
/** Lambda prices a GB of memory as 1,024 MB; CloudWatch Logs a GB of data as 2^30 bytes. */
const MB_PER_GB = 1024;
const BYTES_PER_GB = 2 ** 30;

/** What one run uses of each priced thing. */
export interface RunUsage {
  readonly transitions: number;
  readonly lambdaRequests: number;
  readonly lambdaGbSeconds: number;
  /** One read or write request unit per request: the items are small (≤ 1 KB written, ≤ 4 KB read). */
  readonly dynamoDbReadUnits: number;
  readonly dynamoDbWriteUnits: number;
  readonly sqsRequests: number;
  readonly eventBridgeServiceEvents: number;
  readonly logBytes: number;
  readonly operatedApiCalls: number;
}

/** Nothing used: a base to price one part of a run by. */
export const NO_USAGE: RunUsage = {
  transitions: 0,
  lambdaRequests: 0,
  lambdaGbSeconds: 0,
  dynamoDbReadUnits: 0,
  dynamoDbWriteUnits: 0,
  sqsRequests: 0,
  eventBridgeServiceEvents: 0,
  logBytes: 0,
  operatedApiCalls: 0,
};

export interface CostLine {
  readonly item: string;
  readonly usd: number;
}

export interface RunCost {
  readonly lines: readonly CostLine[];
  readonly totalUsd: number;
}

/** A run's usage from its figures; `memoryMb` gives each function's memory size by name. */
export function usageOf(
  figures: JobnetFigures,
  memoryMb: (functionName: string) => number = () => FUNCTION_MEMORY_MB,
): RunUsage {
  return {
    transitions: figures.transitions,
    lambdaRequests: figures.lambda.invocations,
    lambdaGbSeconds: figures.lambda.byFunction.reduce(
      (sum, f) => sum + gbSeconds(f.billedMs, memoryMb(f.functionName)),
      0,
    ),
    dynamoDbReadUnits: figures.dynamoDb.reads,
    dynamoDbWriteUnits: figures.dynamoDb.writes,
    sqsRequests: figures.sqsRequests,
    eventBridgeServiceEvents: figures.eventBridgeEvents,
    logBytes: figures.logBytes,
    operatedApiCalls: figures.operatedCalls.total,
  };
}

/** Lambda's compute unit: billed time in seconds times memory in GB. */
export function gbSeconds(billedMs: number, memoryMb: number): number {
  return (billedMs / 1000) * (memoryMb / MB_PER_GB);
}

/** What a run costs at list prices, item by item. */
export function runCost(usage: RunUsage): RunCost {
  const lines: CostLine[] = [
    {
      item: 'Step Functions transitions',
      usd: usage.transitions * STEP_FUNCTIONS_USD_PER_TRANSITION,
    },
    { item: 'Lambda requests', usd: usage.lambdaRequests * LAMBDA_USD_PER_REQUEST },
    { item: 'Lambda GB-seconds', usd: usage.lambdaGbSeconds * LAMBDA_ARM_USD_PER_GB_SECOND },
    { item: 'DynamoDB reads', usd: usage.dynamoDbReadUnits * DYNAMODB_USD_PER_READ_UNIT },
    { item: 'DynamoDB writes', usd: usage.dynamoDbWriteUnits * DYNAMODB_USD_PER_WRITE_UNIT },
    { item: 'SQS requests', usd: usage.sqsRequests * SQS_USD_PER_REQUEST },
    {
      item: 'EventBridge events',
      usd: usage.eventBridgeServiceEvents * EVENTBRIDGE_USD_PER_SERVICE_EVENT,
    },
    { item: 'CloudWatch Logs', usd: (usage.logBytes / BYTES_PER_GB) * LOGS_USD_PER_GB_INGESTED },
    { item: 'operated API calls', usd: usage.operatedApiCalls * OPERATED_USD_PER_API_CALL },
  ];
  return { lines, totalUsd: lines.reduce((sum, line) => sum + line.usd, 0) };
}

/** The prices above as lines to print under the table, with the assumptions they carry. */
export function priceList(): string[] {
  return [
    `Step Functions Standard: $${per(STEP_FUNCTIONS_USD_PER_TRANSITION, 1e3)} per 1,000 state transitions`,
    `Lambda (arm64, ${FUNCTION_MEMORY_MB} MB; billed = duration rounded up to 1 ms, init taken as 0): ` +
      `$${per(LAMBDA_USD_PER_REQUEST, 1e6)} per 1M requests + $${per(LAMBDA_ARM_USD_PER_GB_SECOND, 1)} per GB-second`,
    `DynamoDB on-demand (one unit per request): $${per(DYNAMODB_USD_PER_WRITE_UNIT, 1e6)} per 1M write units, ` +
      `$${per(DYNAMODB_USD_PER_READ_UNIT, 1e6)} per 1M read units`,
    `SQS: $${per(SQS_USD_PER_REQUEST, 1e6)} per 1M requests`,
    `EventBridge: AWS service events on the default bus $${per(EVENTBRIDGE_USD_PER_SERVICE_EVENT, 1)}`,
    `CloudWatch Logs: $${per(LOGS_USD_PER_GB_INGESTED, 1)} per GB ingested ` +
      `(the state machine's log group at level ALL, estimated from the history's size)`,
    `EC2, SSM, RDS, ELB, Backup API calls: $${per(OPERATED_USD_PER_API_CALL, 1)}`,
  ];
}

/** A unit price for `quantity` units, without floating-point noise. */
const per = (unitUsd: number, quantity: number) => Number((unitUsd * quantity).toPrecision(6));
