import type { KnownBlock } from '@slack/types';
import { recordApprovalWait } from '../../../observability/app-metrics';
import { RefusalReason } from '../../../observability/metric-names';
import { decideApproval } from '../../blocks/approval';
import { isAllowed, principalsFor } from '../../services/authorizer';
import type { BotServices } from '../../services/bot-services';
import { refuser, type ButtonArgs } from './button-click';

/** Why a click changed nothing, as the clicker reads it. */
const TOKEN_ERRORS: Record<string, string> = {
  TaskDoesNotExist: 'This approval was already decided.',
  InvalidToken: 'This approval was already decided.',
  TaskTimedOut: 'This approval has expired; the run ended without changing anything.',
};

/**
 * Approve or Reject: only approvers, never the requester when four-eyes is on (for approval),
 * only while the run still waits. The message is updated in place; a click that changes
 * nothing gets a private reply saying why. A decision sent counts how long the approval waited.
 */
export function approvalButton(decision: 'approved' | 'rejected', services: BotServices) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const refuse = refuser(respond, services.metrics);
    const userId = body.user.id;
    const executionArn = action.value ?? '';
    const { config, executions } = services;

    if (!(await isAllowed(userId, principalsFor(config, 'approver'), services.groupMembers))) {
      await refuse(RefusalReason.unauthorised, 'You are not allowed to approve or reject runs.');
      return;
    }
    // Both are needed to decide; asking side by side saves a round trip of Slack's window.
    const [run, pending] = await Promise.all([
      executions.describe(executionArn),
      executions.pendingApproval(executionArn),
    ]);
    if (!run || run.status !== 'RUNNING') {
      await refuse(
        RefusalReason.notWaiting,
        `This run is no longer waiting for approval (${run?.status ?? 'unknown run'}).`,
      );
      return;
    }
    if (decision === 'approved' && config.slack.fourEyes && run.input.requestedBy === userId) {
      await refuse(
        RefusalReason.fourEyes,
        'You requested this run; someone else must approve it (four-eyes).',
      );
      return;
    }
    if (!pending) {
      await refuse(RefusalReason.notWaiting, TOKEN_ERRORS.TaskDoesNotExist);
      return;
    }
    const at = services.now();
    try {
      if (decision === 'approved') {
        await executions.approve(pending.taskToken, {
          approvedBy: userId,
          approvedAt: at.toISOString(),
        });
      } else {
        await executions.reject(pending.taskToken, `Rejected by ${userId} at ${at.toISOString()}`);
      }
    } catch (error) {
      const reason = TOKEN_ERRORS[(error as Error).name];
      if (!reason) throw error;
      await refuse(RefusalReason.notWaiting, reason);
      return;
    }
    const jobnet = executions.jobnetOf(executionArn);
    if (jobnet && pending.requestedAt !== undefined) {
      recordApprovalWait(services.metrics, jobnet, (at.getTime() - pending.requestedAt) / 1000);
    }
    services.logger.info(`Approval ${decision}`);
    const blocks = (body.message?.blocks ?? []) as KnownBlock[];
    await client.chat.update({
      channel: body.container.channel_id ?? body.channel?.id ?? '',
      ts: body.container.message_ts ?? '',
      ...decideApproval(blocks, decision, at.getTime(), userId),
    });
  };
}
