import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { RDSClient } from '@aws-sdk/client-rds';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { PollMessage } from '../../contract/waits';
import { instrument } from '../../observability/instrument';
import { createPowertools, type Powertools } from '../../observability/powertools';
import { pollRun, type PollerDeps } from './poller';
import { sweep, type SweepDeps, type SweepReport } from './sweep';
import { waitsFromEnv } from './waits-from-env';

/** The part of an SQS event the poller reads. */
export interface PollRecords {
  readonly Records: readonly { readonly messageId: string; readonly body: string }[];
}

/** The schedule's input: run the sweep. */
export interface SweepRequest {
  readonly kind: 'sweep';
}

export type PollerEvent = PollRecords | SweepRequest;

/** SQS retries only the messages named here (ReportBatchItemFailures). */
export interface BatchResponse {
  readonly batchItemFailures: { readonly itemIdentifier: string }[];
}

export type PollerHandlerDeps = PollerDeps & SweepDeps;

const powertools = createPowertools();

/**
 * One function for both: the poll queue's messages (each one poll of a run, a failed one
 * retried alone) and the schedule's `{ "kind": "sweep" }`. A log line per poll and per sweep.
 */
export const makeHandler = (deps: PollerHandlerDeps, tools: Powertools = powertools) =>
  instrument(tools, async (event: PollerEvent): Promise<BatchResponse | SweepReport> => {
    if ('Records' in event) return pollAll(event, deps, tools);
    if (event.kind === 'sweep') {
      const report = await sweep(deps);
      const level = report.problems.length > 0 ? 'warn' : 'info';
      tools.logger[level]('Sweep', { ...report });
      return report;
    }
    throw new Error(`The poller takes SQS poll messages or { kind: 'sweep' }`);
  });

async function pollAll(
  event: PollRecords,
  deps: PollerHandlerDeps,
  tools: Powertools,
): Promise<BatchResponse> {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    try {
      const message = JSON.parse(record.body) as PollMessage;
      const report = await pollRun(message, deps);
      const level = report.problems.length > 0 ? 'warn' : 'info';
      tools.logger[level]('Poll', { executionArn: message.executionArn, ...report });
    } catch (error) {
      tools.logger.error('Poll failed', { messageId: record.messageId, error: error as Error });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}

const capture = <C extends object>(client: C) => powertools.tracer.captureAWSv3Client(client);

export const handler = makeHandler({
  ...waitsFromEnv(powertools),
  ec2: capture(new EC2Client({})),
  elbv2: capture(new ElasticLoadBalancingV2Client({})),
  ssm: capture(new SSMClient({})),
  rds: capture(new RDSClient({})),
});
