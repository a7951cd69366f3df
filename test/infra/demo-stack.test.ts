import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { JOBNET_TAG_KEY } from '../../contract/jobnet-tag';
import { webServerUserData } from '../../infra/constructs/demo/web-server-user-data';
import { parseConfig } from '../../config/load';
import {
  exampleConfig,
  flatten,
  logicalId,
  nagViolations,
  synthApp,
  type SynthResult,
} from './synth-app';

const DEPLOYED_LISTENER =
  'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/Webapp-LoadB-1/0123456789abcdef/0123456789abcdef';
const DEPLOYED_GROUP =
  'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/Webapp-LoadB-2/0123456789abcdef';

function demoConfig(region?: string) {
  const config = exampleConfig();
  config.demo = { enabled: true };
  if (region) {
    config.account = '123456789012';
    config.region = region;
    // The example system's ARNs must be in the deployment's region too.
    for (const system of config.systems) {
      system.listenerArn = system.listenerArn.replace(':us-east-1:', `:${region}:`);
      system.targetGroupArn = system.targetGroupArn.replace(':us-east-1:', `:${region}:`);
    }
  }
  return config;
}

it('is not part of the app unless the configuration enables it', () => {
  const synth = synthApp();
  expect(synth.stacks.demo).toBeUndefined();
  expect(synth.app.node.tryFindChild('WebappChatopsDemo')).toBeUndefined();
});

it('needs a region, and says so', () => {
  expect(() => synthApp(demoConfig())).toThrow(/demo stack needs a region/);
});

