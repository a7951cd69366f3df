import type { KnownBlock } from '@slack/types';
import { recordApprovalWait } from '../../../observability/app-metrics';
import { RefusalReason } from '../../../observability/metric-names';
import { recordInBudget } from '../../audit/record-in-budget';
import { decideApproval } from '../../blocks/approval';
import { approvalStateWords, parseApprovalRef, type ApprovalRef } from '../../blocks/approval-ref';
import { clockTime } from '../../blocks/format';
import type { ApprovalOutcome, ApprovalScan } from '../../services/approval-history';
import { isAllowed, principalsFor } from '../../services/authorizer';
import type { BotServices } from '../../services/bot-services';
import { dependencyProblem } from '../../services/dependency-problem';
import { refuser, type ButtonArgs } from './button-click';

/** Step Functions' answers to a token whose task is closed (decided, expired) or unknown. */
const CLOSED_TOKEN = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

/**
 * Approve, Reject, or Hold (an unless-held schedule's plan: a rejection before its window
 * ends). The buttons name exactly one approval (execution, state, attempt); a click
 * decides that one or nothing: a stale, decided, expired or earlier-attempt button changes
 * nothing and the clicker is told who decided what and which approval waits now. Only
 * approvers may decide, never the requester when four-eyes is on (to approve), and only on
 * this app's own executions (checked before any call). Two approvers at once: one decision
 * wins, the other is told the truth, read back from the history.
 */
export function approvalButton(decision: 'approved' | 'rejected' | 'held', services: BotServices) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const refuse = refuser(respond, services, { user: body.user.id, action: action.action_id });
    // A reply about something done all the same, or already recorded: no refusal record.
    const tell = refuser(respond, services);
    const userId = body.user.id;
    const ref = parseApprovalRef(action.value);
    const { config, executions, budget } = services;
    if (!ref || !executions.owns(ref.executionArn)) {
      await refuse(
        RefusalReason.badRequest,
        'This button does not belong to an approval of this app; use the newest approval message in the run’s thread.',
      );
      return;
    }
    try {
      if (!(await isAllowed(userId, principalsFor(config, 'approver'), services.groupMembers))) {
        await refuse(RefusalReason.unauthorised, 'You are not allowed to approve or reject runs.');
        return;
      }
      // Both are needed to decide; asking side by side saves a round trip of Slack's window.
      const [run, scan] = await Promise.all([
        executions.describe(ref.executionArn),
        executions.approvals(ref.executionArn, (s) => s.find(ref.state, ref.attempt) !== undefined),
      ]);
      const clicked = scan.find(ref.state, ref.attempt);
      if (!run || !clicked) {
        await refuse(RefusalReason.badRequest, 'This approval is not one of this run’s.');
        return;
      }
      if (clicked.outcome || run.status !== 'RUNNING') {
        await refuse(RefusalReason.notWaiting, alreadyDecided(ref, clicked.outcome, scan, run));
        return;
      }
      if (decision === 'approved' && config.slack.fourEyes && run.input.requestedBy === userId) {
        await refuse(
          RefusalReason.fourEyes,
          'You requested this run; someone else must approve it (four-eyes).',
        );
        return;
      }
      const at = services.now();
      try {
        if (decision === 'approved') {
          await executions.approve(clicked.taskToken, {
            approvedBy: userId,
            approvedAt: at.toISOString(),
          });
        } else {
          const how = decision === 'held' ? ' (held in its window)' : '';
          await executions.reject(
            clicked.taskToken,
            `Rejected by ${userId}${how} at ${at.toISOString()}`,
          );
        }
      } catch (error) {
        if (!CLOSED_TOKEN.has((error as Error).name)) throw error;
        // Someone else (or the timeout) closed it first: read back what happened.
        const now = await executions.approvals(ref.executionArn, (s) =>
          Boolean(s.find(ref.state, ref.attempt)?.outcome),
        );
        const outcome = now.find(ref.state, ref.attempt)?.outcome;
        await refuse(RefusalReason.notWaiting, alreadyDecided(ref, outcome, now, run));
        return;
      }
      const jobnet = executions.jobnetOf(ref.executionArn);
      // Written while the message is updated, within the request's time.
      const recorded = recordInBudget(services, {
        action: 'decision',
        ...(typeof run.input.system === 'string' ? { system: run.input.system } : {}),
        ...(jobnet ? { jobnet } : {}),
        executionArn: ref.executionArn,
        runId: ref.executionArn.split(':').at(-1) ?? ref.executionArn,
        actor: { kind: 'person', id: userId },
        outcome: decision,
        detail: { approval: ref.state },
      });
      if (jobnet && clicked.requestedAt !== undefined) {
        recordApprovalWait(services.metrics, jobnet, (at.getTime() - clicked.requestedAt) / 1000);
      }
      services.logger.info(`Approval ${decision}`, { state: ref.state });
      const blocks = (body.message?.blocks ?? []) as KnownBlock[];
      try {
        await budget.call('Slack', () =>
          client.chat.update({
            channel: body.container.channel_id ?? body.channel?.id ?? '',
            ts: body.container.message_ts ?? '',
            ...decideApproval(blocks, decision, at.getTime(), userId),
          }),
        );
      } catch (error) {
        // Decided all the same; the thread's checklist shows it. Say why the message lags.
        services.logger.warn('Approval message not updated', { error: dependencyProblem(error) });
        const what = { approved: 'approval', rejected: 'rejection', held: 'hold' }[decision];
        await tell(
          RefusalReason.slackUnavailable,
          `Your ${what} counts, but the message could not be updated: ${dependencyProblem(error)}.`,
        );
      }
      await recorded;
    } catch (error) {
      await refuse(
        RefusalReason.dependencyFailed,
        `Nothing was decided: ${dependencyProblem(error)}. Try again.`,
      );
    }
  };
}

