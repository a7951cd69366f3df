import { auditRecord } from '../../bot/audit/audit-trail';
import type { AuditEntry, AuditRecord } from '../../contract/audit-record';
import type { JobnetName } from '../../contract/jobnets';

/** What a synthetic audit trail holds. */
export interface TrailShape {
  /** How many records, at least: runs are added until there are this many. */
  readonly records: number;
  readonly systems: readonly string[];
  /** When the newest run ends, epoch ms; runs go back from there. */
  readonly end: number;
  /** Time between two runs' starts. */
  readonly gapMs: number;
  readonly stateMachinePrefix: string;
}

/** A small deterministic generator, so every bench run reads the same trail. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const PEOPLE = ['U0REQUESTER', 'U0OPERATOR', 'U0APPROVER', 'U0LEAD'];
const REASONS = ['patching CVE-2026-1234', 'month-end batch', 'DB migration', 'load test'];

/**
 * A realistic audit trail, oldest first: runs of each system taking turns, a person's (asked,
 * approved or now and then rejected) or a schedule's (fired, pre-approved or no objection),
 * ending succeeded or failed (a failure retried once), with what happens around runs — a
 * refusal of someone asking meanwhile, a hold and its resume, a skipped occurrence, a firing
 * skipped — about 7 records a run in all.
 */
export function syntheticTrail(shape: TrailShape): AuditRecord[] {
  const next = random(11);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
  const entries: { at: number; entry: AuditEntry; source: string }[] = [];
  let run = 0;
  // Newest run first; sorted oldest first at the end.
  while (entries.length < shape.records) {
    const system = shape.systems[run % shape.systems.length];
    const start = shape.end - (run + 1) * shape.gapMs;
    const jobnet: JobnetName = run % 4 < 2 ? 'stop' : 'start';
    const stamp = new Date(start).toISOString().slice(0, 16).replace(/[-:]/g, '');
    const runId = `${jobnet}-${system}-${stamp}-${run.toString(16).padStart(8, '0')}`;
    const executionArn = `${shape.stateMachinePrefix}-${jobnet}:${runId}`;
    const keys = { system, jobnet, executionArn, runId };
    const add = (offsetMs: number, source: string, entry: AuditEntry) =>
      entries.push({ at: start + offsetMs, source, entry });
    const scheduled = next() < 0.4;
    const starter = scheduled
      ? { kind: 'schedule' as const, id: jobnet === 'stop' ? 'nightly-stop' : 'morning-start' }
      : { kind: 'person' as const, id: pick(PEOPLE.slice(0, 2)) };
    const approver = { kind: 'person' as const, id: pick(PEOPLE.slice(2)) };
    if (scheduled) {
      add(0, 'scheduled-run', {
        action: 'firing',
        ...keys,
        actor: starter,
        outcome: 'started',
        detail: { scheduledAt: new Date(start).toISOString() },
      });
      add(5_000, 'approval-requester', {
        action: 'decision',
        ...keys,
        actor: starter,
        outcome: jobnet === 'stop' ? 'no-objection' : 'preapproved',
        detail: { approval: 'Approval' },
      });
    } else {
      add(0, 'bot', {
        action: 'request',
        ...keys,
        actor: starter,
        outcome: 'started',
        reason: pick(REASONS),
      });
      add(60_000, 'bot', {
        action: 'decision',
        ...keys,
        actor: approver,
        outcome: next() < 0.1 ? 'rejected' : 'approved',
        detail: { approval: 'Approval' },
      });
    }
    // Someone else asks while it runs, and is refused.
    add(120_000, 'bot', {
      action: 'refusal',
      system,
      actor: { kind: 'person', id: pick(PEOPLE) },
      outcome: 'refused',
      reason: `a ${jobnet} of ${system} is already going`,
      detail: { refusal: 'RunInProgress', command: jobnet },
    });
    const failed = next() < 0.1;
    const end = (offsetMs: number, outcome: string) =>
      add(offsetMs, 'progress-notifier', {
        action: 'outcome',
        ...keys,
        actor: starter,
        outcome,
        detail: {
          durationSeconds: Math.round(offsetMs / 1000),
          approvedBy: scheduled ? `schedule ${starter.id}` : approver.id,
          ...(outcome === 'failed' ? { error: 'Jobnet.CommandFailed' } : {}),
        },
      });
    end(540_000, failed ? 'failed' : 'succeeded');
    if (failed) {
      add(900_000, 'bot', { action: 'redrive', ...keys, actor: starter, outcome: 'redriven' });
      end(1_200_000, 'succeeded');
    }
    // Around the runs: holds, skips, and firings that started nothing.
    const person = { kind: 'person' as const, id: pick(PEOPLE) };
    add(shape.gapMs / 3, 'bot', { action: 'hold', system, actor: person, outcome: 'held' });
    add(shape.gapMs / 2, 'bot', { action: 'resume', system, actor: person, outcome: 'resumed' });
    if (next() < 0.5) {
      add(shape.gapMs / 2 + 1000, 'bot', {
        action: 'skip',
        system,
        actor: person,
        outcome: 'skipped',
        detail: {
          schedule: 'nightly-stop',
          occurrence: new Date(start + shape.gapMs).toISOString(),
        },
      });
    } else {
      add(shape.gapMs / 2 + 1000, 'scheduled-run', {
        action: 'firing',
        system,
        actor: { kind: 'schedule', id: 'monthly-maintenance' },
        outcome: 'skipped',
        reason: 'the change calendar jp-holidays is closed',
      });
    }
    run += 1;
  }
  return entries
    .sort((a, b) => a.at - b.at)
    .map(({ at, entry, source }) => auditRecord(entry, source, new Date(at)));
}
