import type { RunTrigger } from '../../contract/run-trigger';
import { DescribeExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { WebClient } from '@slack/web-api';
import { createHash, randomUUID } from 'node:crypto';
import type { Clock } from '../../contract/clock';
import { stepsInScope, type StepSpec } from '../../contract/jobnet-steps';
import type { JobnetName } from '../../contract/jobnets';
import type { RunProgress } from '../progress-model';
import type { AuditTrail } from '../audit/audit-trail';
import type { RunLock } from '../services/run-lock';
import { owedRecords } from './audit-entries';
import { EMPTY_FOLD, executionFacts, foldHistory, progressOf } from './history-progress';
import { anchorOf, readNewEvents } from './history-reader';
import { versionOf, type RunFacts, type RunRecord, type RunRecords } from './run-records';
import { announceRun, editRoot, postOutcome, rootMessage } from './thread-writer';
import type { Trigger } from './trigger-events';

export interface NotifierDeps {
  readonly sfn: SFNClient;
  readonly slack: () => Promise<WebClient>;
  readonly clock: Clock;
  readonly catalogs: Readonly<Record<JobnetName, readonly StepSpec[]>>;
  readonly records: RunRecords;
  /** The run lock, released when a run ends. */
  readonly lock: Pick<RunLock, 'release'>;
  /** Where each attempt's outcome (and a no-objection or expired approval) is recorded, once. */
  readonly audit: AuditTrail;
  /** The least time between two edits of one message; Slack allows about one a second. */
  readonly editGapMs?: number;
}

/** What one call did, for the handler's logs and metrics. */
export interface Delivery {
  /** The run as this call wrote it to the thread or, when it wrote nothing, as it saw it. */
  readonly progress: RunProgress;
  /** When AWS recorded the newest state change that progress shows. */
  readonly changedAt?: number;
  /** When the edit of the root message went out; absent when this call made none. */
  readonly editedAt?: number;
  /** Whether this call posted the attempt's final summary. */
  readonly summaryPosted: boolean;
  /** How many history events this call read. */
  readonly eventsRead: number;
}

interface RunInput {
  system?: string;
  scope?: string;
  requestedBy?: string;
  reason?: string;
  trigger?: RunTrigger;
  slack?: { channel?: string; threadTs?: string; announceChannel?: string };
}

/** How long a delivery waits for another one that is writing the same thread. */
const PEN_WAIT_MS = 30_000;
const PEN_POLL_MS = 200;

/**
 * Brings a run's thread up to date: the root message becomes the live checklist, and once the
 * run has ended a failure reply (with Retry while it can be redriven) and a summary are posted,
 * once per attempt. The run record holds the history folded so far, so a delivery reads only
 * the events since; a state is saved only over an older one, and only the holder of the run's
 * pen writes the thread, from the newest state saved. So deliveries at once, repeated or late
 * write each render in order and each reply exactly once. A run's end releases its run lock
 * before anything is written to Slack, so a Slack outage never keeps a system locked.
 */
export async function notifyExecution(
  trigger: Trigger,
  deps: NotifierDeps,
): Promise<Delivery | undefined> {
  const { executionArn } = trigger;
  const execution = await deps.sfn.send(new DescribeExecutionCommand({ executionArn }));
  const input = JSON.parse(execution.input ?? '{}') as RunInput;
  if (trigger.ended && input.system) {
    const endedAt = trigger.ended.stopDate ?? execution.stopDate?.getTime() ?? deps.clock.now();
    await deps.lock.release(input.system, executionArn, endedAt);
  }
  const channel = input.slack?.channel;
  const threadTs = input.slack?.threadTs;
  if (!channel || !threadTs) return undefined; // A run started without Slack has no thread to keep.
  const facts: RunFacts = {
    ...executionFacts(execution, input.system ?? '?'),
    executionArn,
    channel,
    threadTs,
    ...(input.requestedBy ? { requestedBy: input.requestedBy } : {}),
    ...(input.reason ? { reason: input.reason } : {}),
    ...(input.slack?.announceChannel ? { announceChannel: input.slack.announceChannel } : {}),
    ...(input.trigger && input.trigger.kind !== 'person' ? { trigger: input.trigger } : {}),
    ...(input.scope === 'database' ? { scope: 'database' as const } : {}),
    attempt: execution.redriveCount ?? 0,
    redrivable: execution.redriveStatus === 'REDRIVABLE',
    ...(execution.redriveStatusReason ? { redriveReason: execution.redriveStatusReason } : {}),
  };
  const catalog = stepsInScope(deps.catalogs[facts.jobnet], facts.scope);

  const record = await deps.records.get(executionArn);
  const read = await readNewEvents(
    deps.sfn,
    executionArn,
    record && { position: record.fold.position, anchor: record.anchor },
    trigger.newestEventId,
  );
  const fold = foldHistory(read.whole || !record ? EMPTY_FOLD : record.fold, catalog, read.events);
  const newest = read.events.at(-1);
  const anchor = newest ? anchorOf(newest) : read.whole ? '' : (record?.anchor ?? '');
  const version = versionOf(fold, facts.status);
  if (!record || version > record.version) {
    await deps.records.save(executionArn, { version, anchor, fold, facts });
  }

  const written = await writeThread(executionArn, version, deps);
  return {
    progress: written?.progress ?? progressOf(facts, catalog, fold),
    changedAt: written ? written.changedAt : fold.changedAt,
    ...(written?.editedAt !== undefined ? { editedAt: written.editedAt } : {}),
    summaryPosted: written?.summaryPosted ?? false,
    eventsRead: read.read,
  };
}

interface Written {
  readonly progress: RunProgress;
  readonly changedAt?: number;
  readonly editedAt?: number;
  readonly summaryPosted: boolean;
}

/**
 * Sees the thread show `version` or newer: takes the run's pen and writes the newest state
 * saved, or waits while another delivery holds it — that one writes what was saved before it
 * took the pen, and whatever came after is written by the next holder. Undefined when another
 * delivery did the writing.
 */
async function writeThread(
  executionArn: string,
  version: number,
  deps: NotifierDeps,
): Promise<Written | undefined> {
  const owner = randomUUID();
  const giveUpAt = deps.clock.now() + PEN_WAIT_MS;
  for (;;) {
    const taken = await deps.records.takePen(executionArn, owner, version);
    if (taken) return writeAsHolder(executionArn, taken, owner, deps);
    const record = await deps.records.get(executionArn);
    if (!record || record.renderedVersion >= version) return undefined;
    if (deps.clock.now() >= giveUpAt) {
      throw new Error('Another delivery kept writing this thread; this one comes again');
    }
    if (!deps.records.penFree(record)) await deps.clock.sleep(PEN_POLL_MS);
  }
}

async function writeAsHolder(
  executionArn: string,
  record: RunRecord,
  owner: string,
  deps: NotifierDeps,
): Promise<Written> {
  try {
    const catalog = stepsInScope(deps.catalogs[record.facts.jobnet], record.facts.scope);
    const progress = progressOf(record.facts, catalog, record.fold);
    const run = { progress, facts: record.facts };
    // Before Slack, so an outage there does not hold the record up; under the pen, and noted
    // in the run record once written, so a repeated or concurrent delivery writes none again.
    for (const owed of owedRecords(record.facts, record.fold, progress)) {
      if (record.posted.has(owed.key)) continue;
      await deps.audit.record(owed.entry);
      await deps.records.markPosted(executionArn, owner, owed.key);
    }
    const slack = await deps.slack();
    const message = rootMessage(run);
    const hash = createHash('sha256').update(JSON.stringify(message)).digest('hex');
    let editedAt: number | undefined;
    // An identical render is skipped; edits of one message are spaced out, whichever
    // container made the last one.
    if (hash !== record.renderedHash) {
      const gap = deps.editGapMs ?? 1_000;
      const wait = (record.renderedAt ?? -Infinity) + gap - deps.clock.now();
      if (wait > 0) await deps.clock.sleep(wait);
      await editRoot(slack, record.facts, message);
      editedAt = deps.clock.now();
      await deps.records.markRendered(executionArn, owner, hash, editedAt);
    }
    const markPosted = (reply: string) => deps.records.markPosted(executionArn, owner, reply);
    await announceRun(slack, run, record.posted, 'start', markPosted);
    const summaryPosted =
      progress.status !== 'RUNNING' && (await postOutcome(slack, run, record.posted, markPosted));
    if (progress.status !== 'RUNNING') {
      await announceRun(slack, run, record.posted, 'end', markPosted);
    }
    await deps.records.releasePen(executionArn, owner, record.version);
    return { progress, changedAt: record.fold.changedAt, editedAt, summaryPosted };
  } catch (error) {
    // The next delivery (or this one's redelivery) writes what is missing. Should the release
    // fail too, the lease runs out.
    await deps.records.releasePen(executionArn, owner).catch(() => undefined);
    throw error;
  }
}
