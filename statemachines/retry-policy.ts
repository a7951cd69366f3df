import { isDeepStrictEqual } from 'node:util';
import { JobnetErrors } from '../contract/errors';
import { THROTTLING_ERROR_CODES } from '../contract/waits';
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
 * What every Task that invokes a function also retries (the approval requester reads the plan
 * from DynamoDB): an AWS API that kept throttling or failing
 * through the function's own tries (functions/lib/transient.ts), and the throttling errors by
 * their codes, should one reach Step Functions unmapped. With the function's tries inside each
 * attempt, a run rides out about ten minutes of throttling.
 */
export const AWS_UNAVAILABLE_RETRY: Retrier = {
  ErrorEquals: [JobnetErrors.awsUnavailable, ...THROTTLING_ERROR_CODES],
  IntervalSeconds: 15,
  MaxAttempts: 5,
  BackoffRate: 2,
  MaxDelaySeconds: 120,
  JitterStrategy: 'FULL',
};

/**
 * What a step that changes an instance or the DB cluster also retries: the resource was in a
 * state the service refuses the change from for now (an instance still pending, a cluster still
 * backing-up). Asked again a little later, with a new wait.
 */
export const RESOURCE_BUSY_RETRY: Retrier = {
  ErrorEquals: [JobnetErrors.resourceBusy],
  IntervalSeconds: 20,
  MaxAttempts: 10,
  BackoffRate: 1.5,
  MaxDelaySeconds: 120,
  JitterStrategy: 'FULL',
};

/**
 * For each AWS SDK service integration the definitions call (`arn:aws:states:::aws-sdk:<service>:…`),
 * the retry of that service's transient errors, throttling included, by the names Step Functions
 * gives them (`<Service>.<Code>`). A Task calling a service not listed here is reported, so a new
 * integration comes with its own decision about what is transient.
 */
export const SDK_TRANSIENT_RETRY: Readonly<Record<string, Retrier>> = {
  backup: {
    ErrorEquals: [
      'Backup.ServiceUnavailableException',
      'Backup.LimitExceededException',
      ...THROTTLING_ERROR_CODES.map((code) => `Backup.${code}`),
    ],
    IntervalSeconds: 2,
    MaxAttempts: 6,
    BackoffRate: 2,
    MaxDelaySeconds: 60,
    JitterStrategy: 'FULL',
  },
};

/** Functions whose step changes an instance's or the cluster's state. */
const CHANGING_FUNCTIONS = new Set(['${InstancePowerFunctionArn}', '${DbClusterFunctionArn}']);
const LAMBDA_RESOURCE = /^arn:aws:states:::lambda:invoke(\.waitForTaskToken)?$/;
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

/** The retriers a Task must carry, judged by what it calls, or why none is known. */
function requiredRetries(state: TaskState): readonly Retrier[] | string {
  const resource = state.Resource;
  if (LAMBDA_RESOURCE.test(resource)) {
    const fn = (state.Parameters as { FunctionName?: unknown } | undefined)?.FunctionName;
    return CHANGING_FUNCTIONS.has(String(fn))
      ? [LAMBDA_SERVICE_RETRY, AWS_UNAVAILABLE_RETRY, RESOURCE_BUSY_RETRY]
      : [LAMBDA_SERVICE_RETRY, AWS_UNAVAILABLE_RETRY];
  }
  const service = SDK_RESOURCE.exec(resource)?.[1];
  if (service === undefined) return `calls ${resource}, for which the retry policy has no rule`;
  const retrier = SDK_TRANSIENT_RETRY[service];
  return retrier
    ? [retrier]
    : `calls aws-sdk:${service}, whose transient errors the retry policy does not list`;
}

/**
 * Every Task that does not retry as the policy says: each Lambda-invoking Task must carry
 * {@link LAMBDA_SERVICE_RETRY} exactly (and a task function {@link AWS_UNAVAILABLE_RETRY}),
 * each SDK integration its service's {@link SDK_TRANSIENT_RETRY}; further retriers are
 * allowed. Empty when all comply.
 */
export function retryPolicyViolations(definition: StateMachineScope): RetryViolation[] {
  return taskStates(definition).flatMap(({ path, state }) => {
    const required = requiredRetries(state);
    if (typeof required === 'string') return [{ state: path, problem: required }];
    return required
      .filter((needed) => !(state.Retry ?? []).some((r) => isDeepStrictEqual(r, needed)))
      .map((missing) => ({
        state: path,
        problem: `does not retry ${missing.ErrorEquals.join(', ')} as the policy says: ${JSON.stringify(missing)}`,
      }));
  });
}
