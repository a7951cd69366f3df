import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Plan } from '../../contract/plan';
import { RUN_STATE_TABLE, runRecordKey } from '../../contract/waits';

/**
 * The requester's DynamoDB client's HTTP bounds: a plan read answers in milliseconds, so one
 * that has not in 2 s is stalled and is cut off (and tried again by the SDK).
 */
export const PLAN_READ_TIMEOUTS = {
  requestTimeout: 2_000,
  connectionTimeout: 1_000,
  throwOnRequestTimeout: true,
} as const;

/** Reads a run's plan, which Prepare keeps in the run-state table rather than in the state. */
export type PlanReader = (executionArn: string) => Promise<Plan | undefined>;

/** The plan from the run's record; undefined when Prepare wrote none for this execution. */
export function runPlanReader(ddb: DynamoDBClient, tableName: string): PlanReader {
  return async (executionArn) => {
    const out = await ddb.send(
      new GetItemCommand({
        TableName: tableName,
        Key: { [RUN_STATE_TABLE.partitionKey]: { S: runRecordKey(executionArn) } },
        ConsistentRead: true,
        // PLAN is one of DynamoDB's reserved words.
        ProjectionExpression: '#plan',
        ExpressionAttributeNames: { '#plan': 'plan' },
      }),
    );
    const plan = out.Item?.plan?.S;
    return plan === undefined ? undefined : (JSON.parse(plan) as Plan);
  };
}
