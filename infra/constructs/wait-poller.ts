import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { SystemConfig } from '../../config/schema';
import { waitPollerPermissions } from '../iam/wait-permissions';
import { waitRuleName } from '../names';
import { deadLetterQueue } from './dead-letter-queue';
import { JobnetFunction } from './jobnet-function';
import { POLL_QUEUE_ENV, RUN_STATE_TABLE_ENV, type RunStateTable } from './run-state-table';

export interface WaitPollerProps {
  /** The configured systems: the sweep may describe their DB clusters. */
  readonly systems: readonly SystemConfig[];
  readonly runState: RunStateTable;
  readonly logRetention: logs.RetentionDays;
  readonly code?: lambda.Code;
}

/** One poll of a batch of runs, or one sweep: a few batched calls each. */
export const POLLER_TIMEOUT = Duration.seconds(60);
/** How often the sweep looks for waits whose events were lost. */
export const SWEEP_SCHEDULE = 'rate(5 minutes)';
const SWEEP_EVERY = Duration.minutes(5);
/** What the sweep rule invokes the poller with (SQS records are poll messages). */
export const SWEEP_INPUT = { kind: 'sweep' } as const;
/**
 * Receives of one poll message before it is dead-lettered. A run whose chain broke is not
 * lost: its lease goes stale and the next sweep starts a new chain.
 */
const MAX_RECEIVES = 3;

/**
 * The poller of the event-driven waits: one function that carries on each run's poll chain
 * (status checks, target health; the delayed messages of the poll queue, read in batches of
 * 10 whose failed records alone are retried) and runs the sweep every 5 minutes (waits whose
 * events were lost). The queue's failed messages, the sweep rule's undeliverable events and
 * the sweep's failed invocations end in one dead-letter queue.
 */
export class WaitPoller extends Construct {
  readonly handler: JobnetFunction;
  readonly queue: sqs.Queue;
  readonly deadLetters: sqs.Queue;
  readonly sweep: events.Rule;

  constructor(scope: Construct, id: string, props: WaitPollerProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.deadLetters = deadLetterQueue(
      this,
      "the poll queue, the sweep rule and the sweep's asynchronous invocations",
    );
    this.queue = new sqs.Queue(this, 'PollQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Lambda's advice for a queue it reads: 6 times the function's timeout, so a batch whose
      // invocation is throttled and retried is not handed out again meanwhile.
      visibilityTimeout: Duration.seconds(POLLER_TIMEOUT.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: MAX_RECEIVES },
    });

    this.handler = new JobnetFunction(this, 'Handler', {
      entry: 'functions/waits/poller-handler.ts',
      description:
        'Jobnet waits: polls status checks and target health per run; sweeps lost events',
      timeout: POLLER_TIMEOUT,
      logRetention: props.logRetention,
      environment: {
        [RUN_STATE_TABLE_ENV]: props.runState.table.tableName,
        [POLL_QUEUE_ENV]: this.queue.queueUrl,
      },
      permissions: waitPollerPermissions(stack, props.systems, {
        runState: props.runState,
        pollQueue: this.queue,
      }),
      code: props.code,
    });
    const fn = this.handler.function;
    fn.addEventSource(
      new SqsEventSource(this.queue, { batchSize: 10, reportBatchItemFailures: true }),
    );
    // The sweep is invoked asynchronously; a sweep older than the next one is not worth trying.
    fn.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: SWEEP_EVERY,
      onFailure: new SqsDestination(this.deadLetters),
    });
    this.sweep = new events.Rule(this, 'Sweep', {
      ruleName: waitRuleName(stack.stackName, 'sweep'),
      description: 'Event-driven waits: looks every 5 minutes for waits whose events were lost',
      schedule: events.Schedule.expression(SWEEP_SCHEDULE),
      targets: [
        new targets.LambdaFunction(fn, {
          event: events.RuleTargetInput.fromObject(SWEEP_INPUT),
          deadLetterQueue: this.deadLetters,
          retryAttempts: 2,
          maxEventAge: SWEEP_EVERY,
        }),
      ],
    });
  }
}
