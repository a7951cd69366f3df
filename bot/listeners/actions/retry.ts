import { RefusalReason } from '../../../observability/metric-names';
import { recordInBudget } from '../../audit/record-in-budget';
import { executionConsoleUrl } from '../../blocks/console-link';
import { parseRunName } from '../../run-name';
import { isAllowed, principalsFor } from '../../services/authorizer';
import type { BotServices } from '../../services/bot-services';
import { dependencyProblem } from '../../services/dependency-problem';
import { refuser, type ButtonArgs } from './button-click';

const ENDED = new Set(['FAILED', 'TIMED_OUT', 'ABORTED']);

/**
 * Retry from failed step: redrives the execution, which reruns the failed state and what
 * follows (every step is idempotent). Requesters and approvers may, on this app's own
 * executions only. A redrive is a run like any other: it takes the system's lock first, so it
 * never runs beside another run of the system. The reply explains when a run can no longer be
 * redriven, or why nothing happened.
 */
export function retryButton(services: BotServices) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const refuse = refuser(respond, services, { user: body.user.id, action: action.action_id });
    // A reply about something done all the same, or already recorded: no refusal record.
    const tell = refuser(respond, services);
    const userId = body.user.id;
    const executionArn = action.value ?? '';
    const { config, executions, groupMembers, budget, runLock } = services;
    if (!executions.owns(executionArn)) {
      await refuse(RefusalReason.badRequest, 'This button does not belong to a run of this app.');
      return;
    }
    let redriven = false;
    try {
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
      const system = String(
        run.input.system ?? parseRunName(executionArn.split(':').pop() ?? '')?.system ?? '',
      );
      const lock = await budget.call('DynamoDB', () =>
        runLock.acquire({
          system,
          executionArn,
          jobnet: executions.jobnetOf(executionArn) ?? 'stop',
          requestedBy: userId,
        }),
      );
      if (!lock.acquired) {
        await refuse(
          RefusalReason.runInProgress,
          `A ${lock.holder.jobnet} of \`${system}\` is going: <${executionConsoleUrl(lock.holder.executionArn)}|its run>. Retry when it has ended.`,
        );
        return;
      }
      const jobnet = executions.jobnetOf(executionArn);
      const redrive = (outcome: 'redriven' | 'redrive-failed', reason?: string) =>
        recordInBudget(services, {
          action: 'redrive',
          system,
          ...(jobnet ? { jobnet } : {}),
          executionArn,
          runId: executionArn.split(':').at(-1) ?? executionArn,
          actor: { kind: 'person', id: userId },
          outcome,
          ...(reason ? { reason } : {}),
        });
      try {
        await executions.redrive(executionArn);
        redriven = true;
      } catch (error) {
        const name = (error as Error).name;
        if (name !== 'ExecutionNotRedrivable' && name !== 'ExecutionLimitExceeded') throw error;
        await redrive('redrive-failed', name);
        // Refused for sure: the lock taken for it goes back. (A redrive that may have happened
        // keeps it; the lock sees for itself once the run has ended.)
        await budget.call('DynamoDB', () =>
          runLock.release(system, executionArn, services.now().getTime()),
        );
        await tell(
          RefusalReason.notRetryable,
          `This run can no longer be redriven (${name}: ${(error as Error).message}). Start a new run instead.`,
        );
        return;
      }
      const recorded = redrive('redriven');
      const channel = body.container.channel_id ?? body.channel?.id ?? '';
      const threadTs = body.message?.thread_ts ?? body.container.message_ts;
      await budget.call('Slack', () =>
        client.chat.postMessage({
          channel,
          thread_ts: threadTs,
          text: `🔁 <@${userId}> is retrying the run from its failed step.`,
        }),
      );
      await recorded;
    } catch (error) {
      await (redriven ? tell : refuse)(
        redriven ? RefusalReason.slackUnavailable : RefusalReason.dependencyFailed,
        redriven
          ? `The run is being retried, but the thread could not be told: ${dependencyProblem(error)}.`
          : `The retry may not have happened: ${dependencyProblem(error)}. Look at the thread, then try again.`,
      );
    }
  };
}
