import { formatInZone } from '../../contract/zoned-time';

/**
 * What a run's root message says about the event that started it, and where it links: the
 * console page of what the event is about. Pure: the starter writes both into the run's trigger.
 */

/** The envelope fields these words read (an EventBridge event, bot/scheduled-run/firing.ts). */
export interface EventFacts {
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly time: string;
  readonly region?: string;
  readonly resources: readonly string[];
  readonly detail: Readonly<Record<string, unknown>>;
}

const ALARM_CHANGE = 'CloudWatch Alarm State Change';
const RDS_CLUSTER_EVENT = 'RDS DB Cluster Event';
/** Longest event message quoted in a description. */
const MESSAGE_MAX = 120;

/** Console hosts per partition; the region comes first in the host name except in GovCloud. */
const CONSOLE_HOSTS: Record<string, (region: string) => string> = {
  aws: (region) => `${region}.console.aws.amazon.com`,
  'aws-cn': (region) => `${region}.console.amazonaws.cn`,
  'aws-us-gov': () => 'console.amazonaws-us-gov.com',
};

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

/** "22:01 JST": the time of day of `time` in the system's zone. */
function timeOfDay(time: string, timeZone: string): string {
  return formatInZone(new Date(time), timeZone).split(' ').slice(-2).join(' ');
}

/** Longest description (the run trigger's `description` holds at most 300 characters). */
const DESCRIPTION_MAX = 300;

/**
 * The event in words, with its time in the system's zone: "CloudWatch alarm shop-5xx went to
 * ALARM at 22:01 JST", "DB cluster shop-db, RDS-EVENT-0153 at 22:01 JST: DB cluster is being
 * started …", or "Deploy Failed from shop.deploy at 22:01 JST".
 */
export function describeEvent(event: EventFacts, timeZone: string): string {
  const words = eventWords(event, `at ${timeOfDay(event.time, timeZone)}`);
  return words.length > DESCRIPTION_MAX ? `${words.slice(0, DESCRIPTION_MAX - 1)}…` : words;
}

function eventWords(event: EventFacts, at: string): string {
  const { detail } = event;
  if (event['detail-type'] === ALARM_CHANGE && event.source === 'aws.cloudwatch') {
    const name = text(detail.alarmName) ?? 'an alarm';
    const state = text((detail.state as { value?: unknown } | undefined)?.value) ?? 'a new state';
    return `CloudWatch alarm ${name} went to ${state} ${at}`;
  }
  if (event['detail-type'] === RDS_CLUSTER_EVENT && event.source === 'aws.rds') {
    const cluster = text(detail.SourceIdentifier) ?? 'a DB cluster';
    const id = text(detail.EventID);
    // Its own full stop dropped: the root message goes on after it.
    const message = text(detail.Message)?.replace(/\.$/, '');
    const said = message
      ? `: ${message.length > MESSAGE_MAX ? `${message.slice(0, MESSAGE_MAX - 1)}…` : message}`
      : '';
    return `DB cluster ${cluster}${id ? `, ${id}` : ''} ${at}${said}`;
  }
  return `${event['detail-type']} from ${event.source} ${at}`;
}

/** The partition and region an event happened in: its own region, or its first resource's. */
function placeOf(event: EventFacts, arn?: string): { partition: string; region: string } | null {
  const [, partition = 'aws', , arnRegion] = (arn ?? event.resources[0] ?? '').split(':');
  const region = event.region ?? arnRegion;
  return region && CONSOLE_HOSTS[partition] ? { partition, region } : null;
}

const consoleUrl = (place: { partition: string; region: string }, path: string) =>
  `https://${CONSOLE_HOSTS[place.partition](place.region)}/${path}`;

/**
 * The console page of what the event is about: a CloudWatch alarm's page, an RDS cluster's
 * page, or else the rule that matched it in the EventBridge console (`ruleName`; without one,
 * none). Undefined when the event does not say where it happened.
 */
export function eventConsoleUrl(event: EventFacts, ruleName?: string): string | undefined {
  const { detail } = event;
  if (event['detail-type'] === ALARM_CHANGE && text(detail.alarmName)) {
    const alarmArn = event.resources.find((r) => r.includes(':alarm:'));
    const place = placeOf(event, alarmArn);
    if (!place) return undefined;
    const path = `cloudwatch/home?region=${place.region}#alarmsV2:alarm/${encodeURIComponent(String(detail.alarmName))}`;
    return consoleUrl(place, path);
  }
  if (event['detail-type'] === RDS_CLUSTER_EVENT && text(detail.SourceIdentifier)) {
    const place = placeOf(event, text(detail.SourceArn));
    if (!place) return undefined;
    const id = encodeURIComponent(String(detail.SourceIdentifier));
    return consoleUrl(place, `rds/home?region=${place.region}#database:id=${id};is-cluster=true`);
  }
  const place = placeOf(event);
  if (!ruleName || !place) return undefined;
  const rule = encodeURIComponent(ruleName);
  return consoleUrl(place, `events/home?region=${place.region}#/eventbus/default/rules/${rule}`);
}
