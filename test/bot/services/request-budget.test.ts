import { OutOfTime, RequestBudget } from '../../../bot/services/request-budget';

describe('RequestBudget', () => {
  it('passes calls through outside a request', async () => {
    const budget = new RequestBudget();
    await expect(budget.call('x', async (signal) => signal)).resolves.toBeUndefined();
    expect(budget.remainingMs()).toBe(Infinity);
  });

  it('gives a stalled call up, aborting it, and leaves the reply margin', async () => {
    let now = 1_000;
    const budget = new RequestBudget(() => now, 300, 100);
    let aborted = false;
    const stalled = budget.run(
      () =>
        budget.call(
          'Step Functions',
          (signal) =>
            new Promise((_resolve, _reject) => {
              signal?.addEventListener('abort', () => (aborted = true));
            }),
        ),
      { startedAt: now, signedAt: 1 },
    );
    await expect(stalled).rejects.toEqual(new OutOfTime('Step Functions'));
    expect(aborted).toBe(true);
    now += 250;
    await expect(
      budget.run(() => budget.call('late', async () => 'never'), { startedAt: 1_000, signedAt: 1 }),
    ).rejects.toBeInstanceOf(OutOfTime);
  });

  it('returns an answer that comes in time and knows the signed timestamp', async () => {
    const budget = new RequestBudget(Date.now, 2_000, 100);
    const out = await budget.run(
      async () => [await budget.call('fast', async () => 'ok'), budget.signedAt()],
      { startedAt: Date.now(), signedAt: 1_764_453_600 },
    );
    expect(out).toEqual(['ok', 1_764_453_600]);
  });
});
