import { EC2ServiceException } from '@aws-sdk/client-ec2';
import { JobnetError, JobnetErrors } from '../../../contract/errors';
import {
  ACTION_BACKOFF,
  backoffDelay,
  isTransientAwsError,
  retryTransient,
} from '../../../functions/lib/transient';
import { steppingClock } from '../../helpers/stepping-clock';

const awsError = (name: string, httpStatusCode: number) =>
  new EC2ServiceException({
    name,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode },
    message: `${name} happened`,
  });

describe('transient AWS errors', () => {
  it.each([
    ['RequestLimitExceeded', 503],
    ['ThrottlingException', 400],
    ['TooManyRequestsException', 429],
    ['InternalFailure', 500],
    ['ServiceUnavailable', 503],
    ['InternalError', 500],
  ])('counts %s (HTTP %i) as transient', (name, status) => {
    expect(isTransientAwsError(awsError(name, status))).toBe(true);
  });

  it.each([
    ['IncorrectInstanceState', 400],
    ['UnauthorizedOperation', 403],
    ['InvalidInstanceID.NotFound', 400],
  ])('counts the refusal %s as final', (name, status) => {
    expect(isTransientAwsError(awsError(name, status))).toBe(false);
  });

  it('counts a dropped connection as transient, a bug or a jobnet verdict as final', () => {
    expect(
      isTransientAwsError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })),
    ).toBe(true);
    expect(isTransientAwsError(new TypeError('x is undefined'))).toBe(false);
    expect(isTransientAwsError(new JobnetError(JobnetErrors.waitTimedOut, 'late'))).toBe(false);
  });

  it('backs off exponentially with full jitter, capped', () => {
    expect(backoffDelay(1, ACTION_BACKOFF, () => 1)).toBe(1_000);
    expect(backoffDelay(4, ACTION_BACKOFF, () => 1)).toBe(8_000);
    expect(backoffDelay(9, ACTION_BACKOFF, () => 1)).toBe(20_000);
    expect(backoffDelay(4, ACTION_BACKOFF, () => 0.5)).toBe(4_000);
  });

  it('tries again after transient errors and returns the answer', async () => {
    const clock = steppingClock();
    let calls = 0;
    const answer = await retryTransient(async () => {
      calls += 1;
      if (calls < 4) throw awsError('RequestLimitExceeded', 503);
      return 'ok';
    }, clock);
    expect(answer).toBe('ok');
    expect(clock.sleeps).toHaveLength(3);
  });

  it('does not retry a refusal', async () => {
    const clock = steppingClock();
    await expect(
      retryTransient(() => Promise.reject(awsError('IncorrectInstanceState', 400)), clock),
    ).rejects.toMatchObject({ name: 'IncorrectInstanceState' });
    expect(clock.sleeps).toEqual([]);
  });

  it('renames an error that outlasts its tries Jobnet.AwsUnavailable, keeping its name', async () => {
    const clock = steppingClock();
    await expect(
      retryTransient(
        () => Promise.reject(awsError('ThrottlingException', 400)),
        clock,
        ACTION_BACKOFF,
        () => 1,
      ),
    ).rejects.toMatchObject({
      name: JobnetErrors.awsUnavailable,
      message:
        'ThrottlingException: ThrottlingException happened (still failing after 7 tries over 51 s)',
    });
    expect(clock.sleeps).toHaveLength(6);
  });
});
