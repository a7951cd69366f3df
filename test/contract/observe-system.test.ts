import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  DescribeRulesCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeDBClustersCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { observeSystem, unknownIds } from '../../contract/observe-system';

const ec2Mock = mockClient(EC2Client);
const rdsMock = mockClient(RDSClient);
const elbv2Mock = mockClient(ElasticLoadBalancingV2Client);
const clients = {
  ec2: new EC2Client({ region: 'us-east-1' }),
  rds: new RDSClient({ region: 'us-east-1' }),
  elbv2: new ElasticLoadBalancingV2Client({ region: 'us-east-1' }),
};
const run = {
  instances: { tags: { System: 'shop', Role: 'web' } },
  dbClusterId: 'shop-db',
  listenerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop/1/2',
  targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop/3',
  maintenancePage: { priority: 7, body: '<h1>Maintenance</h1>', contentType: 'text/html' as const },
};
const instance = (id: string) => ({ InstanceId: id, State: { Name: 'running' as const } });

beforeEach(() => {
  for (const mock of [ec2Mock, rdsMock, elbv2Mock]) mock.reset();
  rdsMock.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ Status: 'available' }] });
  elbv2Mock.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [] });
});

describe('observeSystem', () => {
  it('reads every page of instances and of listener rules', async () => {
    ec2Mock
      .on(DescribeInstancesCommand)
      .resolvesOnce({ Reservations: [{ Instances: [instance('i-0b')] }], NextToken: 'more' })
      .resolvesOnce({ Reservations: [{ Instances: [instance('i-0a')] }] });
    elbv2Mock
      .on(DescribeRulesCommand)
      .resolvesOnce({ Rules: [{ Priority: 'default', IsDefault: true }], NextMarker: 'more' })
      .resolvesOnce({
        Rules: [
          {
            Priority: '7',
            IsDefault: false,
            Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '503' } }],
          },
        ],
      });

    const observed = await observeSystem(run, clients);

    expect(observed.instances.map((i) => i.id)).toEqual(['i-0a', 'i-0b']);
    expect(observed.maintenancePage).toBe('up');
    expect(ec2Mock).toHaveReceivedNthSpecificCommandWith(2, DescribeInstancesCommand, {
      NextToken: 'more',
    });
    expect(elbv2Mock).toHaveReceivedNthSpecificCommandWith(2, DescribeRulesCommand, {
      ListenerArn: run.listenerArn,
      Marker: 'more',
    });
  });
});

describe('unknownIds', () => {
  const id = (n: number) => `i-${n.toString(16).padStart(17, '0')}`;

  it("keeps EC2's message when it names a few ids", () => {
    const message = `The instance IDs '${id(1)}, ${id(2)}' do not exist`;
    expect(unknownIds(message)).toBe(message);
  });

  it('names ten of 5,000 unknown ids and counts the rest', () => {
    const ids = Array.from({ length: 5000 }, (_, n) => id(n + 1));
    const text = unknownIds(`The instance IDs '${ids.join(', ')}' do not exist`);
    expect(text).toBe(
      `5000 instance ids do not exist: ${ids.slice(0, 10).join(', ')} and 4990 more`,
    );
    expect(text.length).toBeLessThan(300);
  });
});
