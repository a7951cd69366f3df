import type { ScheduleConfig } from '../../config/schedules-schema';
import { nextOccurrences } from '../../contract/schedule-occurrences';
import type { Hold, OneOff, Skip } from './schedule-state';

/** How many occurrences of each schedule `/webapp schedules` shows. */
export const OCCURRENCES_SHOWN = 3;

/**
 * How far ahead a Skip next press may reach: the occurrence it names must be one of this many
 * next ones (a few were shown, a few may have been skipped since), not any instant at all.
 */
const SKIPPABLE_AHEAD = 10;

/** One coming occurrence of a schedule, and who skipped it if anyone did. */
export interface Occurrence {
  readonly at: Date;
  readonly skip?: Skip;
}

/** A schedule with its next occurrences. */
export interface UpcomingSchedule {
  readonly schedule: ScheduleConfig;
  readonly occurrences: readonly Occurrence[];
  /** The first shown occurrence nobody skipped: what Skip next skips; none when all are. */
  readonly nextToSkip?: Date;
}

/** A system's schedules as people see them: zone, hold, coming runs, one-off runs still ahead. */
export interface SystemSchedules {
  readonly system: string;
  readonly timeZone: string;
  readonly calendar?: string;
  readonly hold?: Hold;
  readonly schedules: readonly UpcomingSchedule[];
  /** One-off runs waiting for approval or scheduled, soonest first. */
  readonly oneOffs: readonly OneOff[];
}

/** The one-off runs that may still run: those a Cancel button applies to. */
export const PENDING_ONE_OFF = ['awaiting-approval', 'scheduled'] as const;

/**
 * A system's schedules from its configuration and what people decided (the store's records),
 * at `now`. Pure: the same inputs give the same view.
 */
export function systemSchedules(
  system: {
    readonly name: string;
    readonly timeZone: string;
    readonly calendar?: string;
    readonly schedules: readonly ScheduleConfig[];
  },
  state: { hold?: Hold; skips: readonly Skip[]; oneOffs: readonly OneOff[] },
  now: Date,
): SystemSchedules {
  const schedules = system.schedules.map((schedule) => {
    const skips = new Map(
      state.skips.filter((s) => s.schedule === schedule.name).map((s) => [s.occurrence, s]),
    );
    const occurrences = nextOccurrences(
      schedule.expression,
      schedule.timeZone,
      now,
      OCCURRENCES_SHOWN,
    ).map((at) => {
      const skip = skips.get(at.toISOString());
      return skip ? { at, skip } : { at };
    });
    const next = occurrences.find((o) => !o.skip);
    return { schedule, occurrences, ...(next ? { nextToSkip: next.at } : {}) };
  });
  const oneOffs = state.oneOffs
    .filter((o) => (PENDING_ONE_OFF as readonly string[]).includes(o.status))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return {
    system: system.name,
    timeZone: system.timeZone,
    ...(system.calendar ? { calendar: system.calendar } : {}),
    ...(state.hold ? { hold: state.hold } : {}),
    schedules,
    oneOffs,
  };
}

/**
 * Whether `occurrence` (an ISO instant) is one of the schedule's next occurrences after `now`:
 * a Skip next press may only skip a real, future firing of that schedule.
 */
export function isComingOccurrence(
  schedule: ScheduleConfig,
  occurrence: string,
  now: Date,
): boolean {
  return nextOccurrences(schedule.expression, schedule.timeZone, now, SKIPPABLE_AHEAD).some(
    (at) => at.toISOString() === occurrence,
  );
}
