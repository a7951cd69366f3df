import { DescribeInstanceStatusCommand } from '@aws-sdk/client-ec2';
import type { SimulatedAccount } from '../../../local/sim-aws';
import { createSimulatedClients } from '../../../local/sim-aws/clients';
import { newAccount } from './sim-fixture';

/** The error code of a call, or 'ok'. */
async function outcome(
  account: SimulatedAccount,
  service: 'ec2' | 'ssm' | 'rds' | 'elbv2',
  action: string,
) {
  const inputs: Record<string, Record<string, unknown>> = {
    DescribeInstanceStatus: {},
    DescribeInstances: {},
    ListCommandInvocations: {},
    DescribeDBClusters: {},
    DescribeTargetGroups: {},
  };
  return account.call(service, action, inputs[action]).then(
    () => 'ok',
    (e: { code: string }) => e.code,
  );
}

describe('throttling a service mid-run', () => {
  it('throttles every EC2 call for a window with RequestLimitExceeded, other services untouched', async () => {
    // Prepare
    const { clock, account } = newAccount();
    account.addInstance({});

    // Act
    account.faults.throttle('ec2', { forMs: 10_000 });
    const during = [
      await outcome(account, 'ec2', 'DescribeInstanceStatus'),
      await outcome(account, 'ec2', 'DescribeInstances'),
      await outcome(account, 'ssm', 'ListCommandInvocations'),
    ];
    const described = account.faults.describe();
    clock.advance(10_000);
    const after = await outcome(account, 'ec2', 'DescribeInstanceStatus');

    // Assess
    expect(during).toEqual(['RequestLimitExceeded', 'RequestLimitExceeded', 'ok']);
    expect(described).toEqual([
      'ec2:*: every call answer RequestLimitExceeded until 2025-01-06T09:00:10.000Z',
    ]);
    expect(after).toBe('ok');
    expect(account.faults.describe()).toEqual([]);
  });

  it("throttles the next N calls with each service's own code", async () => {
    // Prepare
    const { account } = newAccount();

    // Act
    account.faults.throttle('ssm', { calls: 2 });
    account.faults.throttle('rds');
    account.faults.throttle('elbv2', { action: 'DescribeTargetGroups' });
    const ssm = [
      await outcome(account, 'ssm', 'ListCommandInvocations'),
      await outcome(account, 'ssm', 'ListCommandInvocations'),
      await outcome(account, 'ssm', 'ListCommandInvocations'),
    ];
    const rds = [
      await outcome(account, 'rds', 'DescribeDBClusters'),
      await outcome(account, 'rds', 'DescribeDBClusters'),
    ];
    const elbv2 = [
      await outcome(account, 'elbv2', 'DescribeTargetHealth'),
      await outcome(account, 'elbv2', 'DescribeTargetGroups'),
      await outcome(account, 'elbv2', 'DescribeTargetGroups'),
    ];

    // Assess: DescribeTargetHealth without a group fails as a bad request, not throttled.
    expect(ssm).toEqual(['ThrottlingException', 'ThrottlingException', 'ok']);
    expect(rds).toEqual(['Throttling', 'ok']);
    expect(elbv2).toEqual(['ValidationError', 'Throttling', 'ok']);
  });

  it('reaches an SDK caller as the error the SDK throws for it, named for its retry rules', async () => {
    // Prepare
    const { account } = newAccount();
    const ec2 = createSimulatedClients(account).ec2;
    account.faults.throttle('ec2', { calls: 1 });

    // Act
    const err = await ec2.send(new DescribeInstanceStatusCommand({})).catch((e: unknown) => e);

    // Assess
    expect(err).toMatchObject({
      name: 'RequestLimitExceeded',
      $fault: 'server',
      $metadata: { httpStatusCode: 503 },
    });
    expect(account.calls.map((c) => c.error)).toEqual(['RequestLimitExceeded']);
  });
});
