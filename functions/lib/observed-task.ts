import { recordStepDuration } from '../../observability/app-metrics';
import { instrument, type InstrumentedHandler, type RunKeys } from '../../observability/instrument';
import type { Powertools } from '../../observability/powertools';

/**
 * What the state machine adds to every task function's payload so its logs name the run:
 * `$$.Execution.Id`, and the run's id and system once Prepare has validated the input.
 */
export interface TaskRunKeys {
  readonly step: string;
  readonly executionArn?: string;
  readonly runId?: string;
  readonly system?: string;
}

/** The run keys of a task payload, plus the resource the step works on. */
export function taskKeys(event: TaskRunKeys, resource?: string): RunKeys {
  const { executionArn, runId, system, step } = event;
  return { executionArn, runId, system, step, resource };
}

/**
 * A task function's handler: every log line carries the run keys, each invocation ends with one
 * line saying how the step went (with `summary` of what it returned) and how long it took, and
 * the step's duration is a metric (StepDurationSeconds by Step), failed steps included.
 */
export function observedTask<E extends TaskRunKeys, R>(
  tools: Powertools,
  run: (event: E) => Promise<R>,
  keys: (event: E) => RunKeys = (event) => taskKeys(event),
  summary?: (result: R) => Record<string, unknown>,
): InstrumentedHandler<E, R> {
  // By event, not in one variable: the local mode runs invocations of one handler side by side.
  const results = new WeakMap<E, R>();
  const kept = async (event: E) => {
    const result = await run(event);
    results.set(event, result);
    return result;
  };
  return instrument(tools, kept, {
    keys,
    ended: (event, { seconds, failed }) => {
      const result = results.get(event);
      results.delete(event);
      const fields = summary && result !== undefined ? summary(result) : {};
      tools.logger.info(failed ? 'Step failed' : 'Step done', {
        ...fields,
        durationSeconds: seconds,
      });
      if (event.step) recordStepDuration(tools.metrics, event.step, seconds);
    },
  });
}
