import type { GetCommandInvocationResult, SendCommandResult } from '@aws-sdk/client-ssm';
import type { SimulatedAccount } from '../../../local/sim-aws';
import { apiError, newAccount } from './sim-fixture';

async function send(
  account: SimulatedAccount,
  instanceId: string,
  commands: string[],
  extra: Record<string, string[]> = {},
): Promise<string> {
  const out = (await account.call('ssm', 'SendCommand', {
    DocumentName: 'AWS-RunShellScript',
    InstanceIds: [instanceId],
    Parameters: { commands, ...extra },
    Comment: 'test',
  })) as SendCommandResult;
  return out.Command?.CommandId as string;
}

async function invocation(account: SimulatedAccount, commandId: string, instanceId: string) {
  return (await account.call('ssm', 'GetCommandInvocation', {
    CommandId: commandId,
    InstanceId: instanceId,
  })) as GetCommandInvocationResult;
}

describe('SSM Run Command lifecycle', () => {
  it('is invisible at first, then Pending, InProgress and Success with the output', async () => {
    // Prepare
    const { clock, account } = newAccount();
    const id = account.addInstance({});

    // Act
    const commandId = await send(account, id, ['echo hello', 'systemctl is-active httpd']);

    // Assess
    const early = await apiError(invocation(account, commandId, id));
    expect(early.code).toBe('InvocationDoesNotExist');
    clock.advance(200);
    expect(await invocation(account, commandId, id)).toMatchObject({
      Status: 'Pending',
      ResponseCode: -1,
      StandardOutputContent: '',
    });
    clock.advance(1800);
    expect(await invocation(account, commandId, id)).toMatchObject({
      Status: 'InProgress',
      ResponseCode: -1,
    });
    clock.advance(500);
    expect(await invocation(account, commandId, id)).toMatchObject({
      Status: 'Success',
      StatusDetails: 'Success',
      ResponseCode: 0,
      StandardOutputContent: 'hello\nactive\n',
      StandardErrorContent: '',
      ExecutionElapsedTime: 'PT0.5S',
    });
  });

  it('stops Apache apacheStopMs after delivery, and is-active then exits 3 as Failed', async () => {
    // Prepare
    const { clock, account, t0 } = newAccount();
    const id = account.addInstance({});
    await send(account, id, ['systemctl stop httpd']);
    clock.advance(10_000);

    // Act
    const check = await send(account, id, ['systemctl is-active httpd']);
    clock.advance(10_000);
    const out = await invocation(account, check, id);

    // Assess
    expect(account.history(`${id}/apache`)).toEqual([
      { at: t0, state: 'running' },
      { at: t0 + 2000 + 3000, state: 'stopped' },
    ]);
    expect(out).toMatchObject({
      Status: 'Failed',
      StatusDetails: 'Failed',
      ResponseCode: 3,
      StandardOutputContent: 'inactive\n',
    });
    expect(out.StandardErrorContent).toContain('exit status 3');
  });

  it('reports an unknown command as exit 127 and stops at the first failing line', async () => {
    // Prepare
    const { clock, account } = newAccount();
    const id = account.addInstance({});

    // Act
    const commandId = await send(account, id, ['echo before', 'apachectl graceful', 'echo after']);
    clock.advance(5000);
    const out = await invocation(account, commandId, id);

    // Assess
    expect(out.Status).toBe('Failed');
    expect(out.ResponseCode).toBe(127);
    expect(out.StandardOutputContent).toBe('before\n');
    expect(out.StandardErrorContent).toContain('bash: line 2: apachectl: command not found');
  });

  it('keeps only the first 24,000 characters of stdout and 8,000 of stderr', async () => {
    // Prepare
    const { clock, account } = newAccount();
    const id = account.addInstance({});
    account.faults.failCommands(id, {
      exitCode: 1,
      stderr: `E${'e'.repeat(9000)}`,
      match: /^fail$/,
    });

    // Act
    const commandId = await send(account, id, [`echo START${'x'.repeat(30_000)}`, 'fail']);
    clock.advance(5000);
    const out = await invocation(account, commandId, id);

    // Assess
    expect(out.StandardOutputContent).toHaveLength(24_000);
    expect(out.StandardOutputContent?.startsWith('STARTxxx')).toBe(true);
    expect(out.StandardErrorContent).toHaveLength(8000);
    expect(out.StandardErrorContent?.startsWith('Eeee')).toBe(true);
  });

  it('times out when the script runs longer than executionTimeout', async () => {
    // Prepare
    const { clock, account } = newAccount();
    const id = account.addInstance({});

    // Act
    const commandId = await send(
      account,
      id,
      ['echo started', 'sleep 120', 'systemctl stop httpd'],
      {
        executionTimeout: ['60'],
      },
    );
    clock.advance(2000 + 60_000);
    const out = await invocation(account, commandId, id);

    // Assess
    expect(out).toMatchObject({ Status: 'TimedOut', ResponseCode: -1 });
    expect(out.StandardOutputContent).toBe('started\n');
    expect(account.snapshot().instances[0].apache).toBe('running');
  });

  it('fails an invocation (and cancels its effects) when the instance stops mid-command', async () => {
    // Prepare
    const { clock, account } = newAccount();
    const id = account.addInstance({});
    const commandId = await send(account, id, ['sleep 30', 'systemctl start httpd']);
    clock.advance(10_000);

    // Act
    await account.call('ec2', 'StopInstances', { InstanceIds: [id] });
    clock.advance(100_000);
    const out = await invocation(account, commandId, id);

    // Assess
    expect(out).toMatchObject({ Status: 'Failed', ResponseCode: -1 });
    expect(account.history(`${commandId}/${id}`).map((h) => h.state)).toEqual([
      'Pending',
      'InProgress',
      'Failed',
    ]);
    expect(account.snapshot().instances[0].apache).toBe('stopped');
  });
});

