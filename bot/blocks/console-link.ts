/** Console hosts per partition; the region comes first in the host name except in GovCloud. */
const CONSOLE_HOSTS: Record<string, (region: string) => string> = {
  aws: (region) => `${region}.console.aws.amazon.com`,
  'aws-cn': (region) => `${region}.console.amazonaws.cn`,
  'aws-us-gov': () => 'console.amazonaws-us-gov.com',
};

/**
 * The Step Functions console page of an execution (its graph, events and the Redrive
 * button), e.g. `https://us-east-1.console.aws.amazon.com/states/home?region=us-east-1#/v2/executions/details/<arn>`.
 */
export function executionConsoleUrl(executionArn: string): string {
  const [prefix, partition, service, region] = executionArn.split(':');
  const host = CONSOLE_HOSTS[partition ?? ''];
  if (prefix !== 'arn' || service !== 'states' || !region || !host) {
    throw new Error(`Not a Step Functions execution ARN: ${executionArn}`);
  }
  return `https://${host(region)}/states/home?region=${region}#/v2/executions/details/${executionArn}`;
}

/** A mrkdwn link to the execution in the console. */
export function consoleLink(
  executionArn: string,
  label = 'Open in the Step Functions console',
): string {
  return `<${executionConsoleUrl(executionArn)}|${label}>`;
}
