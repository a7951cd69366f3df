import type { KnownBlock } from '@slack/types';
import { decideApproval } from '../../blocks/approval';
import { isAllowed, principalsFor } from '../../services/authorizer';
import type { BotServices } from '../../services/bot-services';
import { privateReply, type ButtonArgs } from './button-click';

/** Why a click changed nothing, as the clicker reads it. */
const TOKEN_ERRORS: Record<string, string> = {
  TaskDoesNotExist: 'This approval was already decided.',
  InvalidToken: 'This approval was already decided.',
  TaskTimedOut: 'This approval has expired; the run ended without changing anything.',
};

/**
 * Approve or Reject: only approvers, never the requester when four-eyes is on (for approval),
 * only while the run still waits. The message is updated in place; a click that changes
 * nothing gets a private reply saying why.
 */
export function approvalButton(decision: 'approved' | 'rejected', services: BotServices) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const refuse = privateReply(respond);
    const userId = body.user.id;
    const executionArn = action.value ?? '';
    const { config, executions } = services;

    if (!(await isAllowed(userId, principalsFor(config, 'approver'), services.groupMembers))) {
      await refuse('You are not allowed to approve or reject runs.');
      return;
    }
    // Both are needed to decide; asking side by side saves a round trip of Slack's window.
    const [run, token] = await Promise.all([
      executions.describe(executionArn),
      executions.pendingApprovalToken(executionArn),
    ]);
    if (!run || run.status !== 'RUNNING') {
      await refuse(`This run is no longer waiting for approval (${run?.status ?? 'unknown run'}).`);
      return;
    }
    if (decision === 'approved' && config.slack.fourEyes && run.input.requestedBy === userId) {
      await refuse('You requested this run; someone else must approve it (four-eyes).');
      return;
    }
    if (!token) {
      await refuse(TOKEN_ERRORS.TaskDoesNotExist);
      return;
    }
    const at = services.now();
    try {
      if (decision === 'approved') {
        await executions.approve(token, { approvedBy: userId, approvedAt: at.toISOString() });
      } else {
        await executions.reject(token, `Rejected by ${userId} at ${at.toISOString()}`);
      }
    } catch (error) {
      const reason = TOKEN_ERRORS[(error as Error).name];
      if (!reason) throw error;
      await refuse(reason);
      return;
    }
    const blocks = (body.message?.blocks ?? []) as KnownBlock[];
    await client.chat.update({
      channel: body.container.channel_id ?? body.channel?.id ?? '',
      ts: body.container.message_ts ?? '',
      ...decideApproval(blocks, decision, at.getTime(), userId),
    });
  };
}
