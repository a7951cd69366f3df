import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

/**
 * Sends a DynamoDB conditional write: its output, or undefined when the condition did not hold
 * (someone else wrote first). Any other error is thrown as it came.
 */
export async function whenConditionHolds<T>(write: () => Promise<T>): Promise<T | undefined> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}
