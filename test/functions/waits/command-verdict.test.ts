import { GetCommandInvocationCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import type { WaitItem } from '../../../contract/waits';
import { judgeCommandWait, verdictFromStatus } from '../../../functions/waits/command-verdict';

const ssmMock = mockClient(SSMClient);
const ssm = new SSMClient({ region: 'us-east-1' });
beforeEach(() => ssmMock.reset());

const wait = (expected: WaitItem['expect'], step = 'CheckApache'): WaitItem => ({
  pk: 'wait#command#c-1#i-0abc',
  kind: 'command',
  resource: 'c-1',
  instanceId: 'i-0abc',
  target: 'finished',
  token: 't',
  step,
  expect: expected,
  expiresAt: 0,
});

describe('judging a finished command', () => {
  it.each([
    ['success', { step: 'CheckApache', instanceId: 'i-0abc', exitCode: 0 }],
    ['running', { step: 'CheckApache', instanceId: 'i-0abc', exitCode: 0, answer: 'running' }],
  ] as const)('passes a Success expecting %s without asking Run Command', (expected, output) => {
    expect(verdictFromStatus(wait(expected), 'Success')).toEqual({ ok: true, output });
  });

  it.each([
    ['stopped', 'Success'],
    ['success', 'Failed'],
    ['running', 'TimedOut'],
  ] as const)(
    'needs the exit code for a check expecting %s that reported %s',
    (expected, status) => {
      expect(verdictFromStatus(wait(expected), status)).toBeUndefined();
    },
  );

  it('passes a check answering stopped (exit 3, which Run Command reports as Failed)', async () => {
    ssmMock.on(GetCommandInvocationCommand).resolves({ Status: 'Failed', ResponseCode: 3 });

    const verdict = await judgeCommandWait(wait('stopped'), 'Failed', ssm);

    expect(verdict).toEqual({
      ok: true,
      output: { step: 'CheckApache', instanceId: 'i-0abc', exitCode: 3, answer: 'stopped' },
    });
    expect(ssmMock.commandCalls(GetCommandInvocationCommand)[0].args[0].input).toEqual({
      CommandId: 'c-1',
      InstanceId: 'i-0abc',
    });
  });

  it('fails a check whose answer is not the expected one, as Jobnet.CheckFailed', async () => {
    ssmMock
      .on(GetCommandInvocationCommand)
      .resolves({ Status: 'Success', ResponseCode: 0, StandardOutputContent: 'active' });

    const verdict = await judgeCommandWait(wait('stopped'), 'Success', ssm);

    expect(verdict).toEqual({
      ok: false,
      error: 'Jobnet.CheckFailed',
      cause: expect.stringMatching(/^CheckApache on i-0abc: Apache is running, expected stopped/),
    });
  });

  it('does not judge an invocation Run Command still reports as running', async () => {
    ssmMock.on(GetCommandInvocationCommand).resolves({ Status: 'InProgress', ResponseCode: -1 });

    await expect(judgeCommandWait(wait('success'), 'Failed', ssm)).rejects.toThrow(
      /still InProgress/,
    );
  });
});
