import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { PollMessage } from '../../contract/waits';

/** Where a run's next poll is scheduled. */
export interface PollQueue {
  send(message: PollMessage, delaySeconds: number): Promise<void>;
}

/** SQS holds a message back at most 15 minutes. */
export const MAX_DELAY_SECONDS = 900;

/** Whole seconds SQS can delay by: rounded up (never early), within 0..900. */
export function sqsDelaySeconds(delaySeconds: number): number {
  return Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil(delaySeconds)));
}

/** The poll chain on an SQS queue: each message delayed until its poll is due. */
export class SqsPollQueue implements PollQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(message: PollMessage, delaySeconds: number): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(message),
        DelaySeconds: sqsDelaySeconds(delaySeconds),
      }),
    );
  }
}
