/** What a power step does next, from the state EC2 answered the stop or start with. */
export type PowerVerdict = 'done' | 'wait' | 'status' | 'fail';

const GONE = new Set(['shutting-down', 'terminated', 'unknown']);

/**
 * - stop: `stopped` is done; `stopping` waits for the event; an instance going away fails.
 * - start: `running` goes on to its status checks; `pending` waits for the running event.
 */
export function judgePower(action: 'stop' | 'start', state: string): PowerVerdict {
  if (GONE.has(state)) return 'fail';
  if (action === 'stop') return state === 'stopped' ? 'done' : 'wait';
  return state === 'running' ? 'status' : 'wait';
}
