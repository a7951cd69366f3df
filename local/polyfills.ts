/**
 * aws-local-stepfunctions 3 calls `Promise.withResolvers` (Node 22+) in every Task state.
 * Node 20 lacks it, so the local runner, the tests and the benchmark install this first.
 */
export function installPromiseWithResolvers(): void {
  const promiseCtor = Promise as unknown as { withResolvers?: unknown };
  if (typeof promiseCtor.withResolvers === 'function') return;
  promiseCtor.withResolvers = function withResolvers<T>() {
    let resolve!: (value: T | PromiseLike<T>) => void;
    let reject!: (reason?: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}
