import { judgeInvocation } from '../../../functions/run-script/command-result';

const instanceId = 'i-0123456789abcdef0';

function failure(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

describe('judging a finished invocation', () => {
  it('passes exit code 0 with status Success when the step expects success', () => {
    expect(
      judgeInvocation('StopApache', instanceId, 'success', { status: 'Success', exitCode: 0 }),
    ).toEqual({ exitCode: 0 });
  });

  it('reads a check answer from the exit code although Run Command says Failed', () => {
    expect(
      judgeInvocation('CheckApacheStopped', instanceId, 'stopped', {
        status: 'Failed',
        exitCode: 3,
      }),
    ).toEqual({ exitCode: 3, answer: 'stopped' });
  });

  it('fails with the exit code and the tail of both outputs', () => {
    const error = failure(() =>
      judgeInvocation('StopApache', instanceId, 'success', {
        status: 'Failed',
        exitCode: 1,
        stdout: `${'x'.repeat(5000)}\nlast line of stdout`,
        stderr: 'httpd: could not stop',
      }),
    );

    expect(error.name).toBe('Jobnet.CommandFailed');
    expect(error.message).toMatch(
      new RegExp(`^StopApache failed on ${instanceId}: command Failed, exit code 1`),
    );
    expect(error.message).toContain('last line of stdout');
    expect(error.message).toContain('httpd: could not stop');
    expect(error.message.length).toBeLessThan(3500);
  });

  it('treats an unknown check answer as a failed command, not as an answer', () => {
    const error = failure(() =>
      judgeInvocation('CheckApacheStopped', instanceId, 'stopped', {
        status: 'Failed',
        exitCode: 127,
      }),
    );
    expect(error).toMatchObject({
      name: 'Jobnet.CommandFailed',
      message: expect.stringContaining('exit code 127'),
    });
  });

  it('fails a check answering the other state as Jobnet.CheckFailed', () => {
    const error = failure(() =>
      judgeInvocation('CheckApacheStopped', instanceId, 'stopped', {
        status: 'Success',
        exitCode: 0,
      }),
    );
    expect(error).toMatchObject({
      name: 'Jobnet.CheckFailed',
      message: expect.stringContaining('Apache is running, expected stopped'),
    });
  });

  it('says the tail shown is not the end of the output when Run Command cut stdout', () => {
    const error = failure(() =>
      judgeInvocation('StopApache', instanceId, 'success', {
        status: 'Failed',
        exitCode: 1,
        stdout: 'x'.repeat(24_000),
      }),
    );
    expect(error.message).toContain('kept only the first 24,000 characters');
  });
});
