/**
 * What the schedule buttons carry: ids only — a system, a schedule, an occurrence, a one-off
 * run — never anything secret (button values are visible to the channel). The listener reads
 * everything else back from the configuration and the store.
 */
export interface SystemRef {
  readonly system: string;
  /** The schedules message listed every system (re-rendered the same way). */
  readonly all?: boolean;
}

export interface OccurrenceRef extends SystemRef {
  readonly schedule: string;
  /** The occurrence, an ISO instant. */
  readonly occurrence: string;
}

export interface OneOffRef extends SystemRef {
  readonly oneOff: string;
}

const NAME = /^[a-z][a-z0-9-]{0,23}$/;
const ONE_OFF_ID = /^[A-Za-z0-9-]{1,64}$/;

/** The button value for a ref. */
export function refValue(ref: SystemRef | OccurrenceRef | OneOffRef): string {
  const { all, ...ids } = ref;
  return JSON.stringify(all ? { ...ids, all } : ids);
}

function parsed(value: string | undefined): Record<string, unknown> | undefined {
  try {
    const raw: unknown = JSON.parse(value ?? '');
    return typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The system a button names, or undefined for a value this bot did not write. */
export function parseSystemRef(value: string | undefined): SystemRef | undefined {
  const raw = parsed(value);
  if (typeof raw?.system !== 'string' || !NAME.test(raw.system)) return undefined;
  return { system: raw.system, ...(raw.all === true ? { all: true } : {}) };
}

/** The schedule occurrence a Skip next button names. */
export function parseOccurrenceRef(value: string | undefined): OccurrenceRef | undefined {
  const system = parseSystemRef(value);
  const raw = parsed(value);
  if (!system || typeof raw?.schedule !== 'string' || !NAME.test(raw.schedule)) return undefined;
  if (typeof raw.occurrence !== 'string' || Number.isNaN(Date.parse(raw.occurrence))) {
    return undefined;
  }
  return { ...system, schedule: raw.schedule, occurrence: raw.occurrence };
}

/** The one-off run a button names. */
export function parseOneOffRef(value: string | undefined): OneOffRef | undefined {
  const system = parseSystemRef(value);
  const raw = parsed(value);
  if (!system || typeof raw?.oneOff !== 'string' || !ONE_OFF_ID.test(raw.oneOff)) return undefined;
  return { ...system, oneOff: raw.oneOff };
}
