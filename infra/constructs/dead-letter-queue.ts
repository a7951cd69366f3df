import { Duration, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * A construct's dead-letter queue (`DeadLetters` in its scope): encrypted, TLS only, kept the
 * 14 days SQS allows. `of` says whose deliveries end in it, for the cdk-nag acknowledgement
 * that a dead-letter queue needs none of its own.
 */
export function deadLetterQueue(scope: Construct, of: string): sqs.Queue {
  const queue = new sqs.Queue(scope, 'DeadLetters', {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: `This queue is the dead-letter queue (of ${of}); it needs none of its own.`,
  });
  return queue;
}
