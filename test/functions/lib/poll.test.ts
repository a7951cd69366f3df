import {
  COMMAND_CADENCE,
  INSTANCE_CADENCE,
  nextPollDelay,
  waitFor,
} from '../../../functions/lib/poll';
import { EC2ServiceException } from '@aws-sdk/client-ec2';
import { steppingClock } from '../../helpers/stepping-clock';

const throttled = () =>
  new EC2ServiceException({
    name: 'RequestLimitExceeded',
    $fault: 'client',
    $metadata: { httpStatusCode: 503 },
    message: 'Request limit exceeded.',
  });

describe('nextPollDelay', () => {
  it('starts at the minimum, grows with the time waited, and stops at the maximum', () => {
    expect(nextPollDelay(0, INSTANCE_CADENCE)).toBe(1_000);
    expect(nextPollDelay(100_000, INSTANCE_CADENCE)).toBe(5_000);
    expect(nextPollDelay(3_600_000, INSTANCE_CADENCE)).toBe(10_000);
    expect(nextPollDelay(0, COMMAND_CADENCE)).toBe(250);
  });
});

describe('waitFor', () => {
  it('returns the value as soon as the observation is done, looking first without waiting', async () => {
    const clock = steppingClock();
    const value = await waitFor(async () => ({ done: true, value: 'stopped' }), {
      what: 'x',
      timeoutMs: 1000,
      cadence: INSTANCE_CADENCE,
      clock,
    });
    expect(value).toBe('stopped');
    expect(clock.sleeps).toEqual([]);
  });

  it('notices a change within the cadence ratio of the time it took', async () => {
    const clock = steppingClock();
    const readyAt = 45_000;
    await waitFor(
      async () =>
        clock.now() >= readyAt ? { done: true, value: 1 } : { done: false, seen: 'stopping' },
      { what: 'x', timeoutMs: 600_000, cadence: INSTANCE_CADENCE, clock },
    );
    const delay = clock.now() - readyAt;
    expect(delay).toBeLessThanOrEqual(readyAt * INSTANCE_CADENCE.ratio);
  });

  it('gives up at the timeout with Jobnet.WaitTimedOut naming what and the last state seen', async () => {
    const clock = steppingClock();
    await expect(
      waitFor(async () => ({ done: false, seen: 'stopping' }), {
        what: 'i-0abc to be stopped',
        timeoutMs: 60_000,
        cadence: INSTANCE_CADENCE,
        clock,
      }),
    ).rejects.toMatchObject({
      name: 'Jobnet.WaitTimedOut',
      message: expect.stringMatching(/i-0abc to be stopped after 60 s .*last seen: stopping/),
    });
    expect(clock.now()).toBe(60_000);
  });

  it('keeps waiting through looks that fail transiently', async () => {
    const clock = steppingClock();
    let looks = 0;
    const value = await waitFor(
      async () => {
        looks += 1;
        if (looks <= 3) throw throttled();
        return { done: true, value: 'stopped' };
      },
      { what: 'x', timeoutMs: 600_000, cadence: INSTANCE_CADENCE, clock },
    );
    expect(value).toBe('stopped');
    expect(clock.sleeps).toHaveLength(3);
  });

  it('says the last look failed when throttling lasts until the timeout', async () => {
    const clock = steppingClock();
    await expect(
      waitFor(() => Promise.reject(throttled()), {
        what: 'i-0abc to be stopped',
        timeoutMs: 60_000,
        cadence: INSTANCE_CADENCE,
        clock,
      }),
    ).rejects.toMatchObject({
      name: 'Jobnet.WaitTimedOut',
      message: expect.stringMatching(/last seen: no answer \(RequestLimitExceeded\)/),
    });
  });

  it('fails at once on a look that is refused', async () => {
    const clock = steppingClock();
    const denied = Object.assign(throttled(), { name: 'UnauthorizedOperation' });
    denied.$metadata.httpStatusCode = 403;
    await expect(
      waitFor(() => Promise.reject(denied), {
        what: 'x',
        timeoutMs: 60_000,
        cadence: INSTANCE_CADENCE,
        clock,
      }),
    ).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
    expect(clock.sleeps).toEqual([]);
  });
});
