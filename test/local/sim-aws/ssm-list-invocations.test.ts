import {
  paginateListCommandInvocations,
  type ListCommandInvocationsResult,
} from '@aws-sdk/client-ssm';
import type { SimulatedAccount } from '../../../local/sim-aws';
import { createSimulatedClients } from '../../../local/sim-aws/clients';
import { apiError, newAccount } from './sim-fixture';

async function send(account: SimulatedAccount, instanceIds: string[], line = 'true') {
  const out = (await account.call('ssm', 'SendCommand', {
    DocumentName: 'AWS-RunShellScript',
    InstanceIds: instanceIds,
    Parameters: { commands: [line] },
  })) as { Command: { CommandId: string } };
  return out.Command.CommandId;
}

async function list(account: SimulatedAccount, input: Record<string, unknown>) {
  return (await account.call(
    'ssm',
    'ListCommandInvocations',
    input,
  )) as ListCommandInvocationsResult;
}

describe('SSM ListCommandInvocations', () => {
  it('lists the invocations since a time, newest first, a page of at most 50 at a time', async () => {
    // Prepare: an old command, then two to 30 instances each.
    const { clock, account, t0 } = newAccount();
    const ids = Array.from({ length: 60 }, () => account.addInstance({}));
    const old = await send(account, ids.slice(0, 5));
    clock.advance(60_000);
    const first = await send(account, ids.slice(0, 30));
    clock.advance(1_000);
    const second = await send(account, ids.slice(30));
    clock.advance(10_000);
    const ssm = createSimulatedClients(account).ssm;

    // Act: through the SDK's own paginator.
    const pages: ListCommandInvocationsResult[] = [];
    for await (const page of paginateListCommandInvocations(
      { client: ssm, pageSize: 50 },
      { Filters: [{ key: 'InvokedAfter', value: new Date(t0 + 30_000).toISOString() }] },
    )) {
      pages.push(page);
    }

    // Assess
    expect(pages.map((p) => p.CommandInvocations?.length)).toEqual([50, 10]);
    const listed = pages.flatMap((p) => p.CommandInvocations ?? []);
    expect(listed.map((i) => `${i.CommandId} ${i.InstanceId}`)).toEqual([
      ...ids.slice(30).map((id) => `${second} ${id}`),
      ...ids.slice(0, 30).map((id) => `${first} ${id}`),
    ]);
    expect(listed.some((i) => i.CommandId === old)).toBe(false);
    expect(listed[0]).toMatchObject({
      DocumentName: 'AWS-RunShellScript',
      RequestedDateTime: new Date(t0 + 61_000),
      Status: 'Success',
      CommandPlugins: [],
    });
  });

  it('filters by command, instance and status, and gives the response code and output in Details', async () => {
    // Prepare
    const { clock, account } = newAccount();
    const [ok, bad] = [account.addInstance({}), account.addInstance({})];
    account.faults.failCommands(bad, { exitCode: 2, stdout: 'half done\n', stderr: 'disk full' });
    const cmd = await send(account, [ok, bad], 'systemctl stop httpd');
    const notYet = await list(account, {});
    clock.advance(10_000);

    // Act
    const failed = await list(account, {
      CommandId: cmd,
      Filters: [{ key: 'Status', value: 'Failed' }],
      Details: true,
    });
    const mine = await list(account, {
      InstanceId: ok,
      Filters: [{ key: 'ExecutionStage', value: 'Complete' }],
    });

    // Assess
    expect(notYet.CommandInvocations).toEqual([]);
    expect(failed.CommandInvocations).toHaveLength(1);
    expect(failed.CommandInvocations?.[0]).toMatchObject({ InstanceId: bad, Status: 'Failed' });
    expect(failed.CommandInvocations?.[0].CommandPlugins?.[0]).toMatchObject({
      Name: 'aws:runShellScript',
      Status: 'Failed',
      ResponseCode: 2,
      Output:
        'half done\n\n----------ERROR-------\ndisk full\nfailed to run commands: exit status 2\n',
    });
    expect(mine.CommandInvocations?.map((i) => [i.InstanceId, i.Status])).toEqual([
      [ok, 'Success'],
    ]);
  });

  it('refuses a page over 50, an unknown filter key, a bad time and a bad token as SSM does', async () => {
    // Prepare
    const { account } = newAccount();

    // Act
    const errors = await Promise.all([
      apiError(list(account, { MaxResults: 51 })),
      apiError(list(account, { Filters: [{ key: 'InvokedSince', value: 'x' }] })),
      apiError(list(account, { Filters: [{ key: 'InvokedAfter', value: 'yesterday' }] })),
      apiError(list(account, { NextToken: 'nope' })),
      apiError(list(account, { InstanceId: 'web-1' })),
    ]);

    // Assess
    expect(errors.map((e) => e.code)).toEqual([
      'ValidationException',
      'InvalidFilterKey',
      'InvalidFilterValue',
      'InvalidNextToken',
      'InvalidInstanceId',
    ]);
  });
});

describe('SSM SendCommand to an instance that is not running', () => {
  it('refuses a stopping or a still pending instance with InvalidInstanceId', async () => {
    // Prepare
    const { account } = newAccount();
    const [stopping, pending] = [
      account.addInstance({}),
      account.addInstance({ state: 'stopped' }),
    ];
    await account.call('ec2', 'StopInstances', { InstanceIds: [stopping] });
    await account.call('ec2', 'StartInstances', { InstanceIds: [pending] });

    // Act
    const errors = await Promise.all([
      apiError(send(account, [stopping])),
      apiError(send(account, [pending])),
    ]);

    // Assess
    expect(errors.map((e) => e.code)).toEqual(['InvalidInstanceId', 'InvalidInstanceId']);
    expect(account.snapshot().commands).toEqual([]);
  });
});
