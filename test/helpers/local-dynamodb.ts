import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startLocalDynamoDB, type LocalDynamoDB } from '../../local/local-dynamodb';

/**
 * A dynalite server with the app's tables for the whole test file, and one client on it:
 * started before the file's tests, closed after them. Read the client inside a test.
 */
export function useLocalDynamoDB(): { readonly client: () => DynamoDBClient } {
  let db: LocalDynamoDB;
  let ddb: DynamoDBClient;
  beforeAll(async () => {
    db = await startLocalDynamoDB();
    ddb = db.client();
  });
  afterAll(async () => {
    ddb.destroy();
    await db.close();
  });
  return { client: () => ddb };
}
