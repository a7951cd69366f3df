import { LOCAL_RUN_STATE_TABLE } from '../../../local/local-dynamodb';
import { waitKeys } from '../../../contract/waits';
import { STALE_CHAIN_MS, WaitStore } from '../../../functions/waits/wait-store';
import { useLocalDynamoDB } from '../../helpers/local-dynamodb';
import {
  commandWait,
  executionArn,
  instanceWait,
  statusWait,
  testClock,
  uniqueCommandId,
  uniqueInstanceId,
  type TestClock,
} from '../../helpers/wait-fixtures';

const db = useLocalDynamoDB();
let clock: TestClock;
let store: WaitStore;
beforeEach(() => {
  clock = testClock();
  store = new WaitStore({ ddb: db.client(), tableName: LOCAL_RUN_STATE_TABLE, clock });
});

describe('registering waits', () => {
  it('fills in the registration time, deadline, pending kind and expiry', async () => {
    const id = uniqueInstanceId();
    const item = await store.registerBeforeAct(instanceWait(id, 'stopped'));

    expect(item).toMatchObject({
      pk: waitKeys.instance(id, 'stopped'),
      registeredAt: clock.now(),
      deadline: clock.now() + 900_000,
      pending: 'instance',
      expiresAt: Math.floor(clock.now() / 1000) + 14 * 86_400,
    });
    expect(await store.get(item.pk)).toEqual(item);
  });

  it('lets a re-registration (a redrive) replace the old waiter and what it saw', async () => {
    const id = uniqueInstanceId();
    const first = await store.registerBeforeAct(instanceWait(id, 'stopped'));
    await store.observe(
      first.pk,
      { state: 'stopped', at: clock.now(), by: 'event' },
      {
        requireWaiter: true,
      },
    );
    expect(await store.claim(first, 'success')).toBe(true);

    clock.advance(60_000);
    await store.registerBeforeAct(instanceWait(id, 'stopped', { token: 'redrive-token' }));

    const now = await store.get(first.pk);
    expect(now).toMatchObject({ token: 'redrive-token', pending: 'instance' });
    expect(now).not.toHaveProperty('observed');
    expect(now).not.toHaveProperty('completedAt');
  });

  it('keeps a command end observed before the command wait registers', async () => {
    const cmd = uniqueCommandId();
    const inst = uniqueInstanceId();
    const pk = waitKeys.command(cmd, inst);
    const seen = { state: 'Success', at: clock.now(), by: 'event' as const };
    const recorded = await store.observe(pk, seen, {
      requireWaiter: false,
      subject: { kind: 'command', resource: cmd, instanceId: inst, target: 'finished' },
    });
    expect(recorded).toMatchObject({ kind: 'command', resource: cmd, observed: seen });
    expect(recorded).not.toHaveProperty('token');
    expect(recorded).not.toHaveProperty('pending');

    clock.advance(200);
    const registered = await store.registerCommand(commandWait(cmd, inst));

    expect(registered).toMatchObject({
      token: `token-${cmd}`,
      pending: 'command',
      expect: 'success',
      step: 'StopApache',
      registeredAt: clock.now(),
      observed: seen,
    });
  });
});

describe('observing', () => {
  it('records nothing where no waiter is registered, when asked to require one', async () => {
    const pk = waitKeys.instance(uniqueInstanceId(), 'running');
    const out = await store.observe(
      pk,
      { state: 'running', at: clock.now(), by: 'event' },
      {
        requireWaiter: true,
      },
    );
    expect(out).toBeUndefined();
    expect(await store.get(pk)).toBeUndefined();
  });

  it('leaves a wait alone when what was seen happened in a second before its registration', async () => {
    const registered = await store.registerBeforeAct(instanceWait(uniqueInstanceId(), 'stopped'));
    const seen = (at: number) => ({ state: 'stopped', at, by: 'event' as const });
    const secondOfRegistration = Math.floor(clock.now() / 1000) * 1000;

    const stale = await store.observe(registered.pk, seen(secondOfRegistration - 1000), {
      requireWaiter: true,
      seenAt: secondOfRegistration - 1000,
    });
    const sameSecond = await store.observe(registered.pk, seen(secondOfRegistration), {
      requireWaiter: true,
      seenAt: secondOfRegistration,
    });

    expect(stale).toBeUndefined();
    expect(sameSecond?.observed).toEqual(seen(secondOfRegistration));
  });
});

