import { DescribeInstancesCommand, EC2Client, type InstanceStateName } from '@aws-sdk/client-ec2';
import {
  GetCommandInvocationCommand,
  SendCommandCommand,
  SSMClient,
  SSMServiceException,
} from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { runScript, type RunScriptEvent } from '../../../functions/run-script/run-script';
import { steppingClock } from '../../helpers/stepping-clock';

const ssmMock = mockClient(SSMClient);
const ec2Mock = mockClient(EC2Client);
const deps = () => ({
  ssm: new SSMClient({ region: 'us-east-1' }),
  ec2: new EC2Client({ region: 'us-east-1' }),
  clock: steppingClock(),
});
const instanceId = 'i-0123456789abcdef0';
const event = (overrides: Partial<RunScriptEvent> = {}): RunScriptEvent => ({
  step: 'StopApache',
  runId: 'run-1',
  instanceId,
  script: 'systemctl stop httpd\n\nsync',
  expect: 'success',
  whenNotRunning: 'skip',
  timeoutSeconds: 300,
  ...overrides,
});
const running = (state: InstanceStateName = 'running') =>
  ec2Mock.on(DescribeInstancesCommand).resolves({
    Reservations: [{ Instances: [{ InstanceId: instanceId, State: { Name: state } }] }],
  });

beforeEach(() => {
  ssmMock.reset();
  ec2Mock.reset();
  ssmMock.on(SendCommandCommand).resolves({ Command: { CommandId: 'cmd-1' } });
});

describe('runScript', () => {
  it('sends the script as AWS-RunShellScript lines and waits past a not-yet-visible invocation', async () => {
    running();
    ssmMock
      .on(GetCommandInvocationCommand)
      .rejectsOnce(
        new SSMServiceException({
          name: 'InvocationDoesNotExist',
          $fault: 'client',
          $metadata: {},
          message: '',
        }),
      )
      .resolvesOnce({ Status: 'InProgress', ResponseCode: -1 })
      .resolves({ Status: 'Success', ResponseCode: 0 });

    await expect(runScript(event(), deps())).resolves.toEqual({
      step: 'StopApache',
      instanceId,
      exitCode: 0,
    });
    expect(ssmMock).toHaveReceivedCommandWith(SendCommandCommand, {
      DocumentName: 'AWS-RunShellScript',
      InstanceIds: [instanceId],
      Parameters: { commands: ['systemctl stop httpd', 'sync'], executionTimeout: ['300'] },
      Comment: 'webapp-chatops run-1 StopApache',
    });
    expect(ssmMock).toHaveReceivedCommandTimes(GetCommandInvocationCommand, 3);
  });

  it('reads a check script answer from the exit code although Run Command says Failed', async () => {
    running();
    ssmMock
      .on(GetCommandInvocationCommand)
      .resolves({ Status: 'Failed', ResponseCode: 3, StandardOutputContent: 'inactive\n' });
    await expect(
      runScript(event({ step: 'CheckApacheStopped', expect: 'stopped' }), deps()),
    ).resolves.toMatchObject({
      answer: 'stopped',
      exitCode: 3,
    });
  });

  it('fails with the exit code and the tail of both outputs', async () => {
    running();
    const longOut = `${'x'.repeat(5000)}\nlast line of stdout`;
    ssmMock.on(GetCommandInvocationCommand).resolves({
      Status: 'Failed',
      ResponseCode: 1,
      StandardOutputContent: longOut,
      StandardErrorContent: 'httpd: could not stop',
    });
    const failure = runScript(event(), deps());
    await expect(failure).rejects.toMatchObject({ name: 'Jobnet.CommandFailed' });
    const message = ((await failure.catch((e: Error) => e)) as Error).message;
    expect(message).toMatch(
      new RegExp(`^StopApache failed on ${instanceId}: command Failed, exit code 1`),
    );
    expect(message).toContain('last line of stdout');
    expect(message).toContain('httpd: could not stop');
    expect(message.length).toBeLessThan(3500);
  });

  it('treats an unknown check answer as a failed command, not as an answer', async () => {
    running();
    ssmMock.on(GetCommandInvocationCommand).resolves({ Status: 'Failed', ResponseCode: 127 });
    await expect(runScript(event({ expect: 'stopped' }), deps())).rejects.toMatchObject({
      name: 'Jobnet.CommandFailed',
      message: expect.stringContaining('exit code 127'),
    });
  });

  it('skips a stopped instance on the stop jobnet and refuses one on the start jobnet', async () => {
    running('stopped');
    await expect(runScript(event(), deps())).resolves.toEqual({
      step: 'StopApache',
      instanceId,
      skipped: 'instance is stopped',
    });
    await expect(
      runScript(event({ step: 'StartApache', whenNotRunning: 'fail' }), deps()),
    ).rejects.toMatchObject({
      name: 'Jobnet.UnexpectedState',
    });
    expect(ssmMock).not.toHaveReceivedCommand(SendCommandCommand);
  });
});

describe('output beyond Run Command’s cap', () => {
  it('says the tail shown is not the end of the script’s output', async () => {
    running();
    ssmMock
      .on(GetCommandInvocationCommand)
      .resolves({ Status: 'Failed', ResponseCode: 1, StandardOutputContent: 'x'.repeat(24_000) });
    await expect(runScript(event(), deps())).rejects.toMatchObject({
      message: expect.stringContaining('kept only the first 24,000 characters'),
    });
  });
});
