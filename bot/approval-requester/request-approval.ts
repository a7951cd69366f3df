import type { WebClient } from '@slack/web-api';
import { approvalRequest, holdRequest, preapprovedNotice, reopenRequest } from '../blocks/approval';
import { tokenDigest } from '../blocks/approval-ref';
import { asSlackError, SlackError } from '../slack/slack-client';
import { JobnetError, JobnetErrors } from '../../contract/errors';
import type { PreparedRun } from '../../contract/plan';
import { isTransientAwsError } from '../../contract/transient-aws-error';
import type { ApprovalRecord } from '../../contract/run-trigger';
import type { AuditTrail } from '../audit/audit-trail';
import type { PlanReader } from '../services/run-plan';
import type { ScheduleState } from '../services/schedule-state';
import { triggerActor } from '../audit/trigger-actor';
import { checkAdvanceApproval } from './advance-approval';

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
  /** The records a scheduled, one-off or event-triggered run is held to (advance-approval.ts). */
  readonly schedules: Pick<ScheduleState, 'firing' | 'oneOff'>;
  /** Completes the approval task of a run approved in advance (SendTaskSuccess). */
  readonly approve: (taskToken: string, approval: ApprovalRecord) => Promise<void>;
  /** Where a run approved in advance is recorded as such (the requester decided it). */
  readonly audit: AuditTrail;
  /** The run's plan, which Prepare keeps in the run's record (at 500 instances it is large). */
  readonly readPlan: PlanReader;
}

/**
 * The plan from the run's record. A read that throttles, fails with a 5xx or stalls past the
 * client's timeout (after the SDK's own tries) fails the step as Jobnet.AwsUnavailable, which
 * the Approval state retries: nothing was posted yet, so asking again posts once.
 */
async function readPlanOf(executionArn: string, runId: string, readPlan: PlanReader) {
  let plan;
  try {
    plan = await readPlan(executionArn);
  } catch (error) {
    if (!isTransientAwsError(error)) throw error;
    const { name, message } = error as Error;
    throw new JobnetError(
      JobnetErrors.awsUnavailable,
      `Reading the plan of ${runId} from its run record: ${name}: ${message}`,
    );
  }
  if (!plan) throw new Error(`Run ${runId} has no plan recorded for ${executionArn}`);
  return plan;
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
  const trigger = run.trigger;
  const advance =
    e.stage !== 'reopen' && trigger.kind !== 'person'
      ? await checkAdvanceApproval(run, trigger, deps.schedules, deps.now)
      : undefined;
  // The task's timeout runs from its start: the expiry shown must not drift by the reads below.
  const askedAt = deps.now();
  const plan = await readPlanOf(e.executionArn, run.runId, deps.readPlan);
  const request = {
    jobnet: run.jobnet,
    system: run.system,
    requestedBy: run.requestedBy,
    executionArn: e.executionArn,
    attempt: tokenDigest(e.taskToken),
    expiresAt: askedAt + e.timeoutSeconds * 1000,
    plan,
    scripts: scriptsOf(run),
    ...(run.reason ? { reason: run.reason } : {}),
    ...(trigger.kind === 'schedule'
      ? {
          schedule: {
            name: trigger.schedule,
            ...(trigger.description ? { description: trigger.description } : {}),
          },
        }
      : {}),
    ...(trigger.kind === 'event'
      ? {
          trigger: {
            name: trigger.trigger,
            ...(trigger.description ? { description: trigger.description } : {}),
          },
        }
      : {}),
  };
  let message;
  if (e.stage === 'reopen') message = reopenRequest(request);
  else if (advance) {
    message = preapprovedNotice(request, {
      approvedBy: advance.approvedBy,
      approvedAt: Date.parse(advance.approvedAt),
      note: advance.note ?? '',
    });
  } else if (
    (trigger.kind === 'schedule' || trigger.kind === 'event') &&
    trigger.policy === 'unless-held'
  ) {
    message = holdRequest(request);
  } else message = approvalRequest(request);
  const client = await deps.slack();
  let posted: { channel: string; ts: string };
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
    posted = { channel: run.slack.channel, ts: out.ts ?? '' };
  } catch (error) {
    throw asSlackError(error, `Posting the approval request for ${run.runId}`);
  }
  // Posted first, so the thread says why the run goes ahead before it does.
  if (advance && trigger.kind !== 'person') {
    await deps.approve(e.taskToken, advance);
    await deps.audit.record({
      action: 'decision',
      system: run.system,
      jobnet: run.jobnet,
      executionArn: e.executionArn,
      runId: run.runId,
      actor: triggerActor(trigger),
      outcome: 'preapproved',
      detail: {
        approval: 'Approval',
        approvedBy: advance.approvedBy,
        ...(advance.via ? { via: advance.via } : {}),
      },
    });
  }
  return posted;
}

/** The scripts this jobnet runs on each instance, in order. */
function scriptsOf(run: PreparedRun): { label: string; script: string }[] {
  if (run.scope === 'database') return [];
  const main = run.jobnet === 'stop' ? 'Stop script' : 'Start script';
  return [
    { label: main, script: run.jobnet === 'stop' ? run.scripts.stop : run.scripts.start },
    { label: 'Check script (exit 0 running, 3 stopped)', script: run.scripts.check },
  ];
}
