import type { HistoryEvent, HistoryEventType } from '@aws-sdk/client-sfn';

/** History events of a run, as Step Functions records them, for the cancel tests. */
const at = (id: number) => new Date(Date.UTC(2025, 10, 29, 22, 0, id));

export const APPROVAL_TOKEN = `AQC${'t'.repeat(400)}`;

export function entered(
  id: number,
  name: string,
  type: HistoryEventType = 'TaskStateEntered',
): HistoryEvent {
  return {
    id,
    previousEventId: id - 1,
    type,
    timestamp: at(id),
    stateEnteredEventDetails: { name, input: '{}' },
  };
}

export function approvalScheduled(id: number, token = APPROVAL_TOKEN): HistoryEvent {
  return {
    id,
    previousEventId: id - 1,
    type: 'TaskScheduled',
    timestamp: at(id),
    taskScheduledEventDetails: {
      resourceType: 'lambda',
      resource: 'invoke.waitForTaskToken',
      region: 'us-east-1',
      parameters: JSON.stringify({ FunctionName: 'f', Payload: { taskToken: token } }),
    },
  };
}

export function approvalSucceeded(id: number): HistoryEvent {
  return {
    id,
    previousEventId: id - 1,
    type: 'TaskSucceeded',
    timestamp: at(id),
    taskSucceededEventDetails: {
      resourceType: 'lambda',
      resource: 'invoke.waitForTaskToken',
      output: JSON.stringify({ approvedBy: 'U0APPROVER' }),
    },
  };
}

export function aborted(id: number, cause: string): HistoryEvent {
  return {
    id,
    previousEventId: id - 1,
    type: 'ExecutionAborted',
    timestamp: at(id),
    executionAbortedEventDetails: { error: 'Jobnet.Cancelled', cause },
  };
}

export const started: HistoryEvent = {
  id: 1,
  type: 'ExecutionStarted',
  timestamp: at(1),
  executionStartedEventDetails: { input: '{}' },
};

/** Prepare done, the plan's approval waiting. */
export const waitingForApproval: HistoryEvent[] = [
  started,
  entered(2, 'Prepare'),
  {
    id: 3,
    previousEventId: 2,
    type: 'TaskStateExited',
    timestamp: at(3),
    stateExitedEventDetails: { name: 'Prepare', output: '{}' },
  },
  entered(4, 'Approval'),
  approvalScheduled(5),
];

/** Approved; the maintenance page is going up. */
export const changingThings: HistoryEvent[] = [
  ...waitingForApproval,
  approvalSucceeded(6),
  {
    id: 7,
    previousEventId: 6,
    type: 'TaskStateExited',
    timestamp: at(7),
    stateExitedEventDetails: { name: 'Approval', output: '{}' },
  },
  entered(8, 'PutMaintenancePage'),
];

/** Still in Prepare: no approval asked yet. */
export const preparing: HistoryEvent[] = [started, entered(2, 'Prepare')];
