import { RunLock, START_GRACE_MS, type RunStatusOf } from '../../../bot/services/run-lock';
import { LOCAL_RUN_LOCK_TABLE } from '../../../local/local-dynamodb';
import { useLocalDynamoDB } from '../../helpers/local-dynamodb';

const dynamodb = useLocalDynamoDB();

let system = 0;
const nextSystem = () => `sys${(system += 1)}`;
const arn = (name: string) =>
  `arn:aws:states:us-east-1:123456789012:execution:webapp-chatops-stop:${name}`;

function lockWith(statuses: Record<string, string>, now = () => Date.now()) {
  const statusOf: RunStatusOf = async (executionArn) => statuses[executionArn];
  return new RunLock(dynamodb.client(), LOCAL_RUN_LOCK_TABLE, statusOf, now);
}

const holder = (system: string, name: string, jobnet = 'stop') => ({
  system,
  executionArn: arn(name),
  jobnet,
  requestedBy: 'U1',
});

describe('RunLock', () => {
  it('lets exactly one of 20 concurrent requests for one system take it', async () => {
    const s = nextSystem();
    const lock = lockWith({});
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        lock.acquire(holder(s, `run-${i}`, i % 2 ? 'start' : 'stop')),
      ),
    );
    expect(results.filter((r) => r.acquired)).toHaveLength(1);
    const holderNow = await lock.read(s);
    const refused = results.filter((r) => !r.acquired);
    expect(refused).toHaveLength(19);
    for (const r of refused) {
      if (!r.acquired) expect(r.holder.executionArn).toBe(holderNow?.executionArn);
    }
  });

  it('keeps separate systems apart', async () => {
    const lock = lockWith({});
    const [a, b] = await Promise.all([
      lock.acquire(holder(nextSystem(), 'a')),
      lock.acquire(holder(nextSystem(), 'b')),
    ]);
    expect(a.acquired && b.acquired).toBe(true);
  });

  it('refuses while the holder runs and names it', async () => {
    const s = nextSystem();
    const lock = lockWith({ [arn('first')]: 'RUNNING' });
    await lock.acquire(holder(s, 'first'));
    const second = await lock.acquire(holder(s, 'second', 'start'));
    expect(second).toMatchObject({
      acquired: false,
      starting: false,
      holder: { executionArn: arn('first'), jobnet: 'stop', requestedBy: 'U1' },
    });
  });

  it('refuses a holder still starting, replaces one that never started', async () => {
    const s = nextSystem();
    let now = 1_000_000;
    const lock = lockWith({}, () => now);
    await lock.acquire(holder(s, 'first'));
    expect(await lock.acquire(holder(s, 'second'))).toMatchObject({
      acquired: false,
      starting: true,
    });
    now += START_GRACE_MS + 1;
    expect(await lock.acquire(holder(s, 'second'))).toEqual({ acquired: true });
    expect((await lock.read(s))?.executionArn).toBe(arn('second'));
  });

  it.each(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'])(
    'replaces a holder whose run ended %s without a release',
    async (status) => {
      const s = nextSystem();
      const lock = lockWith({ [arn('gone')]: status });
      await lock.acquire(holder(s, 'gone'));
      expect(await lock.acquire(holder(s, 'next'))).toEqual({ acquired: true });
    },
  );

  it('lets one of 20 concurrent requests replace a gone holder', async () => {
    const s = nextSystem();
    const lock = lockWith({ [arn('gone')]: 'FAILED' });
    await lock.acquire(holder(s, 'gone'));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => lock.acquire(holder(s, `r${i}`))),
    );
    expect(results.filter((r) => r.acquired)).toHaveLength(1);
  });

  it('lets the same execution take it again (a redrive)', async () => {
    const s = nextSystem();
    const lock = lockWith({ [arn('run')]: 'RUNNING' });
    await lock.acquire(holder(s, 'run'));
    expect(await lock.acquire(holder(s, 'run'))).toEqual({ acquired: true });
  });

  it('is free again once the run ends and its end is reported', async () => {
    const s = nextSystem();
    const lock = lockWith({ [arn('run')]: 'RUNNING' });
    await lock.acquire(holder(s, 'run'));
    expect(await lock.release(s, arn('run'), Date.now() + 1)).toBe(true);
    expect(await lock.read(s)).toBeUndefined();
    expect(await lock.acquire(holder(s, 'next'))).toEqual({ acquired: true });
  });

  it('ignores the end of another run or of an attempt before a redrive', async () => {
    const s = nextSystem();
    let now = 5_000;
    const lock = lockWith({ [arn('run')]: 'RUNNING' }, () => now);
    await lock.acquire(holder(s, 'run'));
    expect(await lock.release(s, arn('other'), now + 1)).toBe(false);
    // The first attempt failed at 6,000; the redrive re-took the lock at 7,000; the failure's
    // event arrives only now.
    now = 7_000;
    await lock.acquire(holder(s, 'run'));
    expect(await lock.release(s, arn('run'), 6_000)).toBe(false);
    expect((await lock.read(s))?.acquiredAt).toBe(7_000);
  });
});
