import type {
  CreateRuleOutput,
  DescribeRulesOutput,
  DescribeTargetGroupsOutput,
  DescribeTargetHealthOutput,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { SimulatedAccount } from '../../../local/sim-aws';
import { apiError, newAccount } from './sim-fixture';

const MAINTENANCE = {
  Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } }],
  Actions: [
    {
      Type: 'fixed-response',
      FixedResponseConfig: {
        StatusCode: '503',
        ContentType: 'text/html',
        MessageBody: '<h1>Maintenance</h1>',
      },
    },
  ],
};

function withAlb() {
  const fixture = newAccount();
  const { listenerArn } = fixture.account.addLoadBalancer({ name: 'shop-alb' });
  return { ...fixture, listenerArn };
}

async function rules(account: SimulatedAccount, listenerArn: string) {
  const out = (await account.call('elbv2', 'DescribeRules', {
    ListenerArn: listenerArn,
  })) as DescribeRulesOutput;
  return out.Rules ?? [];
}

describe('ELBv2 listener rules', () => {
  it('starts with only the default forward rule, which cannot be deleted', async () => {
    // Prepare
    const { account, listenerArn } = withAlb();

    // Act
    const [only] = await rules(account, listenerArn);
    const err = await apiError(account.call('elbv2', 'DeleteRule', { RuleArn: only.RuleArn }));

    // Assess
    expect(only).toMatchObject({ Priority: 'default', IsDefault: true, Conditions: [] });
    expect(only.Actions?.[0].Type).toBe('forward');
    expect(err.code).toBe('OperationNotPermitted');
  });

  it('creates the maintenance rule, lists it before the default, and refuses its priority twice', async () => {
    // Prepare
    const { account, listenerArn } = withAlb();

    // Act
    const created = (await account.call('elbv2', 'CreateRule', {
      ListenerArn: listenerArn,
      Priority: 1,
      ...MAINTENANCE,
    })) as CreateRuleOutput;
    const again = await apiError(
      account.call('elbv2', 'CreateRule', {
        ListenerArn: listenerArn,
        Priority: 1,
        ...MAINTENANCE,
      }),
    );

    // Assess
    expect(created.Rules?.[0]).toMatchObject({ Priority: '1', IsDefault: false });
    expect(created.Rules?.[0].RuleArn).toMatch(/:listener-rule\/app\/shop-alb\//);
    expect((await rules(account, listenerArn)).map((r) => r.Priority)).toEqual(['1', 'default']);
    expect(again.code).toBe('PriorityInUse');
  });

  it('deletes a rule once; a second delete is RuleNotFound', async () => {
    // Prepare
    const { clock, account, listenerArn, t0 } = withAlb();
    const created = (await account.call('elbv2', 'CreateRule', {
      ListenerArn: listenerArn,
      Priority: 10,
      ...MAINTENANCE,
    })) as CreateRuleOutput;
    const ruleArn = created.Rules?.[0].RuleArn as string;
    clock.advance(1000);

    // Act
    const deleted = await account.call('elbv2', 'DeleteRule', { RuleArn: ruleArn });
    const twice = await apiError(account.call('elbv2', 'DeleteRule', { RuleArn: ruleArn }));

    // Assess
    expect(deleted).toEqual({});
    expect(twice.code).toBe('RuleNotFound');
    expect(await rules(account, listenerArn)).toHaveLength(1);
    expect(account.reachedAt(ruleArn, 'deleted')).toBe(t0 + 1000);
  });

  it('validates conditions, actions and the 1,024-character body', async () => {
    // Prepare
    const { account, listenerArn } = withAlb();
    const create = (extra: Record<string, unknown>) =>
      apiError(
        account.call('elbv2', 'CreateRule', {
          ListenerArn: listenerArn,
          Priority: 5,
          ...MAINTENANCE,
          ...extra,
        }),
      );
    const page = (body: string) => [
      { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '503', MessageBody: body } },
    ];

    // Act
    const noConditions = await create({ Conditions: [] });
    const bigBody = await create({ Actions: page('x'.repeat(1025)) });
    const twoActions = await create({ Actions: [...page('a'), ...page('b')] });
    const unknownListener = await apiError(
      account.call('elbv2', 'CreateRule', { ...MAINTENANCE, ListenerArn: 'arn:nope', Priority: 5 }),
    );

    // Assess
    expect(noConditions.code).toBe('ValidationError');
    expect(bigBody.code).toBe('ValidationError');
    expect(twoActions.code).toBe('ValidationError');
    expect(unknownListener.code).toBe('ListenerNotFound');
    await expect(
      account.call('elbv2', 'CreateRule', {
        ListenerArn: listenerArn,
        Priority: 5,
        ...MAINTENANCE,
        Actions: page('x'.repeat(1024)),
      }),
    ).resolves.toHaveProperty('Rules');
  });
});

