import { JobnetErrors } from '../../../contract/errors';
import { RefusalReason } from '../../../observability/metric-names';
import { audited, auditText, recordRefusal } from '../../audit/bot-audit';
import { parseCancelConfirmRef } from '../../blocks/cancel';
import { mention } from '../../blocks/jobnet-words';
import { cancelCause, cancelledBy } from '../../cancel-cause';
import type { BotServices } from '../../services/bot-services';
import { dependencyProblem } from '../../services/dependency-problem';
import { OutOfTime } from '../../services/request-budget';
import {
  cancelRun,
  findRun,
  jobnetOf,
  releaseLock,
  runWords,
  type CancellableRun,
} from '../cancel-run';
import type { Refusal } from '../schedule-changes';
import { mayChangeSchedules } from '../schedule-changes';
import { refuser, type ButtonArgs } from './button-click';

/** The history events an execution ends with. */
const ENDS = new Set([
  'ExecutionSucceeded',
  'ExecutionFailed',
  'ExecutionAborted',
  'ExecutionTimedOut',
]);

/** What the person was shown is too old to decide on after this long: they look again. */
export const CONFIRM_MAX_AGE_MS = 10 * 60_000;

/** A private answer to the clicker, in place of (`replace`) or beside the message clicked. */
function replier(respond: ButtonArgs['respond'], services: BotServices) {
  return (text: string, replace: boolean) =>
    services.budget
      .call(
        'Slack',
        () => respond({ response_type: 'ephemeral', replace_original: replace, text }),
        {
          final: true,
        },
      )
      .catch((error: unknown) =>
        services.logger.warn('Private reply not delivered', { error: dependencyProblem(error) }),
      );
}

/** Cancel on the live checklist: the same as `/webapp cancel`, answered privately. */
export function cancelButton(services: BotServices) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const user = body.user.id;
    const executionArn = action.value ?? '';
    const refuse = refuser(respond, services);
    const answer = await cancelRun({ executionArn }, user, body.response_url, services).catch(
      (error: unknown): Refusal => ({
        reason: RefusalReason.dependencyFailed,
        text: `Nothing was cancelled: ${dependencyProblem(error)}. Try again.`,
      }),
    );
    if ('reason' in answer) {
      await recordRefusal(services, answer, {
        user,
        command: 'cancel',
        ...owned(executionArn, services),
      });
      await refuse(answer.reason, answer.text);
      return;
    }
    await replier(respond, services)(answer.text, false);
  };
}

/**
 * Confirm cancel, in the private message that showed where every resource was: re-authorised,
 * and only for the attempt it showed, while the run still runs and what it showed is fresh.
 * StopExecution ends the run ABORTED with the canceller in its cause; the lock goes back at
 * once; the status responder then tells the thread where every resource is. Two confirms at
 * once, or a confirm racing the run's own end: the run's last event says who (or what) ended
 * it, and only the cancel that stopped it is recorded as such.
 */
