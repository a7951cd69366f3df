import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { InstanceTarget } from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface DemoLoadBalancerProps {
  readonly vpc: ec2.IVpc;
  readonly instances: readonly ec2.Instance[];
  /** The instances' security group: it admits HTTP from the load balancer and nothing else. */
  readonly instanceSecurityGroup: ec2.ISecurityGroup;
}

/** The internet-facing ALB, HTTP on port 80, access logs in an encrypted bucket. */
export class DemoLoadBalancer extends Construct {
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly listener: elbv2.ApplicationListener;
  readonly targetGroup: elbv2.ApplicationTargetGroup;

  constructor(scope: Construct, id: string, props: DemoLoadBalancerProps) {
    super(scope, id);
    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      // ALB access logs support SSE-S3 only, not KMS.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket is itself a log destination (ALB access logs); logging its own access would need another log bucket for a demo.',
    });

    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Demo load balancer: HTTP from anywhere, to the web instances only',
      allowAllOutbound: false,
    });
    securityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'The public demo site');
    Validations.of(securityGroup).acknowledge({
      id: 'AwsSolutions-EC23',
      reason:
        'An internet-facing website: port 80 open to everyone is the point. Only the load balancer is open; the instances admit it alone.',
    });

    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'Alb', {
      vpc: props.vpc,
      internetFacing: true,
      securityGroup,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      dropInvalidHeaderFields: true,
    });
    this.loadBalancer.logAccessLogs(accessLogs, 'alb');
    // Instance targets carry no security group of their own, so the path is opened explicitly.
    this.loadBalancer.connections.allowTo(
      props.instanceSecurityGroup,
      ec2.Port.tcp(80),
      'Requests and health checks to Apache',
    );

    this.targetGroup = new elbv2.ApplicationTargetGroup(this, 'Web', {
      vpc: props.vpc,
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: props.instances.map((instance) => new InstanceTarget(instance, 80)),
      healthCheck: { path: '/', interval: Duration.seconds(10), healthyThresholdCount: 2 },
      deregistrationDelay: Duration.seconds(30),
    });
    this.listener = this.loadBalancer.addListener('Http', {
      port: 80,
      open: false,
      defaultTargetGroups: [this.targetGroup],
    });
  }
}
