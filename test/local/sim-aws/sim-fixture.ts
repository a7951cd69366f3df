// Imported from the modules, not the index, so suites that do not need the SDK clients
// do not pay for loading all five of them.
import { SimulatedAccount } from '../../../local/sim-aws/account';
import { SimApiError } from '../../../local/sim-aws/errors';
import type { SimTimings } from '../../../local/sim-aws/types';

/** A clock the test sets by hand; starts at a fixed, readable instant. */
export class ManualClock {
  t = Date.UTC(2025, 0, 6, 9, 0, 0);
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

/** A fresh account on a manual clock, with optional timing overrides. */
export function newAccount(timings: Partial<SimTimings> = {}): {
  clock: ManualClock;
  account: SimulatedAccount;
  t0: number;
} {
  const clock = new ManualClock();
  return { clock, account: new SimulatedAccount({ clock, timings }), t0: clock.t };
}

/** The SimApiError a promise rejects with (fails the test if it resolves or throws another). */
export async function apiError(promise: Promise<unknown>): Promise<SimApiError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof SimApiError)) throw new Error(`expected a SimApiError, got ${String(err)}`);
  return err;
}
