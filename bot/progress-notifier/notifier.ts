import {
  DescribeExecutionCommand,
  paginateGetExecutionHistory,
  type HistoryEvent,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import type { WebClient } from '@slack/web-api';
import type { KnownBlock } from '@slack/types';
import { decideApproval } from '../blocks/approval';
import { failureReply } from '../blocks/failure';
import { runMessage } from '../blocks/run-message';
import { finalSummary } from '../blocks/summary';
import type { RunProgress, RunStatus } from '../progress-model';
import type { Clock } from '../../contract/clock';
import { APPROVAL_EVENT_TYPE } from '../approval-requester/request-approval';
import { progressFromHistory } from './history-progress';
import { RenderMemory } from './render-memory';
import type { StepSpec } from '../../contract/jobnet-steps';
import type { JobnetName } from '../../contract/jobnets';

export const SUMMARY_EVENT_TYPE = 'webapp_chatops_summary';

export interface NotifierDeps {
  readonly sfn: SFNClient;
  readonly slack: () => Promise<WebClient>;
  readonly clock: Clock;
  readonly catalogs: Readonly<Record<JobnetName, readonly StepSpec[]>>;
  readonly memory: RenderMemory;
}

/** What one call did, for the handler's logs and metrics. */
export interface Delivery {
  readonly progress: RunProgress;
  /** When AWS recorded the run's newest state change: the latest event of its history. */
  readonly changedAt?: number;
  /** When the edit of the root message went out; absent when it already showed this. */
  readonly editedAt?: number;
  /** Whether this call posted the attempt's final summary. */
  readonly summaryPosted: boolean;
}

interface RunInput {
  system?: string;
  requestedBy?: string;
  slack?: { channel?: string; threadTs?: string };
}

/**
 * Brings a run's thread up to date: the root message becomes the live checklist, and once the
 * run has ended a failure reply (with Retry when it can be redriven) and a summary are posted,
 * once per attempt. Everything is rendered from the execution history, so a late or repeated
 * delivery — or one after a Slack outage — writes the current truth, never an old step.
 */
export async function notifyExecution(
  executionArn: string,
  deps: NotifierDeps,
): Promise<Delivery | undefined> {
  const execution = await deps.sfn.send(new DescribeExecutionCommand({ executionArn }));
  const input = JSON.parse(execution.input ?? '{}') as RunInput;
  const channel = input.slack?.channel;
  const threadTs = input.slack?.threadTs;
  if (!channel || !threadTs) return undefined; // A run started without Slack has no thread to keep.
  const jobnet = execution.stateMachineArn?.endsWith('-start') ? 'start' : 'stop';
  const events = await history(deps.sfn, executionArn);
  const progress = progressFromHistory(
    {
      jobnet,
      system: input.system ?? '?',
      executionArn,
      status: (execution.status ?? 'RUNNING') as RunStatus,
      startedAt: execution.startDate?.getTime() ?? 0,
      stoppedAt: execution.stopDate?.getTime(),
      error: execution.error,
      cause: execution.cause,
    },
    deps.catalogs[jobnet],
    events,
  );
  const slack = await deps.slack();
  const editedAt = await updateRoot(slack, channel, threadTs, progress, input.requestedBy, deps);
  let summaryPosted = false;
  if (progress.status !== 'RUNNING') {
    const attempt = `${executionArn}#${execution.redriveCount ?? 0}`;
    summaryPosted = await postOutcome(
      slack,
      channel,
      threadTs,
      progress,
      attempt,
      execution.redriveStatus === 'REDRIVABLE',
      execution.redriveStatusReason,
    );
  }
  return { progress, changedAt: latestChange(events), editedAt, summaryPosted };
}

/** When AWS recorded the newest event of a history. */
function latestChange(events: readonly HistoryEvent[]): number | undefined {
  let latest: number | undefined;
  for (const event of events) {
    const at = event.timestamp?.getTime();
    if (at !== undefined && (latest === undefined || at > latest)) latest = at;
  }
  return latest;
}

async function history(sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  const pages = paginateGetExecutionHistory({ client: sfn, pageSize: 1000 }, { executionArn });
  for await (const page of pages) events.push(...(page.events ?? []));
  return events;
}

async function updateRoot(
  slack: WebClient,
  channel: string,
  ts: string,
  progress: RunProgress,
  requestedBy: string | undefined,
  deps: NotifierDeps,
): Promise<number | undefined> {
  const message = runMessage({
    jobnet: progress.jobnet,
    system: progress.system,
    requestedBy,
    executionArn: progress.executionArn,
    progress,
  });
  const key = `${channel}/${ts}`;
  const hash = RenderMemory.hash(message);
  if (deps.memory.isSame(key, hash)) return undefined;
  const wait = deps.memory.waitBefore(key, deps.clock.now());
  if (wait > 0) await deps.clock.sleep(wait);
  await slack.chat.update({ channel, ts, ...message });
  const editedAt = deps.clock.now();
  deps.memory.remember(key, hash, editedAt);
  return editedAt;
}

async function postOutcome(
  slack: WebClient,
  channel: string,
  threadTs: string,
  progress: RunProgress,
  attempt: string,
  redrivable: boolean,
  redriveReason: string | undefined,
): Promise<boolean> {
  const replies = await slack.conversations.replies({
    channel,
    ts: threadTs,
    include_all_metadata: true,
    limit: 200,
  });
  const messages = (replies.messages ?? []) as ThreadMessage[];
  const posted = messages.some(
    (m) =>
      m.metadata?.event_type === SUMMARY_EVENT_TYPE &&
      m.metadata.event_payload?.attempt === attempt,
  );
  if (posted) return false;
  if (progress.decision?.outcome === 'expired') {
    const at = progress.stoppedAt ?? Date.now();
    await markApprovalExpired(slack, channel, messages, progress.executionArn, at);
  }
  // A decision carries no failure: it gets no failure reply and no Retry.
  if (progress.failure) {
    const reply = failureReply({
      failure: progress.failure,
      executionArn: progress.executionArn,
      retryable: redrivable,
      ...(redriveReason ? { reason: redriveReason } : {}),
    });
    await slack.chat.postMessage({ channel, thread_ts: threadTs, ...reply });
  }
  await slack.chat.postMessage({
    channel,
    thread_ts: threadTs,
    ...finalSummary(progress),
    metadata: { event_type: SUMMARY_EVENT_TYPE, event_payload: { attempt } },
  });
  return true;
}

type ThreadMessage = {
  ts?: string;
  blocks?: unknown[];
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
};

async function markApprovalExpired(
  slack: WebClient,
  channel: string,
  messages: ThreadMessage[],
  executionArn: string,
  at: number,
): Promise<void> {
  // The request that timed out is the latest one still showing its buttons.
  const approval = messages
    .filter(
      (m) =>
        m.metadata?.event_type === APPROVAL_EVENT_TYPE &&
        m.metadata.event_payload?.executionArn === executionArn &&
        (m.blocks ?? []).some((b) => (b as { type?: string }).type === 'actions'),
    )
    .at(-1);
  if (!approval?.ts) return;
  const expired = decideApproval((approval.blocks ?? []) as KnownBlock[], 'expired', at);
  await slack.chat.update({ channel, ts: approval.ts, ...expired });
}
