import { ArnFormat, Stack } from 'aws-cdk-lib';
import type { JobnetName } from '../../contract/jobnets';
import { STATE_MACHINE_NAMES } from '../names';

/** ARN builders for the resources the roles are scoped to, in the stack's partition, region and account. */

/** An EC2 instance; `*` for "any instance", narrowed by a tag condition. */
export function instanceArn(stack: Stack, instanceId: string): string {
  return stack.formatArn({ service: 'ec2', resource: 'instance', resourceName: instanceId });
}

/** The one Run Command document the jobnets use (an AWS-owned document: no account). */
export function runShellScriptDocumentArn(stack: Stack): string {
  return stack.formatArn({
    service: 'ssm',
    account: '',
    resource: 'document',
    resourceName: 'AWS-RunShellScript',
  });
}

export function dbClusterArn(stack: Stack, clusterId: string): string {
  return stack.formatArn({
    service: 'rds',
    resource: 'cluster',
    resourceName: clusterId,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/**
 * Every rule of one listener: `listener/app/<lb>/<id>/<listener>` becomes
 * `listener-rule/app/<lb>/<id>/<listener>/*`. Rule ids are assigned by ELB, so a pattern is the
 * narrowest ARN that names the rule the maintenance page creates.
 */
export function listenerRulesArn(listenerArn: string): string {
  return `${listenerArn.replace(':listener/', ':listener-rule/')}/*`;
}

export function stateMachineArn(stack: Stack, jobnet: JobnetName): string {
  return stack.formatArn({
    service: 'states',
    resource: 'stateMachine',
    resourceName: STATE_MACHINE_NAMES[jobnet],
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/** Every execution of one state machine (execution names are chosen per run). */
export function executionsArn(stack: Stack, jobnet: JobnetName): string {
  return stack.formatArn({
    service: 'states',
    resource: 'execution',
    resourceName: `${STATE_MACHINE_NAMES[jobnet]}:*`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/** An EventBridge Scheduler schedule group (the aws:SourceArn of its schedules' role sessions). */
export function scheduleGroupArn(stack: Stack, group: string): string {
  return stack.formatArn({ service: 'scheduler', resource: 'schedule-group', resourceName: group });
}

/** Every schedule of one group (one-off schedules are named per run). */
export function schedulesInGroupArn(stack: Stack, group: string, namePrefix = ''): string {
  return stack.formatArn({
    service: 'scheduler',
    resource: 'schedule',
    resourceName: `${group}/${namePrefix}*`,
  });
}

/**
 * An SSM document of this account and region by name, such as a Change Calendar; a name that
 * is already an ARN (a calendar shared from elsewhere) is taken as it is.
 */
export function ssmDocumentArn(stack: Stack, name: string): string {
  if (name.startsWith('arn:')) return name;
  return stack.formatArn({ service: 'ssm', resource: 'document', resourceName: name });
}
