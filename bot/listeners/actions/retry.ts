import { RefusalReason } from '../../../observability/metric-names';
import { isAllowed, principalsFor } from '../../services/authorizer';
import type { BotServices } from '../../services/bot-services';
import { refuser, type ButtonArgs } from './button-click';

const ENDED = new Set(['FAILED', 'TIMED_OUT', 'ABORTED']);

/**
 * Retry from failed step: redrives the execution, which reruns the failed state and what
 * follows (every step is idempotent). Requesters and approvers may; the reply explains when a
 * run can no longer be redriven.
 */
export function retryButton(services: BotServices) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const refuse = refuser(respond, services.metrics);
    const userId = body.user.id;
    const executionArn = action.value ?? '';
    const { config, executions, groupMembers } = services;
    const allowed =
      (await isAllowed(userId, principalsFor(config, 'requester'), groupMembers)) ||
      (await isAllowed(userId, principalsFor(config, 'approver'), groupMembers));
    if (!allowed) {
      await refuse(RefusalReason.unauthorised, 'You are not allowed to retry runs.');
      return;
    }
    const run = await executions.describe(executionArn);
    if (!run || !ENDED.has(run.status)) {
      await refuse(
        RefusalReason.notRetryable,
        `This run cannot be retried: it is ${run?.status ?? 'unknown'}.`,
      );
      return;
    }
    if (run.redriveStatus === 'NOT_REDRIVABLE') {
      await refuse(
        RefusalReason.notRetryable,
        `This run can no longer be redriven: ${run.redriveStatusReason ?? 'Step Functions refuses it'}. Start a new run instead.`,
      );
      return;
    }
    try {
      await executions.redrive(executionArn);
    } catch (error) {
      const name = (error as Error).name;
      if (name !== 'ExecutionNotRedrivable' && name !== 'ExecutionLimitExceeded') throw error;
      await refuse(
        RefusalReason.notRetryable,
        `This run can no longer be redriven (${name}: ${(error as Error).message}). Start a new run instead.`,
      );
      return;
    }
    services.logger.info('Run redriven');
    const channel = body.container.channel_id ?? body.channel?.id ?? '';
    const threadTs = body.message?.thread_ts ?? body.container.message_ts;
    await client.chat.postMessage({
      channel,
      thread_ts: threadTs,
      text: `🔁 <@${userId}> is retrying the run from its failed step.`,
    });
  };
}
