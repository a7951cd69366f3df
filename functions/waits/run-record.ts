import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { Plan, RunRecord } from '../../contract/plan';
import { runRecordKey } from '../../contract/waits';
import { expiresAt, getItem, type RunStateTable } from './run-state-table';

export type { RunRecord };

/** The run records: one item per run, written by Prepare, read by the approval and the scripts. */
export class RunRecords {
  constructor(private readonly table: RunStateTable) {}

  /** Writes the run's record (Prepare): the plan as a JSON string, the scripts as they are. */
  async put(executionArn: string, record: RunRecord): Promise<void> {
    const { stop, start, check } = record.scripts;
    await this.table.ddb.send(
      new PutItemCommand({
        TableName: this.table.tableName,
        Item: {
          pk: { S: runRecordKey(executionArn) },
          plan: { S: JSON.stringify(record.plan) },
          scripts: { M: { stop: { S: stop }, start: { S: start }, check: { S: check } } },
          expiresAt: { N: String(expiresAt(this.table.clock)) },
        },
      }),
    );
  }

  /** The run's record, or undefined when Prepare has not written one. */
  async get(executionArn: string): Promise<RunRecord | undefined> {
    const item = await getItem(this.table, runRecordKey(executionArn));
    if (!item?.plan?.S) return undefined;
    const scripts = item.scripts?.M ?? {};
    return {
      plan: JSON.parse(item.plan.S) as Plan,
      scripts: {
        stop: scripts.stop?.S ?? '',
        start: scripts.start?.S ?? '',
        check: scripts.check?.S ?? '',
      },
    };
  }
}