describe('SSM SendCommand validation', () => {
  it('refuses a stopped or offline instance with InvalidInstanceId and creates no command', async () => {
    // Prepare
    const { account } = newAccount();
    const stopped = account.addInstance({ state: 'stopped' });
    const offline = account.addInstance({ ssmOnline: false });
    const fine = account.addInstance({});

    // Act
    const err = await apiError(
      account.call('ssm', 'SendCommand', {
        DocumentName: 'AWS-RunShellScript',
        InstanceIds: [fine, stopped, offline],
        Parameters: { commands: ['true'] },
      }),
    );

    // Assess
    expect(err.code).toBe('InvalidInstanceId');
    expect(err.message).toContain(stopped);
    expect(err.message).toContain(offline);
    expect(account.snapshot().commands).toEqual([]);
  });

  it('refuses other documents and missing commands', async () => {
    // Prepare
    const { account } = newAccount();
    const id = account.addInstance({});

    // Act
    const doc = await apiError(
      account.call('ssm', 'SendCommand', {
        DocumentName: 'AWS-RunPowerShellScript',
        InstanceIds: [id],
        Parameters: { commands: ['true'] },
      }),
    );
    const params = await apiError(
      account.call('ssm', 'SendCommand', {
        DocumentName: 'AWS-RunShellScript',
        InstanceIds: [id],
        Parameters: {},
      }),
    );

    // Assess
    expect(doc.code).toBe('InvalidDocument');
    expect(params.code).toBe('InvalidParameters');
  });

  it('answers InvocationDoesNotExist for an unknown command or instance', async () => {
    // Prepare
    const { clock, account } = newAccount();
    const id = account.addInstance({});
    const other = account.addInstance({});
    const commandId = await send(account, id, ['true']);
    clock.advance(1000);

    // Act
    const unknownCommand = await apiError(invocation(account, 'nope', id));
    const wrongInstance = await apiError(invocation(account, commandId, other));

    // Assess
    expect(unknownCommand.code).toBe('InvocationDoesNotExist');
    expect(wrongInstance.code).toBe('InvocationDoesNotExist');
  });
});

describe('failCommands fault', () => {
  it('overrides every line without a pattern, and has no side effects', async () => {
    // Prepare
    const { clock, account } = newAccount();
    const id = account.addInstance({});
    account.faults.failCommands(id, { exitCode: 1, stderr: 'disk full\n' });

    // Act
    const commandId = await send(account, id, ['systemctl stop httpd']);
    clock.advance(5000);
    const out = await invocation(account, commandId, id);

    // Assess
    expect(out).toMatchObject({ Status: 'Failed', ResponseCode: 1 });
    expect(out.StandardErrorContent).toContain('disk full');
    expect(account.snapshot().instances[0].apache).toBe('running');
  });

  it('overrides only matching lines and lasts until cleared', async () => {
    // Prepare
    const { clock, account } = newAccount();
    const id = account.addInstance({});
    account.faults.failCommands(id, { exitCode: 0, stdout: 'active\n', match: /is-active/ });

    // Act
    const first = await send(account, id, ['systemctl stop httpd', 'systemctl is-active httpd']);
    clock.advance(10_000);
    const faulted = await invocation(account, first, id);
    account.faults.clear(id);
    const second = await send(account, id, ['systemctl is-active httpd']);
    clock.advance(10_000);
    const cleared = await invocation(account, second, id);

    // Assess
    expect(faulted).toMatchObject({ Status: 'Success', StandardOutputContent: 'active\n' });
    expect(cleared).toMatchObject({ Status: 'Failed', ResponseCode: 3 });
  });
});
