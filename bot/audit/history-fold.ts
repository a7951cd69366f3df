import type { AuditAction, AuditRecord } from '../../contract/audit-record';
import type { JobnetName } from '../../contract/jobnets';

/** The actions that tell a run's story; `/webapp history` reads only these. */
export const RUN_ACTIONS: readonly AuditAction[] = [
  'request',
  'firing',
  'decision',
  'cancel',
  'redrive',
  'outcome',
];

export type AuditActor = AuditRecord['actor'];

/** One approval decided for a run: the first one, or the one before the page comes down. */
export interface RunDecision {
  readonly outcome: string;
  readonly actor: AuditActor;
  readonly at: number;
  /** 'Approval' or 'ApproveReopen'. */
  readonly approval?: string;
  /** A preapproved run: who approved it in advance (a one-off's approver), when not the actor. */
  readonly approvedBy?: string;
}

/** A run as the audit trail tells it, folded from its records. */
export interface RunHistory {
  /** The execution's name (the run id). */
  readonly runId: string;
  readonly system?: string;
  readonly jobnet?: JobnetName;
  readonly executionArn?: string;
  /** When it was asked for or fired: its first record. */
  readonly at: number;
  /** Who asked (a person), or what fired it (a schedule, a one-off, an event). */
  readonly startedBy?: AuditActor;
  readonly reason?: string;
  /** Whether the request or firing started it: started, not-started, unknown. */
  readonly start?: string;
  readonly decisions: readonly RunDecision[];
  /** The newest attempt's end. */
  readonly outcome?: {
    readonly outcome: string;
    readonly at: number;
    readonly durationSeconds?: number;
    readonly error?: string;
  };
  readonly redrives: number;
  readonly cancel?: { readonly outcome: string; readonly actor: AuditActor };
  /** Its request or firing was read: nothing older belongs to it. */
  readonly complete: boolean;
}

/** The run a record is about: the execution's name, or its run id. Undefined for none. */
export function runKeyOf(record: Pick<AuditRecord, 'executionArn' | 'runId'>): string | undefined {
  return record.executionArn?.split(':').at(-1) || record.runId || undefined;
}

interface Mutable {
  runId: string;
  system?: string;
  jobnet?: JobnetName;
  executionArn?: string;
  at: number;
  startedBy?: AuditActor;
  reason?: string;
  start?: string;
  decisions: RunDecision[];
  outcome?: RunHistory['outcome'];
  redrives: number;
  cancel?: RunHistory['cancel'];
  complete: boolean;
}

/**
 * Folds audit records, in any order, into runs, newest first (by when each was asked for or
 * fired). A record that names no run (a hold, a skipped firing) is left out. Pure.
 */
export function foldRuns(records: readonly AuditRecord[]): RunHistory[] {
  const runs = new Map<string, Mutable>();
  const ordered = [...records].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  for (const record of ordered) {
    const key = runKeyOf(record);
    if (!key || !RUN_ACTIONS.includes(record.action)) continue;
    const at = Date.parse(record.at);
    const run: Mutable = runs.get(key) ?? {
      runId: key,
      at,
      decisions: [],
      redrives: 0,
      complete: false,
    };
    runs.set(key, run);
    run.system ??= record.system;
    run.jobnet ??= record.jobnet;
    run.executionArn ??= record.executionArn;
    const detail = record.detail ?? {};
    switch (record.action) {
      case 'request':
      case 'firing':
        run.at = at;
        run.startedBy = record.actor;
        run.start = record.outcome;
        run.complete = true;
        if (record.reason !== undefined) run.reason = record.reason;
        break;
      case 'decision':
        run.decisions.push({
          outcome: record.outcome,
          actor: record.actor,
          at,
          ...(typeof detail.approval === 'string' ? { approval: detail.approval } : {}),
          ...(typeof detail.approvedBy === 'string' ? { approvedBy: detail.approvedBy } : {}),
        });
        break;
      case 'redrive':
        if (record.outcome === 'redriven') run.redrives += 1;
        break;
      case 'cancel':
        run.cancel = { outcome: record.outcome, actor: record.actor };
        break;
      case 'outcome':
        // Its actor is who or what started the run: said even when that record is missing.
        run.startedBy ??= record.actor;
        run.outcome = {
          outcome: record.outcome,
          at,
          ...(typeof detail.durationSeconds === 'number'
            ? { durationSeconds: detail.durationSeconds }
            : {}),
          ...(typeof detail.error === 'string' ? { error: detail.error } : {}),
        };
        break;
    }
  }
  return [...runs.values()].sort((a, b) => b.at - a.at);
}

/**
 * The newest `count` runs whose start was read, when reading newest first: once that many are
 * complete, older records can only belong to older runs. Undefined until then.
 */
export function newestComplete(
  runs: readonly RunHistory[],
  count: number,
): RunHistory[] | undefined {
  const complete = runs.filter((run) => run.complete);
  return complete.length >= count ? complete.slice(0, count) : undefined;
}
