import type { WaitEvent } from '../../contract/wait-events';
import { sightingOf } from '../../functions/waits/event-sighting';

/**
 * When AWS's own event about a waited-for resource reached the wait matcher, by the detection
 * measure's name for it (`<resource> <state>`, as local/detection-delay.ts writes `what`).
 * A wait noticed through its event can be no sooner than this: the time from the resource
 * reaching its state to here is EventBridge's delivery, not the design's.
 */
export type EventNotices = ReadonlyMap<string, readonly number[]>;

/** The bus's deliveries to the wait rules, read into notices (each name's times, ascending). */
export function eventNotices(
  deliveries: readonly { readonly event: unknown; readonly at: number }[],
): EventNotices {
  const notices = new Map<string, number[]>();
  for (const { event, at } of deliveries) {
    const name = noticeName(event as WaitEvent);
    if (name === undefined) continue;
    notices.set(name, [...(notices.get(name) ?? []), at]);
  }
  for (const times of notices.values()) times.sort((a, b) => a - b);
  return notices;
}

/** From the resource reaching its state to its event's first arrival then or after; none if polled. */
export function noticeDelayMs(
  notices: EventNotices,
  what: string,
  reachedAt: number,
): number | undefined {
  const arrived = notices.get(what)?.find((at) => at >= reachedAt);
  return arrived === undefined ? undefined : arrived - reachedAt;
}

function noticeName(event: WaitEvent): string | undefined {
  const sighting = sightingOf(event);
  switch (sighting?.kind) {
    case 'instance':
      return `${sighting.instanceId} ${sighting.state}`;
    case 'command':
      return `${sighting.commandId}/${sighting.instanceId} ${sighting.status}`;
    case 'cluster':
      return `${sighting.clusterId} ${sighting.status}`;
    default:
      return undefined;
  }
}
