import { Tags, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeManagedPolicy } from '../../iam/permissions';
import { JOBNET_TAG_KEY } from '../../../contract/jobnet-tag';
import { DEMO_SYSTEM_NAME, DEMO_TAGS, webServerUserData } from './web-server-user-data';

export interface DemoWebServersProps {
  readonly vpc: ec2.IVpc;
  /** @default 2, one per AZ */
  readonly count?: number;
}

/** Amazon Linux 2023 instances running Apache, managed through SSM only (no SSH, no key pair). */
export class DemoWebServers extends Construct {
  readonly instances: ec2.Instance[];
  readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: DemoWebServersProps) {
    super(scope, id);
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description:
        'Demo web instances: HTTP from the load balancer only; HTTPS out for SSM and dnf',
      allowAllOutbound: false,
    });
    this.securityGroup.addEgressRule(
      ec2.Peer.anyIpv4(),
      ec2.Port.tcp(443),
      'SSM agent endpoints and the Amazon Linux package repositories',
    );
    const ssmCore = iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore');
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      description: 'Demo web instances: SSM agent (Run Command, Session Manager)',
      managedPolicies: [ssmCore],
    });
    acknowledgeManagedPolicy(
      role,
      ssmCore,
      'The policy AWS maintains for the SSM agent; Run Command is how the jobnets reach the instances.',
    );

    const userData = ec2.UserData.forLinux();
    userData.addCommands(...webServerUserData());
    const subnets = props.vpc.selectSubnets({ subnetType: ec2.SubnetType.PUBLIC }).subnets;
    this.instances = Array.from({ length: props.count ?? 2 }, (_, i) => {
      const instance = new ec2.Instance(this, `Web${i + 1}`, {
        vpc: props.vpc,
        vpcSubnets: { subnets: [subnets[i % subnets.length]] },
        associatePublicIpAddress: true,
        instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO),
        machineImage: ec2.MachineImage.latestAmazonLinux2023({
          cpuType: ec2.AmazonLinuxCpuType.ARM_64,
        }),
        securityGroup: this.securityGroup,
        role,
        userData,
        requireImdsv2: true,
        detailedMonitoring: true,
        blockDevices: [
          {
            deviceName: '/dev/xvda',
            volume: ec2.BlockDeviceVolume.ebs(8, {
              encrypted: true,
              volumeType: ec2.EbsDeviceVolumeType.GP3,
            }),
          },
        ],
      });
      Tags.of(instance).add('Name', `shop-web-${i + 1}`);
      for (const [key, value] of Object.entries(DEMO_TAGS)) Tags.of(instance).add(key, value);
      // The demo is selected by DEMO_TAGS; the jobnet tag lets it be selected by ids as well.
      Tags.of(instance).add(JOBNET_TAG_KEY, DEMO_SYSTEM_NAME);
      Validations.of(instance).acknowledge({
        id: 'AwsSolutions-EC29',
        reason:
          'Demo instances are meant to be removed by cdk destroy; termination protection would make that fail. The jobnets stop them, never terminate them.',
      });
      return instance;
    });
  }
}