describe('claiming', () => {
  it('lets exactly one of two claims of the same wait through, and takes it off the index', async () => {
    const item = await store.registerBeforeAct(instanceWait(uniqueInstanceId(), 'stopped'));

    const claims = await Promise.all([store.claim(item, 'success'), store.claim(item, 'success')]);

    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await store.get(item.pk)).toMatchObject({
      completedAt: clock.now(),
      outcome: 'success',
    });
    expect((await store.pending('instance')).map((w) => w.pk)).not.toContain(item.pk);
  });

  it('refuses a claim by a superseded token', async () => {
    const id = uniqueInstanceId();
    const old = await store.registerBeforeAct(instanceWait(id, 'stopped'));
    await store.registerBeforeAct(instanceWait(id, 'stopped', { token: 'new-token' }));

    expect(await store.claim(old, 'success')).toBe(false);
  });

  it('undoes its own claim, so a later attempt can claim again', async () => {
    const item = await store.registerBeforeAct(instanceWait(uniqueInstanceId(), 'stopped'));
    const at = clock.now();
    expect(await store.claim(item, 'success', at)).toBe(true);

    await store.unclaim({ ...item, completedAt: at });

    const back = await store.get(item.pk);
    expect(back).toMatchObject({ pending: 'instance' });
    expect(back).not.toHaveProperty('completedAt');
    expect(back).not.toHaveProperty('outcome');
    expect(await store.claim(item, 'success')).toBe(true);
  });

  it("does not undo someone else's claim", async () => {
    const item = await store.registerBeforeAct(instanceWait(uniqueInstanceId(), 'stopped'));
    const theirs = clock.now();
    await store.claim(item, 'success', theirs);

    await store.unclaim({ ...item, completedAt: theirs - 5 });

    expect(await store.get(item.pk)).toMatchObject({ completedAt: theirs });
  });
});

describe('pending waits', () => {
  it('lists the waits of a kind across pages, and those of one run', async () => {
    const otherRun = executionArn('start-shop-20261202T2300-feedbeef');
    const ids = Array.from({ length: 3 }, () => uniqueInstanceId());
    for (const id of ids) await store.registerBeforeAct(statusWait(id));
    await store.registerBeforeAct(statusWait(uniqueInstanceId(), { executionArn: otherRun }));

    const paged = new WaitStore({
      ddb: db.client(),
      tableName: LOCAL_RUN_STATE_TABLE,
      clock,
      pageSize: 2,
    });
    const all = await paged.pending('status');
    const ofRun = await paged.pendingOfRun('status', executionArn());

    expect(all.map((w) => w.resource)).toEqual(expect.arrayContaining(ids));
    expect(all.some((w) => w.executionArn === otherRun)).toBe(true);
    expect(ofRun.map((w) => w.resource)).toEqual(expect.arrayContaining(ids));
    expect(ofRun.every((w) => w.executionArn === executionArn())).toBe(true);
  });

  it('drops a wait from the pending list without completing it', async () => {
    const item = await store.registerBeforeAct(instanceWait(uniqueInstanceId(), 'running'));

    expect(await store.drop(item)).toBe(true);
    expect(await store.drop(item)).toBe(false);
    const after = await store.get(item.pk);
    expect(after).not.toHaveProperty('pending');
    expect(after).not.toHaveProperty('completedAt');
  });
});