describe('ELBv2 target health', () => {
  async function health(account: SimulatedAccount, tg: string) {
    const out = (await account.call('elbv2', 'DescribeTargetHealth', {
      TargetGroupArn: tg,
    })) as DescribeTargetHealthOutput;
    return (out.TargetHealthDescriptions ?? []).map((d) => d.TargetHealth);
  }

  it('derives unused, unhealthy, initial and healthy from the instance and Apache', async () => {
    // Prepare
    const { clock, account, t0 } = newAccount();
    const id = account.addInstance({ state: 'stopped' });
    const tg = account.addTargetGroup({ name: 'shop-web', instanceIds: [id] });
    const seen: unknown[] = [await health(account, tg)];

    // Act
    await account.call('ec2', 'StartInstances', { InstanceIds: [id] });
    clock.advance(30_000);
    seen.push(await health(account, tg));
    await account.call('ssm', 'SendCommand', {
      DocumentName: 'AWS-RunShellScript',
      InstanceIds: [id],
      Parameters: { commands: ['systemctl start httpd'] },
    });
    clock.advance(7000 + 59_999);
    seen.push(await health(account, tg));
    clock.advance(1);
    seen.push(await health(account, tg));

    // Assess
    expect(seen).toEqual([
      [
        {
          State: 'unused',
          Reason: 'Target.InvalidState',
          Description: 'Target is in the stopped state',
        },
      ],
      [
        {
          State: 'unhealthy',
          Reason: 'Target.FailedHealthChecks',
          Description: 'Health checks failed',
        },
      ],
      [
        {
          State: 'initial',
          Reason: 'Elb.InitialHealthChecking',
          Description: 'Initial health checks in progress',
        },
      ],
      [{ State: 'healthy' }],
    ]);
    expect(account.reachedAt(`${id}/target-health`, 'healthy')).toBe(t0 + 30_000 + 7000 + 60_000);
  });

  it('reports every registered target, with its port', async () => {
    // Prepare
    const { account } = newAccount();
    const a = account.addInstance({});
    const b = account.addInstance({ apache: 'stopped' });
    const tg = account.addTargetGroup({ name: 'shop-web', port: 8080, instanceIds: [a, b] });

    // Act
    const out = (await account.call('elbv2', 'DescribeTargetHealth', {
      TargetGroupArn: tg,
    })) as DescribeTargetHealthOutput;

    // Assess
    expect(
      out.TargetHealthDescriptions?.map((d) => [
        d.Target?.Id,
        d.Target?.Port,
        d.TargetHealth?.State,
      ]),
    ).toEqual([
      [a, 8080, 'healthy'],
      [b, 8080, 'unhealthy'],
    ]);
  });

  it('keeps a pinned target unhealthy until the fault is cleared', async () => {
    // Prepare
    const { clock, account } = newAccount();
    const id = account.addInstance({});
    const tg = account.addTargetGroup({ name: 'shop-web', instanceIds: [id] });

    // Act
    account.faults.pinUnhealthy(id);
    clock.advance(600_000);
    const pinned = await health(account, tg);
    account.faults.clear(id);
    const cleared = await health(account, tg);

    // Assess
    expect(pinned[0]?.State).toBe('unhealthy');
    expect(cleared[0]?.State).toBe('healthy');
  });

  it('answers TargetGroupNotFound for an unknown group', async () => {
    // Prepare
    const { account } = newAccount();

    // Act
    const err = await apiError(
      account.call('elbv2', 'DescribeTargetHealth', { TargetGroupArn: 'arn:nope' }),
    );

    // Assess
    expect(err.code).toBe('TargetGroupNotFound');
  });

  it('turns a started target healthy after the threshold of checks at the group interval', async () => {
    // Prepare: two groups over the same kind of instance, with different check settings.
    const { clock, account, t0 } = newAccount();
    const [a, b] = [
      account.addInstance({ apache: 'stopped' }),
      account.addInstance({ apache: 'stopped' }),
    ];
    const slow = account.addTargetGroup({ name: 'slow', instanceIds: [a] });
    const quick = account.addTargetGroup({
      name: 'quick',
      instanceIds: [b],
      healthCheckIntervalSeconds: 5,
      healthyThresholdCount: 2,
    });

    // Act: Apache starts 2 s + 5 s after the command is sent.
    await account.call('ssm', 'SendCommand', {
      DocumentName: 'AWS-RunShellScript',
      InstanceIds: [a, b],
      Parameters: { commands: ['systemctl start httpd'] },
    });
    clock.advance(120_000);
    const groups = (await account.call('elbv2', 'DescribeTargetGroups', {
      TargetGroupArns: [slow, quick],
    })) as DescribeTargetGroupsOutput;

    // Assess: healthy at Apache's start + interval x threshold.
    expect(
      groups.TargetGroups?.map((g) => [g.HealthCheckIntervalSeconds, g.HealthyThresholdCount]),
    ).toEqual([
      [15, 4],
      [5, 2],
    ]);
    expect(account.reachedAt(`${a}/target-health`, 'healthy')).toBe(t0 + 7_000 + 60_000);
    expect(account.reachedAt(`${b}/target-health`, 'healthy')).toBe(t0 + 7_000 + 10_000);
  });

  it('describes target groups by ARN, by name or by load balancer, with their settings', async () => {
    // Prepare
    const { account } = newAccount();
    const id = account.addInstance({});
    const tg = account.addTargetGroup({ name: 'shop-web', port: 8080, instanceIds: [id] });
    const { loadBalancerArn } = account.addLoadBalancer({ name: 'shop-alb', targetGroupArn: tg });
    const other = account.addTargetGroup({ name: 'other', instanceIds: [] });
    const describe = async (input: Record<string, unknown>) =>
      (
        (await account.call('elbv2', 'DescribeTargetGroups', input)) as DescribeTargetGroupsOutput
      ).TargetGroups?.map((g) => g.TargetGroupArn);

    // Act
    const byName = (await account.call('elbv2', 'DescribeTargetGroups', {
      Names: ['shop-web'],
    })) as DescribeTargetGroupsOutput;
    const byLb = await describe({ LoadBalancerArn: loadBalancerArn });
    const all = await describe({});
    const paged = (await account.call('elbv2', 'DescribeTargetGroups', {
      PageSize: 1,
    })) as DescribeTargetGroupsOutput;
    const unknown = await apiError(describe({ TargetGroupArns: [tg, `${tg}0`] }));
    const unknownName = await apiError(describe({ Names: ['nope'] }));
    const both = await apiError(describe({ Names: ['shop-web'], TargetGroupArns: [tg] }));

    // Assess
    expect(byName.TargetGroups).toEqual([
      {
        TargetGroupArn: tg,
        TargetGroupName: 'shop-web',
        Protocol: 'HTTP',
        Port: 8080,
        VpcId: expect.stringMatching(/^vpc-/),
        HealthCheckProtocol: 'HTTP',
        HealthCheckPort: 'traffic-port',
        HealthCheckEnabled: true,
        HealthCheckIntervalSeconds: 15,
        HealthCheckTimeoutSeconds: 5,
        HealthyThresholdCount: 4,
        UnhealthyThresholdCount: 2,
        HealthCheckPath: '/',
        Matcher: { HttpCode: '200' },
        LoadBalancerArns: [loadBalancerArn],
        TargetType: 'instance',
        ProtocolVersion: 'HTTP1',
        IpAddressType: 'ipv4',
      },
    ]);
    expect(byLb).toEqual([tg]);
    expect(all).toEqual([tg, other]);
    expect(paged.TargetGroups).toHaveLength(1);
    expect(paged.NextMarker).toBeDefined();
    expect([unknown.code, unknownName.code, both.code]).toEqual([
      'TargetGroupNotFound',
      'TargetGroupNotFound',
      'ValidationError',
    ]);
  });
});
