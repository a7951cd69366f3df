import {
  paginateDescribeRules,
  type ElasticLoadBalancingV2Client,
  type Rule,
} from '@aws-sdk/client-elastic-load-balancing-v2';

/**
 * Every rule of a listener, all pages read: the maintenance page may sit behind a page of other
 * rules. Shared by the page step (it must not miss its own rule or a conflict) and the status
 * look (it must not call a page down that is up).
 */
export async function listenerRules(
  elbv2: ElasticLoadBalancingV2Client,
  listenerArn: string,
): Promise<Rule[]> {
  const rules: Rule[] = [];
  for await (const page of paginateDescribeRules({ client: elbv2 }, { ListenerArn: listenerArn })) {
    rules.push(...(page.Rules ?? []));
  }
  return rules;
}
