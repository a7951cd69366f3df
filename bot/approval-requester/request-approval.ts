import type { WebClient } from '@slack/web-api';
import { approvalRequest, reopenRequest } from '../blocks/approval';
import { tokenDigest } from '../blocks/approval-ref';
import { asSlackError, SlackError } from '../slack/slack-client';
import type { PreparedRun } from '../../contract/plan';

/** The payload the Approval state sends (`.waitForTaskToken`). */
export interface ApprovalRequestEvent {
  readonly taskToken: string;
  readonly executionArn: string;
  readonly timeoutSeconds: number;
  /** The start jobnet's optional second approval, before the maintenance page comes down. */
  readonly stage?: 'reopen';
  readonly run: PreparedRun;
}

export interface RequestApprovalDeps {
  readonly slack: () => Promise<WebClient>;
  readonly now: () => number;
}

/** Metadata that lets the notifier find this message again (to mark it expired). */
export const APPROVAL_EVENT_TYPE = 'webapp_chatops_approval';

/**
 * Posts the plan with Approve / Reject into the run's thread. The task token stays in Step
 * Functions: the bot reads it from the execution history when someone clicks.
 */
export async function requestApproval(
  e: ApprovalRequestEvent,
  deps: RequestApprovalDeps,
): Promise<{ channel: string; ts: string }> {
  const { run } = e;
  if (!run.slack?.channel) {
    throw new SlackError(
      'Slack.NoThread',
      `Run ${run.runId} names no Slack channel to ask for approval in`,
    );
  }
  const request = {
    jobnet: run.jobnet,
    system: run.system,
    requestedBy: run.requestedBy,
    executionArn: e.executionArn,
    attempt: tokenDigest(e.taskToken),
    expiresAt: deps.now() + e.timeoutSeconds * 1000,
  };
  const message =
    e.stage === 'reopen'
      ? reopenRequest(request)
      : approvalRequest({ ...request, plan: run.plan, scripts: scriptsOf(run) });
  const client = await deps.slack();
  try {
    const out = await client.chat.postMessage({
      channel: run.slack.channel,
      ...(run.slack.threadTs ? { thread_ts: run.slack.threadTs } : {}),
      ...message,
      metadata: {
        event_type: APPROVAL_EVENT_TYPE,
        event_payload: { executionArn: e.executionArn },
      },
    });
    return { channel: run.slack.channel, ts: out.ts ?? '' };
  } catch (error) {
    throw asSlackError(error, `Posting the approval request for ${run.runId}`);
  }
}

/** The scripts this jobnet runs on each instance, in order. */
function scriptsOf(run: PreparedRun): { label: string; script: string }[] {
  const main = run.jobnet === 'stop' ? 'Stop script' : 'Start script';
  return [
    { label: main, script: run.jobnet === 'stop' ? run.scripts.stop : run.scripts.start },
    { label: 'Check script (exit 0 running, 3 stopped)', script: run.scripts.check },
  ];
}
