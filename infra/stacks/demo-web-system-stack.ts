import { CfnOutput, Stack, Token, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { DemoDatabase } from '../constructs/demo/demo-database';
import { DemoLoadBalancer } from '../constructs/demo/demo-load-balancer';
import { DemoNetwork } from '../constructs/demo/demo-network';
import { DemoWebServers } from '../constructs/demo/demo-web-servers';
import { DEMO_SCRIPTS, DEMO_SYSTEM_NAME, DEMO_TAGS } from '../constructs/demo/web-server-user-data';

/** The demo system's DB cluster identifier, fixed so the configuration can name it up front. */
export const DEMO_DB_CLUSTER_ID = 'shop-db';

const DEMO_MAINTENANCE_PAGE = {
  priority: 1,
  contentType: 'text/html',
  body: '<!doctype html><title>Maintenance</title><h1>shop is down for maintenance</h1><p>Back soon.</p>',
} as const;

/**
 * A complete web system to try the jobnets on (README, "Deploy"): an internet-facing ALB, two
 * Apache instances tagged System=shop, Role=web (and with the jobnet tag
 * `webapp-chatops:system=shop`, so they may be selected by ids too), and an Aurora MySQL
 * cluster. Its outputs are the values a `systems` entry of the configuration needs.
 */
export class DemoWebSystemStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    if (Token.isUnresolved(this.region)) {
      throw new Error(
        'The demo stack needs a region (its load balancer access logs are region-specific): set "region" in the configuration file, or AWS_REGION when running cdk.',
      );
    }
    const { vpc } = new DemoNetwork(this, 'Network');
    const web = new DemoWebServers(this, 'WebServers', { vpc });
    const lb = new DemoLoadBalancer(this, 'LoadBalancer', {
      vpc,
      instances: web.instances,
      instanceSecurityGroup: web.securityGroup,
    });
    const db = new DemoDatabase(this, 'Database', {
      vpc,
      clusterIdentifier: DEMO_DB_CLUSTER_ID,
      clients: web.securityGroup,
    });

    new CfnOutput(this, 'SiteUrl', { value: `http://${lb.loadBalancer.loadBalancerDnsName}/` });
    new CfnOutput(this, 'ListenerArn', { value: lb.listener.listenerArn });
    new CfnOutput(this, 'TargetGroupArn', { value: lb.targetGroup.targetGroupArn });
    new CfnOutput(this, 'DbClusterId', { value: DEMO_DB_CLUSTER_ID });
    new CfnOutput(this, 'DbSecretArn', { value: db.cluster.secret?.secretArn ?? 'none' });
    new CfnOutput(this, 'SystemConfig', {
      description: 'A complete entry for "systems" of the configuration file',
      value: this.toJsonString({
        name: DEMO_SYSTEM_NAME,
        instances: { tags: DEMO_TAGS },
        dbClusterId: DEMO_DB_CLUSTER_ID,
        listenerArn: lb.listener.listenerArn,
        targetGroupArn: lb.targetGroup.targetGroupArn,
        maintenancePage: DEMO_MAINTENANCE_PAGE,
        scripts: DEMO_SCRIPTS,
      }),
    });
  }
}
