import { isDeepStrictEqual } from 'node:util';
import type { Retrier, State, StateMachineScope, TaskState } from './asl-types';

/**
 * The definitions stay plain JSON, readable and editable in Workflow Studio, so the same retry
 * blocks are written out in every Task. This module is the one statement of what those blocks
 * must be; a test holds every Task of both definitions to it.
 */

/**
 * What every Task that invokes a Lambda function retries: the Lambda service's own transient
 * errors, as AWS recommends for the `lambda:invoke` integration. A Task may retry more (the
 * approval also retries `Slack.Unavailable`), never less.
 */
export const LAMBDA_SERVICE_RETRY: Retrier = {
  ErrorEquals: [
    'Lambda.ServiceException',
    'Lambda.AWSLambdaException',
    'Lambda.SdkClientException',
    'Lambda.TooManyRequestsException',
  ],
  IntervalSeconds: 1,
  MaxAttempts: 3,
  BackoffRate: 2,
  JitterStrategy: 'FULL',
};

/**
 * For each AWS SDK service integration the definitions call (`arn:aws:states:::aws-sdk:<service>:…`),
 * the retry of that service's transient errors. A Task calling a service not listed here is
 * reported, so a new integration comes with its own decision about what is transient.
 */
export const SDK_TRANSIENT_RETRY: Readonly<Record<string, Retrier>> = {
  backup: {
    ErrorEquals: ['Backup.ServiceUnavailableException', 'Backup.LimitExceededException'],
    IntervalSeconds: 2,
    MaxAttempts: 3,
    BackoffRate: 2,
    JitterStrategy: 'FULL',
  },
};

const LAMBDA_RESOURCES = new Set([
  'arn:aws:states:::lambda:invoke',
  'arn:aws:states:::lambda:invoke.waitForTaskToken',
]);
const SDK_RESOURCE = /^arn:aws:states:::aws-sdk:([a-z0-9]+):/;

/** A Task state found in a definition, named by its path through Map and Parallel states. */
export interface FoundTask {
  readonly path: string;
  readonly state: TaskState;
}

/** A Task that breaks the retry policy, and how. */
export interface RetryViolation {
  readonly state: string;
  readonly problem: string;
}

/** Every Task state of a definition, including those inside Map processors and Parallel branches. */
export function taskStates(scope: StateMachineScope, prefix = ''): FoundTask[] {
  return Object.entries(scope.States).flatMap(([name, state]: [string, State]) => {
    const path = `${prefix}${name}`;
    if (state.Type === 'Task') return [{ path, state }];
    if (state.Type === 'Map') {
      const processor = state.ItemProcessor ?? state.Iterator;
      return processor ? taskStates(processor, `${path}/`) : [];
    }
    if (state.Type === 'Parallel') {
      return state.Branches.flatMap((branch) => taskStates(branch, `${path}/`));
    }
    return [];
  });
}

/** The retrier a Task must carry, judged by its resource, or why none is known. */
function requiredRetry(resource: string): Retrier | string {
  if (LAMBDA_RESOURCES.has(resource)) return LAMBDA_SERVICE_RETRY;
  const service = SDK_RESOURCE.exec(resource)?.[1];
  if (service === undefined) return `calls ${resource}, for which the retry policy has no rule`;
  return (
    SDK_TRANSIENT_RETRY[service] ??
    `calls aws-sdk:${service}, whose transient errors the retry policy does not list`
  );
}

/**
 * Every Task that does not retry as the policy says: each Lambda-invoking Task must carry
 * {@link LAMBDA_SERVICE_RETRY} exactly, each SDK integration its service's
 * {@link SDK_TRANSIENT_RETRY}; further retriers are allowed. Empty when all comply.
 */
export function retryPolicyViolations(definition: StateMachineScope): RetryViolation[] {
  return taskStates(definition).flatMap(({ path, state }) => {
    const required = requiredRetry(state.Resource);
    if (typeof required === 'string') return [{ state: path, problem: required }];
    if ((state.Retry ?? []).some((retrier) => isDeepStrictEqual(retrier, required))) return [];
    return [
      {
        state: path,
        problem: `does not retry ${required.ErrorEquals.join(', ')} as the policy says: ${JSON.stringify(required)}`,
      },
    ];
  });
}