describe('moving a started instance to its status checks', () => {
  it('puts the same token under the status key a minute after running, and claims the instance wait', async () => {
    const id = uniqueInstanceId();
    const running = await store.registerBeforeAct(instanceWait(id, 'running', { then: 'status' }));
    const runningAt = clock.now() + 30_000;
    clock.advance(31_000);

    const moved = await store.moveToStatus(running, runningAt);

    expect(moved).toMatchObject({
      pk: waitKeys.status(id),
      kind: 'status',
      token: running.token,
      pending: 'status',
      notBefore: runningAt + 60_000,
      deadline: running.deadline,
      step: 'StartInstance',
    });
    expect(await store.get(waitKeys.status(id))).toEqual(moved);
    expect(await store.get(running.pk)).toMatchObject({ outcome: 'success' });
  });

  it('moves once when two see the instance running, and never resets a status wait', async () => {
    const id = uniqueInstanceId();
    const running = await store.registerBeforeAct(instanceWait(id, 'running', { then: 'status' }));
    const first = await store.moveToStatus(running, clock.now());
    await store.claim(first!, 'success');

    clock.advance(90_000);
    const second = await store.moveToStatus(running, clock.now());

    expect(second).toBeUndefined();
    expect(await store.get(waitKeys.status(id))).toMatchObject({ outcome: 'success' });
  });
});

describe('the poll lease', () => {
  it('allows one live chain per run, and a new one once it is overdue', async () => {
    const arn = executionArn(`lease-${uniqueInstanceId()}`);
    const first = await store.startChain(arn, clock.now() + 60_000);
    expect(first).toBeDefined();
    expect(await store.startChain(arn, clock.now() + 60_000)).toBeUndefined();

    clock.advance(60_000 + STALE_CHAIN_MS + 1);
    const second = await store.startChain(arn, clock.now() + 1_000);

    expect(second).toBeDefined();
    expect(second).not.toEqual(first);
    expect(await store.renewChain(arn, first!, clock.now() + 5_000)).toBe(false);
    expect(await store.renewChain(arn, second!, clock.now() + 5_000)).toBe(true);
    expect(await store.getLease(arn)).toMatchObject({
      chain: second,
      nextPollAt: clock.now() + 5_000,
    });
  });

  it('supersedes a live chain that would poll much later than needed', async () => {
    const arn = executionArn(`lease-${uniqueInstanceId()}`);
    const late = await store.startChain(arn, clock.now() + 120_000);

    const early = await store.startChain(arn, clock.now() + 10_000);

    expect(early).toBeDefined();
    expect((await store.getLease(arn))?.chain).toBe(early);
    expect(late).not.toBe(early);
  });

  it('ends only its own chain, and not once a registrant relied on it since the given time', async () => {
    const arn = executionArn(`lease-${uniqueInstanceId()}`);
    const chain = (await store.startChain(arn, clock.now()))!;
    const pollStarted = clock.now();
    clock.advance(100);
    expect(await store.wantChain(arn)).toBe(true);

    expect(await store.endChain(arn, 'someone-else')).toBe(false);
    expect(await store.endChain(arn, chain, pollStarted)).toBe(false);
    expect(await store.endChain(arn, chain, clock.now() + 1)).toBe(true);
    expect(await store.getLease(arn)).toBeUndefined();
    expect(await store.wantChain(arn)).toBe(false);
  });
});

describe('the run record', () => {
  it('keeps the plan and the scripts for the later steps', async () => {
    const arn = executionArn(`record-${uniqueInstanceId()}`);
    const record = {
      plan: {
        jobnet: 'stop' as const,
        instances: [{ id: 'i-0abc', name: 'web-1', state: 'running' }],
        db: { id: 'shop-db', status: 'available' },
        maintenancePage: 'down' as const,
        targets: [{ id: 'i-0abc', state: 'healthy' }],
        changes: ['Stop web-1'],
      },
      scripts: { stop: 'systemctl stop httpd', start: 'systemctl start httpd', check: 'x' },
    };

    await store.putRunRecord(arn, record);

    expect(await store.getRunRecord(arn)).toEqual(record);
    expect(await store.getRunRecord(executionArn('never-prepared'))).toBeUndefined();
  });
});
