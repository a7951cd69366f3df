import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';

export interface DemoDatabaseProps {
  readonly vpc: ec2.IVpc;
  /** The fixed cluster identifier, as the system's `dbClusterId` names it. */
  readonly clusterIdentifier: string;
  /** Who may connect on the MySQL port. */
  readonly clients: ec2.IConnectable;
}

/** An Aurora MySQL cluster in the isolated subnets, with a generated admin secret. */
export class DemoDatabase extends Construct {
  readonly cluster: rds.DatabaseCluster;

  constructor(scope: Construct, id: string, props: DemoDatabaseProps) {
    super(scope, id);
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Demo Aurora cluster: MySQL from the web instances only, nothing out',
      allowAllOutbound: false,
    });
    this.cluster = new rds.DatabaseCluster(this, 'Cluster', {
      engine: rds.DatabaseClusterEngine.auroraMysql({
        version: rds.AuroraMysqlEngineVersion.VER_3_10_3,
      }),
      clusterIdentifier: props.clusterIdentifier,
      credentials: rds.Credentials.fromGeneratedSecret('admin'),
      defaultDatabaseName: 'shop',
      writer: rds.ClusterInstance.provisioned('Writer', {
        instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MEDIUM),
        publiclyAccessible: false,
      }),
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [securityGroup],
      storageEncrypted: true,
      iamAuthentication: true,
      backup: { retention: Duration.days(1) },
      deletionProtection: false,
      // The stop jobnet's AWS Backup snapshots stay in the vault; the demo needs no final one.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.cluster.connections.allowDefaultPortFrom(props.clients, 'MySQL from the web instances');

    const demoOnly = (id: string, reason: string) =>
      Validations.of(this.cluster).acknowledge({ id, reason });
    demoOnly(
      'AwsSolutions-RDS10',
      'A demo cluster that cdk destroy must be able to delete; deletion protection would block it.',
    );
    demoOnly(
      'AwsSolutions-RDS11',
      'Reachable only from the web security group in isolated subnets; a non-default port adds nothing a demo shows.',
    );
    demoOnly(
      'AwsSolutions-RDS14',
      'Backtrack is not part of the demo; the stop jobnet takes an AWS Backup snapshot before each stop.',
    );
    demoOnly(
      'AwsSolutions-SMG4',
      'The generated admin secret of a demo cluster, used by nobody but an operator trying it; rotation would add a rotation function to a throwaway stack.',
    );
  }
}
