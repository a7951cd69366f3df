import { awsErrorCode, JobnetError, JobnetErrors } from '../../contract/errors';
import { waitFor, type WaitOptions } from './poll';

/** done: target reached; ask: call the API (again); wait: look later; fail: cannot get there. */
export type Verdict =
  { kind: 'done' } | { kind: 'ask' } | { kind: 'wait' } | { kind: 'fail'; reason: string };

export interface ConvergeOptions<V> extends WaitOptions {
  /** Reads the resource. */
  readonly look: () => Promise<V>;
  /** Decides the next move from what was read. Pure. */
  readonly judge: (view: V) => Verdict;
  /** Asks for the change; false when the service refused it for now (ask again next look). */
  readonly ask: () => Promise<boolean>;
  /** The view as the timeout message shows it. */
  readonly seen: (view: V) => string;
  /** Prefix of a failure message: "StopInstance on i-0abc". */
  readonly where: string;
}

/**
 * Drives a resource to a target state: look, judge, ask when needed, look again on the
 * adaptive cadence until done, impossible (Jobnet.UnexpectedState) or out of time
 * (Jobnet.WaitTimedOut). Asking again is harmless, so each look re-asks while it is due.
 */
export async function converge<V>(o: ConvergeOptions<V>): Promise<{ view: V; changed: boolean }> {
  let changed = false;
  const view = await waitFor(async () => {
    const current = await o.look();
    const verdict = o.judge(current);
    if (verdict.kind === 'done') return { done: true as const, value: current };
    if (verdict.kind === 'fail') {
      throw new JobnetError(JobnetErrors.unexpectedState, `${o.where}: ${verdict.reason}`);
    }
    if (verdict.kind === 'ask') changed = (await o.ask()) || changed;
    return { done: false as const, seen: o.seen(current) };
  }, o);
  return { view, changed };
}

/** Sends a request; a refusal with `refusedCode` (wrong state, for now) returns false. */
export async function askUnlessRefused(
  send: () => Promise<unknown>,
  refusedCode: string,
): Promise<boolean> {
  try {
    await send();
    return true;
  } catch (error) {
    if (awsErrorCode(error) === refusedCode) return false;
    throw error;
  }
}