export function confirmCancelButton(services: BotServices) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const user = body.user.id;
    const reply = replier(respond, services);
    const refuse = async (refusal: Refusal, executionArn?: string) => {
      await recordRefusal(services, refusal, {
        user,
        command: 'cancel',
        ...(executionArn ? owned(executionArn, services) : {}),
      });
      await refuser(respond, services)(refusal.reason, refusal.text);
    };
    const ref = parseCancelConfirmRef(action.value);
    if (!ref || !services.executions.owns(ref.executionArn)) {
      await refuse({
        reason: RefusalReason.badRequest,
        text: 'This button does not belong to a run of this app.',
      });
      return;
    }
    let found: CancellableRun | Refusal;
    try {
      if (!(await mayChangeSchedules(user, services))) {
        await refuse(
          {
            reason: RefusalReason.unauthorised,
            text: 'Only requesters and approvers may cancel runs.',
          },
          ref.executionArn,
        );
        return;
      }
      found = await findRun({ executionArn: ref.executionArn }, services);
    } catch (error) {
      await refuse(
        {
          reason: RefusalReason.dependencyFailed,
          text: `Nothing was cancelled: ${dependencyProblem(error)}. Try again.`,
        },
        ref.executionArn,
      );
      return;
    }
    if ('reason' in found) {
      await refuse(found, ref.executionArn);
      return;
    }
    const what = runWords(found, services);
    const stale =
      found.run.redriveCount !== ref.attempt
        ? `${what} was retried since you were shown its resources; nothing was cancelled. Cancel again to see where everything is now.`
        : services.now().getTime() - ref.shownAt > CONFIRM_MAX_AGE_MS
          ? `What you were shown is more than ${CONFIRM_MAX_AGE_MS / 60_000} minutes old; nothing was cancelled. Cancel again to see where everything is now.`
          : undefined;
    if (stale) {
      await refuse(
        { reason: RefusalReason.notWaiting, text: capitalised(stale) },
        ref.executionArn,
      );
      return;
    }
    const at = services.now();
    const record = (outcome: 'cancelled' | 'cancel-failed', problem?: string) =>
      audited(services, {
        action: 'cancel',
        actor: { kind: 'person', id: user },
        outcome,
        system: found.system.name,
        jobnet: jobnetOf(found, services),
        executionArn: found.executionArn,
        runId: found.executionArn.split(':').pop() ?? found.executionArn,
        detail: { stage: 'confirmed', ...(problem ? { problem: auditText(problem) } : {}) },
      });
    let stopError: unknown;
    try {
      await services.executions.stop(
        found.executionArn,
        JobnetErrors.cancelled,
        cancelCause(user, at),
      );
    } catch (error) {
      stopError = error;
    }
    // Neither StopExecution's answer nor its error says whether this call stopped the run (two
    // confirms at once, the run ending on its own meanwhile): the run's last event does.
    const last =
      stopError instanceof OutOfTime
        ? undefined
        : await services.executions.lastEvent(found.executionArn).catch(() => undefined);
    const ended = last?.type && ENDS.has(last.type) ? last : undefined;
    const stoppedBy = cancelledBy(ended?.executionAbortedEventDetails?.cause);
    if (ended && stoppedBy !== user) {
      const how = (ended.type ?? '').replace(/^Execution/, '').toLowerCase();
      if (!stoppedBy) await record('cancel-failed', `the run had already ended (${how})`);
      await reply(
        stoppedBy
          ? `${capitalised(what)} was already cancelled by ${mention(stoppedBy)}.`
          : `${capitalised(what)} ended on its own (${how}) before your cancel reached it; nothing was stopped.`,
        true,
      );
      return;
    }
    if (stopError !== undefined && !ended) {
      const problem = dependencyProblem(stopError);
      await record('cancel-failed', problem);
      await refuser(respond, services)(
        RefusalReason.dependencyFailed,
        stopError instanceof OutOfTime
          ? 'Step Functions did not answer in time: the run may or may not have stopped. The thread shows which; cancel again if it goes on.'
          : `The run was not stopped: ${problem}. It goes on; try again.`,
      );
      return;
    }
    await releaseLock(found, services);
    await record('cancelled');
    const threadTs = (found.run.input.slack as { threadTs?: string } | undefined)?.threadTs;
    const channel = (found.run.input.slack as { channel?: string } | undefined)?.channel;
    let told = '';
    if (channel && threadTs) {
      try {
        await services.budget.call('AWS Lambda', () =>
          services.requestCancel({
            kind: 'cancel-report',
            system: found.system,
            executionArn: found.executionArn,
            channel,
            threadTs,
            by: user,
            at: at.getTime(),
          }),
        );
        told =
          ' The thread will say where every resource is and which jobnet makes the system consistent.';
      } catch (error) {
        told = ` The resources could not be looked at for the thread (${dependencyProblem(error)}): \`/webapp status\` shows them.`;
      }
    }
    await reply(`🛑 You cancelled ${what}: it stopped where it was.${told}`, true);
  };
}

/** Keep running: the private question goes, nothing changes. */
export function keepRunningButton(services: BotServices) {
  return async ({ ack, respond }: ButtonArgs): Promise<void> => {
    await ack();
    await replier(respond, services)('Kept running: nothing was cancelled.', true);
  };
}

/** The run a button names, for a refusal's record, when it is one of this app's. */
function owned(executionArn: string, services: BotServices) {
  return services.executions.owns(executionArn) ? { executionArn } : {};
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