/** Who decided the clicked approval, and what the run waits for now. */
function alreadyDecided(
  ref: ApprovalRef,
  outcome: ApprovalOutcome | undefined,
  scan: ApprovalScan,
  run: { status: string; input: Record<string, unknown> },
): string {
  const what = approvalStateWords(ref.state);
  const first = `${what[0].toUpperCase()}${what.slice(1)}`;
  const at = (ms?: number) => (ms === undefined ? '' : ` at ${clockTime(ms)}`);
  const who = (by?: string) => (by ? ` by <@${by}>` : '');
  let said: string;
  switch (outcome?.kind) {
    case 'approved':
      said = `${first} was already approved${who(outcome.by)}${at(outcome.at)}.`;
      break;
    case 'rejected':
      said = `${first} was already rejected${who(outcome.by)}${at(outcome.at)}.`;
      break;
    case 'expired':
      // An unless-held schedule's window ending is its approval, and the run goes on.
      said =
        unlessHeld(run.input) && ref.state === 'Approval'
          ? `${first} is no longer open: its window ended${at(outcome.at)} with no hold, and the run went ahead.`
          : `${first} expired${at(outcome.at)}; nobody decided in time.`;
      break;
    case 'failed':
      said = `${first} ended without a decision (${outcome.error ?? 'failed'}).`;
      break;
    default:
      said = `This run is no longer waiting for ${what} (it is ${run.status}).`;
  }
  const waiting = scan.waiting();
  const now =
    run.status === 'RUNNING' && waiting && waiting.attempt !== ref.attempt
      ? ` The run now waits for ${approvalStateWords(waiting.state)}: use its message in the thread.`
      : '';
  return `${said}${now}`;
}

/** A run of an unless-held schedule: its approval's timeout is the window ending unheld. */
function unlessHeld(input: Record<string, unknown>): boolean {
  return (input.trigger as { policy?: unknown } | undefined)?.policy === 'unless-held';
}
