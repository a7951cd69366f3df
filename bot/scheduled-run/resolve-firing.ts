import type { AppConfig, SystemConfig } from '../../config/schema';
import type { ScheduleConfig } from '../../config/schedules-schema';
import { eventRuleName } from '../../config/trigger-deployment';
import { eventTriggersOf } from '../../config/triggers-schema';
import type { JobnetName } from '../../contract/jobnets';
import { describeSchedule } from '../../contract/schedule-expression';
import { formatInZone } from '../../contract/zoned-time';
import { describeEvent, eventConsoleUrl } from '../blocks/event-words';
import type { FiringLabel } from '../blocks/firing-lines';
import type { OneOff, ScheduleState } from '../services/schedule-state';
import { normalInstant, type FiredTrigger, type ScheduledFiring } from './firing';

/** What the starter knows of a firing once it has found its schedule, one-off or trigger. */
export interface Resolved {
  readonly system: SystemConfig;
  readonly jobnet: JobnetName;
  readonly label: FiringLabel;
  readonly trigger: FiredTrigger;
  /** How much of the system the run works on (`database`: the Aurora watch's re-stop). */
  readonly scope: 'system' | 'database';
  /** When it fired: the scheduled time, or the event's time (the run's name carries it). */
  readonly at: Date;
  readonly schedule?: ScheduleConfig;
  readonly oneOff?: OneOff;
  readonly approvalTimeoutSeconds: number;
}

export interface ResolveDeps {
  readonly config: AppConfig;
  readonly state: Pick<ScheduleState, 'oneOff'>;
  /** What the trigger rules' names begin with (the stack's name): the root message links them. */
  readonly eventRulePrefix?: string;
}

/**
 * The system, the schedule, one-off or event trigger, and what the run's input says started
 * it; or the problem, for a firing of something the configuration no longer has.
 */
export async function resolveFiring(
  firing: ScheduledFiring,
  deps: ResolveDeps,
): Promise<Resolved | { problem: string }> {
  const system = deps.config.systems.find((s) => s.name === firing.system);
  if (!system) return { problem: `no system ${firing.system} in the configuration` };
  const approvalTimeoutSeconds = deps.config.slack.approvalTimeoutSeconds;
  if (firing.kind === 'schedule') {
    const schedule = system.schedules.find((s) => s.name === firing.schedule);
    if (!schedule) return { problem: `no schedule ${firing.schedule} for ${system.name}` };
    const timeZone = schedule.timeZone;
    // When it fires, in words; the configured description says why, in /webapp schedules.
    const description = describeSchedule(schedule.expression, timeZone);
    const holdWindowMinutes =
      schedule.approval === 'unless-held' ? schedule.holdWindowMinutes : undefined;
    return {
      system,
      jobnet: schedule.jobnet,
      schedule,
      scope: 'system',
      at: new Date(firing.scheduledAt),
      label: { name: schedule.name, system: system.name, jobnet: schedule.jobnet, timeZone },
      trigger: {
        kind: 'schedule',
        schedule: schedule.name,
        scheduledAt: normalInstant(firing.scheduledAt),
        policy: schedule.approval,
        ...(holdWindowMinutes ? { holdWindowMinutes } : {}),
        description,
      },
      approvalTimeoutSeconds: holdWindowMinutes ? holdWindowMinutes * 60 : approvalTimeoutSeconds,
    };
  }
  if (firing.kind === 'event') return resolveEvent(firing, system, deps);
  const oneOff = await deps.state.oneOff(system.name, firing.oneOffId);
  if (!oneOff) return { problem: `no one-off run ${firing.oneOffId} of ${system.name}` };
  const at = formatInZone(new Date(oneOff.at), oneOff.timeZone);
  return {
    system,
    jobnet: oneOff.jobnet,
    oneOff,
    scope: 'system',
    at: new Date(firing.scheduledAt),
    label: {
      name: `The one-off ${oneOff.jobnet} of ${system.name} at ${at}`,
      system: system.name,
      jobnet: oneOff.jobnet,
      timeZone: oneOff.timeZone,
    },
    trigger: {
      kind: 'one-off',
      oneOffId: oneOff.id,
      scheduledAt: normalInstant(firing.scheduledAt),
      policy: 'preapproved',
    },
    approvalTimeoutSeconds,
  };
}

/** An event trigger: a configured one, or the Aurora watch's re-stop (eventTriggersOf). */
function resolveEvent(
  firing: Extract<ScheduledFiring, { kind: 'event' }>,
  system: SystemConfig,
  deps: ResolveDeps,
): Resolved | { problem: string } {
  const trigger = eventTriggersOf(system).find((t) => t.name === firing.trigger);
  if (!trigger) return { problem: `no trigger ${firing.trigger} for ${system.name}` };
  const { event } = firing;
  const configured = system.triggers.some((t) => t.name === trigger.name);
  // Only a configured trigger has a rule; the Aurora watch invokes the starter itself.
  const rule =
    configured && deps.eventRulePrefix
      ? eventRuleName(deps.eventRulePrefix, system.name, trigger.name)
      : undefined;
  const link = eventConsoleUrl(event, rule);
  const holdWindowMinutes =
    trigger.approval === 'unless-held' ? trigger.holdWindowMinutes : undefined;
  return {
    system,
    jobnet: trigger.jobnet,
    scope: trigger.scope,
    at: new Date(event.time),
    label: {
      name: `trigger ${trigger.name}`,
      system: system.name,
      jobnet: trigger.jobnet,
      timeZone: system.timeZone,
    },
    trigger: {
      kind: 'event',
      trigger: trigger.name,
      eventId: event.id,
      eventTime: normalInstant(event.time),
      source: event.source,
      detailType: event['detail-type'],
      ...(link ? { link } : {}),
      policy: trigger.approval,
      ...(holdWindowMinutes ? { holdWindowMinutes } : {}),
      description: describeEvent(event, system.timeZone),
    },
    approvalTimeoutSeconds: holdWindowMinutes
      ? holdWindowMinutes * 60
      : deps.config.slack.approvalTimeoutSeconds,
  };
}
