import { ACTION_IDS } from '../blocks/action-ids';
import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { APPROVAL_EVENT_TYPE } from '../approval-requester/request-approval';
import { announce, announceLine } from '../blocks/announce';
import { decideApproval } from '../blocks/approval';
import { failureReply } from '../blocks/failure';
import type { BlockMessage } from '../blocks/parts';
import { runMessage } from '../blocks/run-message';
import { finalSummary } from '../blocks/summary';
import type { RunProgress } from '../progress-model';
import type { RunFacts } from './run-records';

/** Message metadata of the replies, so a reply already in the thread is found again. */
export const SUMMARY_EVENT_TYPE = 'webapp_chatops_summary';
export const FAILURE_EVENT_TYPE = 'webapp_chatops_failure';

/** A run as the thread shows it: its progress and where its thread is. */
export interface ThreadRun {
  readonly progress: RunProgress;
  readonly facts: RunFacts;
}

/** The run's root message for this progress. */
export function rootMessage({ progress, facts }: ThreadRun): BlockMessage {
  return runMessage({
    jobnet: progress.jobnet,
    system: progress.system,
    requestedBy: facts.requestedBy,
    executionArn: progress.executionArn,
    progress,
    ...(facts.trigger ? { trigger: facts.trigger } : {}),
    ...(facts.reason ? { reason: facts.reason } : {}),
    ...(facts.scope ? { scope: facts.scope } : {}),
  });
}

/**
 * The run's line in the system's announce channel: its start (or a redrive's) and its end, each
 * once per attempt, noted through `markPosted` like the replies. A line that cannot be posted
 * is left for the next delivery and never fails this one: the thread comes first.
 */
export async function announceRun(
  slack: WebClient,
  { progress, facts }: ThreadRun,
  posted: ReadonlySet<string>,
  which: 'start' | 'end',
  markPosted: (reply: string) => Promise<void>,
): Promise<void> {
  const key = `announce-${which}#${facts.attempt}`;
  if (!facts.announceChannel || posted.has(key)) return;
  const line = announceLine(
    which === 'end'
      ? { kind: 'ended', progress }
      : {
          kind: 'started',
          jobnet: progress.jobnet,
          system: progress.system,
          executionArn: progress.executionArn,
          attempt: facts.attempt,
          ...(facts.requestedBy ? { requestedBy: facts.requestedBy } : {}),
          ...(facts.trigger ? { trigger: facts.trigger } : {}),
          ...(facts.reason ? { reason: facts.reason } : {}),
        },
  );
  if (await announce(slack, facts, line)) await markPosted(key);
}

/** Edits the root message in place. */
export async function editRoot(slack: WebClient, facts: RunFacts, message: BlockMessage) {
  await slack.chat.update({ channel: facts.channel, ts: facts.threadTs, ...message });
}

/**
 * Posts what the ended attempt still lacks: the failure reply (a failure only; a decision gets
 * none) and the summary, each noted through `markPosted` as soon as it is out. A reply found
 * in the thread by its metadata is only noted: a container that died between posting and
 * noting left it there. Returns whether this call posted the summary.
 */
export async function postOutcome(
  slack: WebClient,
  { progress, facts }: ThreadRun,
  posted: ReadonlySet<string>,
  markPosted: (reply: string) => Promise<void>,
): Promise<boolean> {
  const attempt = `${progress.executionArn}#${facts.attempt}`;
  const failure = progress.failure;
  const replies = [
    ...(failure
      ? [
          {
            key: `failure#${facts.attempt}`,
            eventType: FAILURE_EVENT_TYPE,
            message: () =>
              failureReply({
                failure,
                executionArn: progress.executionArn,
                retryable: facts.redrivable,
                ...(facts.redriveReason ? { reason: facts.redriveReason } : {}),
              }),
          },
        ]
      : []),
    {
      key: `summary#${facts.attempt}`,
      eventType: SUMMARY_EVENT_TYPE,
      message: () => finalSummary(progress, facts.scope),
    },
  ].filter((reply) => !posted.has(reply.key));
  if (replies.length === 0) return false;

  const thread = await threadMessages(slack, facts);
  let summaryPosted = false;
  for (const reply of replies) {
    const inThread = thread.some(
      (m) =>
        m.metadata?.event_type === reply.eventType && m.metadata.event_payload?.attempt === attempt,
    );
    if (!inThread) {
      if (reply.eventType === SUMMARY_EVENT_TYPE) {
        const at = progress.stoppedAt ?? Date.now();
        if (progress.decision?.outcome === 'expired') {
          await markOpenApproval(slack, facts, thread, 'expired', at);
        }
        // A cancel leaves the approval it ended (or the reopen one it cut short) open.
        const canceller = progress.decision?.cancelled ? progress.decision : progress.cancelled;
        if (canceller) await markOpenApproval(slack, facts, thread, 'cancelled', at, canceller.by);
        // An unless-held schedule's plan whose window ended with no hold: the run went ahead.
        if (progress.steps.find((step) => step.name === 'Approval')?.state === 'succeeded') {
          await markOpenApproval(slack, facts, thread, 'no-objection', at);
        }
      }
      await slack.chat.postMessage({
        channel: facts.channel,
        thread_ts: facts.threadTs,
        ...reply.message(),
        metadata: { event_type: reply.eventType, event_payload: { attempt } },
      });
      summaryPosted ||= reply.eventType === SUMMARY_EVENT_TYPE;
    }
    await markPosted(reply.key);
  }
  return summaryPosted;
}

type ThreadMessage = {
  ts?: string;
  blocks?: unknown[];
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
};

async function threadMessages(slack: WebClient, facts: RunFacts): Promise<ThreadMessage[]> {
  const replies = await slack.conversations.replies({
    channel: facts.channel,
    ts: facts.threadTs,
    include_all_metadata: true,
    limit: 200,
  });
  return (replies.messages ?? []) as ThreadMessage[];
}

async function markOpenApproval(
  slack: WebClient,
  facts: RunFacts,
  messages: ThreadMessage[],
  decision: 'expired' | 'no-objection' | 'cancelled',
  at: number,
  by?: string,
): Promise<void> {
  // The request that timed out (or that a cancel ended) is the latest one still showing its buttons.
  const approval = messages
    .filter(
      (m) =>
        m.metadata?.event_type === APPROVAL_EVENT_TYPE &&
        m.metadata.event_payload?.executionArn === facts.executionArn &&
        (m.blocks ?? []).some((b) => (b as { type?: string }).type === 'actions') &&
        (decision !== 'no-objection' || JSON.stringify(m.blocks).includes(ACTION_IDS.hold)),
    )
    .at(-1);
  if (!approval?.ts) return;
  const decided = decideApproval((approval.blocks ?? []) as KnownBlock[], decision, at, by);
  await slack.chat.update({ channel: facts.channel, ts: approval.ts, ...decided });
}
