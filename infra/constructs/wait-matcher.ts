import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { WAIT_EVENT_PATTERNS, type WaitEventRule } from '../../contract/wait-events';
import { waitMatcherPermissions } from '../iam/wait-permissions';
import { deadLetterQueue } from './dead-letter-queue';
import { JobnetFunction } from './jobnet-function';
import { waitRuleName } from '../names';
import { POLL_QUEUE_ENV, RUN_STATE_TABLE_ENV, type RunStateTable } from './run-state-table';

export interface WaitMatcherProps {
  readonly runState: RunStateTable;
  /** Where it starts the poll chain of a run whose instance now waits for its status checks. */
  readonly pollQueue: sqs.IQueue;
  readonly logRetention: logs.RetentionDays;
  readonly code?: lambda.Code;
}

/** One event: a read, a claim, a SendTask call, at most one GetCommandInvocation. */
export const MATCHER_TIMEOUT = Duration.seconds(30);
/**
 * How long an event is worth delivering. A wait may last hours, a late event still completes
 * its wait exactly once (the claim is conditional) and a stale one is ignored by its time, so
 * an hour of retries costs nothing; what is lost after that, the sweep finds.
 */
const MAX_EVENT_AGE = Duration.hours(1);

/**
 * The wait matcher: one EventBridge rule on the default bus per kind of event that completes a
 * wait (WAIT_EVENT_PATTERNS, the same patterns the local event bus routes by), each invoking
 * the matcher, which completes the waiting task the event names. Undeliverable events and
 * failed invocations, after their retries, end in its dead-letter queue.
 */
export class WaitMatcher extends Construct {
  readonly handler: JobnetFunction;
  readonly deadLetters: sqs.Queue;
  readonly rules: Readonly<Record<WaitEventRule, events.Rule>>;

  constructor(scope: Construct, id: string, props: WaitMatcherProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.deadLetters = deadLetterQueue(
      this,
      "the wait event rules and the matcher's asynchronous invocations",
    );
    this.handler = new JobnetFunction(this, 'Handler', {
      entry: 'functions/waits/matcher-handler.ts',
      description: 'Jobnet waits: completes the waiting task an AWS event names',
      timeout: MATCHER_TIMEOUT,
      logRetention: props.logRetention,
      environment: {
        [RUN_STATE_TABLE_ENV]: props.runState.table.tableName,
        [POLL_QUEUE_ENV]: props.pollQueue.queueUrl,
      },
      permissions: waitMatcherPermissions(stack, {
        runState: props.runState,
        pollQueue: props.pollQueue,
      }),
      code: props.code,
    });
    const fn = this.handler.function;
    // A claim undone after a transient failure is tried again by Lambda's own retries.
    fn.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: MAX_EVENT_AGE,
      onFailure: new SqsDestination(this.deadLetters),
    });

    const rules = (Object.keys(WAIT_EVENT_PATTERNS) as WaitEventRule[]).map((rule) => {
      const pattern = WAIT_EVENT_PATTERNS[rule];
      return [
        rule,
        new events.Rule(this, rule, {
          ruleName: waitRuleName(stack.stackName, rule),
          description: `Event-driven waits: ${pattern['detail-type'][0]} to the wait matcher`,
          eventPattern: pattern as unknown as events.EventPattern,
          targets: [
            new targets.LambdaFunction(fn, {
              deadLetterQueue: this.deadLetters,
              retryAttempts: 3,
              maxEventAge: MAX_EVENT_AGE,
            }),
          ],
        }),
      ] as const;
    });
    this.rules = Object.fromEntries(rules) as Record<WaitEventRule, events.Rule>;
  }
}
