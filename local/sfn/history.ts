import type { HistoryEvent } from '@aws-sdk/client-sfn';
import type { EventLog, LocalExecution } from './local-step-functions';

/** A task waiting for its token, as the broker lists it. */
export interface WaitingTask {
  readonly token: string;
  readonly executionArn: string;
  readonly stateName: string;
  readonly payload: unknown;
}

/**
 * The execution history Step Functions would return (GetExecutionHistory), rebuilt from the
 * interpreter's event log: state entered/exited events with their JSON input and output, task
 * failures linked to the state they belong to, the end of the execution, and — for a task
 * waiting on a token — the TaskScheduled event whose parameters carry the token. The bot and
 * the progress notifier read this exactly as they read the service's history.
 */
export function historyOf(
  execution: LocalExecution,
  waiting: readonly WaitingTask[],
): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  const enteredIds = new Map<string, number>();
  const push = (
    at: number,
    event: Omit<HistoryEvent, 'id' | 'timestamp' | 'previousEventId'>,
    previous?: number,
  ) => {
    const id = events.length + 1;
    events.push({
      id,
      previousEventId: previous ?? id - 1,
      timestamp: new Date(at),
      ...event,
    } as HistoryEvent);
    return id;
  };
  const key = (name: string, input: unknown) => `${name}|${JSON.stringify(input)}`;
  for (const e of execution.events as EventLog[]) {
    switch (e.type) {
      case 'ExecutionStarted':
        // A second start is the local emulation of a redrive (a rerun of the same execution).
        if (events.length > 0) {
          push(e.timestamp, {
            type: 'ExecutionRedriven',
            executionRedrivenEventDetails: { redriveCount: execution.redriveCount },
          });
        } else {
          push(
            e.timestamp,
            {
              type: 'ExecutionStarted',
              executionStartedEventDetails: { input: JSON.stringify(e.input) },
            },
            0,
          );
        }
        break;
      case 'StateEntered': {
        const id = push(e.timestamp, {
          type: `${e.state.type}StateEntered` as HistoryEvent['type'],
          stateEnteredEventDetails: { name: e.state.name, input: JSON.stringify(e.state.input) },
        });
        enteredIds.set(key(e.state.name, e.state.input), id);
        break;
      }
      case 'StateFailed':
        if (e.state.type === 'Task') {
          push(
            e.timestamp,
            {
              type: 'TaskFailed',
              taskFailedEventDetails: {
                resourceType: 'lambda',
                resource: 'invoke',
                error: e.Error,
                cause: String(e.Cause ?? ''),
              },
            },
            enteredIds.get(key(e.state.name, e.state.input)),
          );
        }
        break;
      case 'StateExited':
        push(
          e.timestamp,
          {
            type: `${e.state.type}StateExited` as HistoryEvent['type'],
            stateExitedEventDetails: {
              name: e.state.name,
              output: JSON.stringify(e.state.output ?? null),
            },
          },
          enteredIds.get(key(e.state.name, e.state.input)),
        );
        break;
      case 'ExecutionSucceeded':
        push(e.timestamp, {
          type: 'ExecutionSucceeded',
          executionSucceededEventDetails: { output: JSON.stringify(e.output) },
        });
        break;
      case 'ExecutionFailed':
        push(e.timestamp, {
          type: 'ExecutionFailed',
          executionFailedEventDetails: { error: e.Error, cause: String(e.Cause ?? '') },
        });
        break;
      default:
        break;
    }
  }
  for (const task of waiting.filter((w) => w.executionArn === execution.executionArn)) {
    const entered = [...events]
      .reverse()
      .find((ev) => ev.stateEnteredEventDetails?.name === task.stateName);
    push(
      Date.now(),
      {
        type: 'TaskScheduled',
        taskScheduledEventDetails: {
          resourceType: 'lambda',
          resource: 'invoke.waitForTaskToken',
          region: execution.executionArn.split(':')[3],
          parameters: JSON.stringify({
            Payload: { ...(task.payload as object), taskToken: task.token },
          }),
        },
      },
      entered?.id,
    );
  }
  return events;
}
