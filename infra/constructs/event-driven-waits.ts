import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { SystemConfig } from '../../config/schema';
import type { WaitResources } from '../iam/wait-permissions';
import type { RunStateTable } from './run-state-table';
import { WaitMatcher } from './wait-matcher';
import { WaitPoller } from './wait-poller';

export interface EventDrivenWaitsProps {
  readonly systems: readonly SystemConfig[];
  /** Where the waits, the run records and the poll leases are kept. */
  readonly runState: RunStateTable;
  readonly logRetention: logs.RetentionDays;
  readonly code?: lambda.Code;
}

/**
 * What completes the jobnets' waiting tasks (contract/waits.ts): the wait matcher, fed by
 * EventBridge rules for AWS's own events, and the poller with its poll queue (status checks,
 * target health) and its 5-minute sweep (lost events). The task functions register their
 * waits in the same table and start poll chains on the same queue (`resources`).
 */
export class EventDrivenWaits extends Construct {
  readonly matcher: WaitMatcher;
  readonly poller: WaitPoller;
  /** The table and queue the task functions share with the matcher and the poller. */
  readonly resources: WaitResources;

  constructor(scope: Construct, id: string, props: EventDrivenWaitsProps) {
    super(scope, id);
    const { runState, logRetention, code } = props;
    this.poller = new WaitPoller(this, 'Poller', {
      systems: props.systems,
      runState,
      logRetention,
      code,
    });
    this.matcher = new WaitMatcher(this, 'Matcher', {
      runState,
      pollQueue: this.poller.queue,
      logRetention,
      code,
    });
    this.resources = { runState, pollQueue: this.poller.queue };
  }

  /** The dead-letter queues of the matcher and the poller, for their alarms. */
  get deadLetters(): Readonly<Record<'matcher' | 'poller', sqs.IQueue>> {
    return { matcher: this.matcher.deadLetters, poller: this.poller.deadLetters };
  }
}