describe('when enabled', () => {
  let synth: SynthResult;
  beforeAll(() => {
    synth = synthApp(demoConfig('eu-west-1'));
  });

  it('spans two AZs without a NAT gateway', () => {
    synth.demo!.resourceCountIs('AWS::EC2::Subnet', 4);
    synth.demo!.resourceCountIs('AWS::EC2::NatGateway', 0);
    synth.demo!.resourceCountIs('AWS::EC2::FlowLog', 1);
  });

  it('runs two Amazon Linux 2023 instances tagged System=shop, Role=web, with IMDSv2 and SSM', () => {
    const instances = Object.values(synth.demo!.findResources('AWS::EC2::Instance'));
    expect(instances).toHaveLength(2);
    for (const instance of instances) {
      expect(instance.Properties.Tags).toEqual(
        expect.arrayContaining([
          { Key: 'System', Value: 'shop' },
          { Key: 'Role', Value: 'web' },
          // So the demo may be configured by instance ids as well.
          { Key: JOBNET_TAG_KEY, Value: 'shop' },
        ]),
      );
      expect(JSON.stringify(instance.Properties.ImageId)).toContain('al2023');
      expect(instance.Properties.BlockDeviceMappings[0].Ebs.Encrypted).toBe(true);
    }
    synth.demo!.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: { MetadataOptions: { HttpTokens: 'required' } },
    });
    synth.demo!.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: [
        Match.objectLike({
          'Fn::Join': ['', Match.arrayWith([':iam::aws:policy/AmazonSSMManagedInstanceCore'])],
        }),
      ],
    });
  });

  it('puts both instances behind an internet-facing ALB that logs to an encrypted bucket', () => {
    synth.demo!.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internet-facing',
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'access_logs.s3.enabled', Value: 'true' }]),
    });
    synth.demo!.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ],
      },
    });
    const [group] = Object.values(
      synth.demo!.findResources('AWS::ElasticLoadBalancingV2::TargetGroup'),
    );
    expect(group.Properties.Targets).toHaveLength(2);
  });

  it('admits HTTP to the instances from the ALB only, and MySQL to the DB from them only', () => {
    const web = logicalId(synth.demo!, 'AWS::EC2::SecurityGroup', 'WebServersSecurityGroup');
    const alb = logicalId(synth.demo!, 'AWS::EC2::SecurityGroup', 'LoadBalancerSecurityGroup');
    const db = logicalId(synth.demo!, 'AWS::EC2::SecurityGroup', 'DatabaseSecurityGroup');
    const ingress = Object.values(synth.demo!.findResources('AWS::EC2::SecurityGroupIngress'));
    const into = (group: string) =>
      ingress.filter((rule) => rule.Properties.GroupId['Fn::GetAtt'][0] === group);
    expect(
      into(web).map((r) => [r.Properties.SourceSecurityGroupId, r.Properties.FromPort]),
    ).toEqual([[{ 'Fn::GetAtt': [alb, 'GroupId'] }, 80]]);
    expect(into(db).map((r) => r.Properties.SourceSecurityGroupId)).toEqual([
      { 'Fn::GetAtt': [web, 'GroupId'] },
    ]);
    const groups = synth.demo!.toJSON().Resources;
    expect(groups[web].Properties.SecurityGroupIngress).toBeUndefined();
    expect(groups[db].Properties.SecurityGroupIngress).toBeUndefined();
  });

  it('runs Aurora MySQL as shop-db with a generated secret, encrypted', () => {
    synth.demo!.hasResourceProperties('AWS::RDS::DBCluster', {
      Engine: 'aurora-mysql',
      DBClusterIdentifier: 'shop-db',
      StorageEncrypted: true,
      MasterUserPassword: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
    });
    synth.demo!.resourceCountIs('AWS::SecretsManager::Secret', 1);
  });

  it('leaves no cdk-nag AwsSolutions finding unacknowledged, in either stack', () => {
    expect(nagViolations(synth, synth.stacks.demo!)).toEqual([]);
    expect(nagViolations(synth, synth.stacks.main)).toEqual([]);
  });

  it('outputs a complete systems entry, valid once the ARNs are filled in', () => {
    for (const name of ['ListenerArn', 'TargetGroupArn', 'DbClusterId', 'SiteUrl']) {
      synth.demo!.hasOutput(name, {});
    }
    const listener = logicalId(
      synth.demo!,
      'AWS::ElasticLoadBalancingV2::Listener',
      'LoadBalancer',
    );
    const group = logicalId(
      synth.demo!,
      'AWS::ElasticLoadBalancingV2::TargetGroup',
      'LoadBalancer',
    );
    const json = flatten(synth.demo!.toJSON().Outputs.SystemConfig.Value)
      .replace(`<${listener}>`, DEPLOYED_LISTENER)
      .replace(`<${group}>`, DEPLOYED_GROUP);
    const config = exampleConfig();
    config.systems = [JSON.parse(json)];
    expect(parseConfig(config).systems[0]).toMatchObject({
      name: 'shop',
      instances: { tags: { System: 'shop', Role: 'web' } },
      dbClusterId: 'shop-db',
      scripts: { check: '/opt/shop/bin/check.sh' },
    });
  });
});

describe('the check script the user data installs', () => {
  /** Runs check.sh as written by the user data, with a fake systemctl answering `state`. */
  function check(state: string): number {
    const dir = mkdtempSync(join(tmpdir(), 'check-'));
    const lines = webServerUserData();
    const start = lines.indexOf("cat > /opt/shop/bin/check.sh <<'SCRIPT'");
    const body = lines.slice(start + 1, lines.indexOf('SCRIPT', start));
    writeFileSync(join(dir, 'check.sh'), `${body.join('\n')}\n`);
    writeFileSync(
      join(dir, 'systemctl'),
      `#!/bin/bash\necho ${state}\n[ "${state}" = active ] && exit 0 || exit 3\n`,
    );
    chmodSync(join(dir, 'systemctl'), 0o755);
    try {
      execFileSync('bash', [join(dir, 'check.sh')], {
        env: { PATH: `${dir}:/usr/bin:/bin` },
        stdio: 'pipe',
      });
      return 0;
    } catch (error) {
      return (error as { status: number }).status;
    }
  }

  it('answers 0 when Apache runs, 3 when it is stopped, 1 when it failed', () => {
    expect(check('active')).toBe(0);
    expect(check('inactive')).toBe(3);
    expect(check('failed')).toBe(1);
  });
});
