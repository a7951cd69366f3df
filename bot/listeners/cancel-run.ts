import type { SystemConfig } from '../../config/schema';
import { JobnetErrors } from '../../contract/errors';
import { RefusalReason } from '../../observability/metric-names';
import { audited } from '../audit/bot-audit';
import { JOBNET_WORDS, mention } from '../blocks/jobnet-words';
import { escapeMrkdwn } from '../blocks/limits';
import { cancelCause, cancelledBy } from '../cancel-cause';
import type { BotServices } from '../services/bot-services';
import { cancelPhaseOf } from '../services/cancel-phase';
import { dependencyProblem } from '../services/dependency-problem';
import type { RunDetails } from '../services/executions';
import { mayChangeSchedules, type Refusal } from './schedule-changes';

/** Step Functions' answers to a token whose task is closed (decided, expired) or unknown. */
const CLOSED_TOKEN = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

/** Which run a cancel names: a system's (the command) or an execution (the root's button). */
export type CancelTarget = { readonly system: SystemConfig } | { readonly executionArn: string };

/** A run the person may cancel: it exists, it runs, it is this app's, of a configured system. */
export interface CancellableRun {
  readonly system: SystemConfig;
  readonly executionArn: string;
  readonly run: RunDetails;
}

/** What a cancel did: the private answer, or a refusal (the caller records refusals). */
export type CancelAnswer = Refusal | { readonly text: string };

/**
 * `/webapp cancel <system>` and the live checklist's Cancel, for requesters and approvers. While
 * the run has changed nothing it ends at once — a waiting approval is failed with its task token
 * (so an approver's click and the cancel cannot both win: Step Functions takes one), a run still
 * preparing its plan is stopped — and the notifier says "Cancelled by @x before anything was
 * changed". Once it may have changed things, nothing is stopped yet: the status responder looks
 * at every resource and asks the person, privately, to confirm.
 */
export async function cancelRun(
  target: CancelTarget,
  user: string,
  responseUrl: string,
  services: BotServices,
): Promise<CancelAnswer> {
  if (!(await mayChangeSchedules(user, services))) {
    return {
      reason: RefusalReason.unauthorised,
      text: 'Only requesters and approvers may cancel runs.',
    };
  }
  const found = await findRun(target, services);
  if ('reason' in found) return found;
  const { system, executionArn, run } = found;
  const { executions } = services;
  const first = await executions.firstEvents(executionArn);
  const phase = cancelPhaseOf(first.events, first.complete);
  const what = runWords(found, services);
  const record = (outcome: 'cancelled' | 'confirm-asked', stage: string) =>
    audited(services, {
      action: 'cancel',
      actor: { kind: 'person', id: user },
      outcome,
      system: system.name,
      jobnet: jobnetOf(found, services),
      executionArn,
      runId: executionArn.split(':').pop() ?? executionArn,
      detail: { stage },
    });
  const cause = cancelCause(user, services.now());
  switch (phase.kind) {
    case 'ending':
      return {
        reason: RefusalReason.notWaiting,
        text: `Nothing to cancel: the approval of ${what} was already decided, and the run is ending without changing anything.`,
      };
    case 'awaiting-approval':
      try {
        await executions.reject(phase.taskToken, cause);
      } catch (error) {
        if (!CLOSED_TOKEN.has((error as Error).name)) throw error;
        // Decided (or cancelled) first: see what the run is doing now.
        return afterClosedApproval(found, user, responseUrl, services, what);
      }
      await releaseLock(found, services);
      await record('cancelled', 'awaiting-approval');
      return { text: `🛑 You cancelled ${what} before anything was changed.` };
    case 'preparing':
      // Nothing changes before someone approves, except a run approved in advance.
      if (!preapproved(run)) {
        await executions.stop(executionArn, JobnetErrors.cancelled, cause);
        await releaseLock(found, services);
        await record('cancelled', 'preparing');
        return { text: `🛑 You cancelled ${what} before anything was changed.` };
      }
      break;
    case 'changing':
      break;
  }
  await askToConfirm(found, responseUrl, services);
  await record('confirm-asked', 'changing');
  return {
    text: `${capitalised(what)} has begun changing things, so nothing is stopped yet: looking at every resource; you are shown where each one is, and asked to confirm.`,
  };
}

async function askToConfirm(
  found: CancellableRun,
  responseUrl: string,
  services: BotServices,
): Promise<void> {
  await services.budget.call('AWS Lambda', () =>
    services.requestCancel({
      kind: 'cancel-check',
      system: found.system,
      executionArn: found.executionArn,
      attempt: found.run.redriveCount,
      responseUrl,
    }),
  );
}

/** The cancel's approval was closed under it: decided, or cancelled by someone else. */
async function afterClosedApproval(
  found: CancellableRun,
  user: string,
  responseUrl: string,
  services: BotServices,
  what: string,
): Promise<CancelAnswer> {
  const now = await services.executions.describe(found.executionArn);
  const by = cancelledBy(now?.cause);
  if (!now || now.status !== 'RUNNING' || by) {
    return {
      reason: RefusalReason.notWaiting,
      text: by
        ? `${capitalised(what)} was already cancelled by ${mention(by)}.`
        : `Nothing to cancel: ${what} is no longer waiting for its approval (${(now?.status ?? 'gone').toLowerCase()}).`,
    };
  }
  const first = await services.executions.firstEvents(found.executionArn);
  const phase = cancelPhaseOf(first.events, first.complete);
  if (phase.kind !== 'changing') {
    return {
      reason: RefusalReason.notWaiting,
      text: `Nothing to cancel: the approval of ${what} was decided as you clicked; it ends without changing anything.`,
    };
  }
  // Approved as the cancel came: it is changing things now, so the person sees them first.
  await askToConfirm({ ...found, run: now }, responseUrl, services);
  await audited(services, {
    action: 'cancel',
    actor: { kind: 'person', id: user },
    outcome: 'confirm-asked',
    system: found.system.name,
    jobnet: jobnetOf(found, services),
    executionArn: found.executionArn,
    detail: { stage: 'approved-meanwhile' },
  });
  return {
    text: `${capitalised(what)} was approved just before your cancel and has begun changing things: looking at every resource; you are shown where each one is, and asked to confirm.`,
  };
}

/** The run a cancel names, if it can be cancelled; otherwise what to tell the person. */
export async function findRun(
  target: CancelTarget,
  services: BotServices,
): Promise<CancellableRun | Refusal> {
  const { executions, config } = services;
  let executionArn: string;
  if ('system' in target) {
    const holder = await services.budget.call('DynamoDB', () =>
      services.runLock.read(target.system.name),
    );
    if (!holder) {
      return {
        reason: RefusalReason.notWaiting,
        text: `Nothing to cancel: no run of \`${escapeMrkdwn(target.system.name)}\` is going.`,
      };
    }
    executionArn = holder.executionArn;
  } else {
    if (!executions.owns(target.executionArn)) {
      return {
        reason: RefusalReason.badRequest,
        text: 'This button does not belong to a run of this app.',
      };
    }
    executionArn = target.executionArn;
  }
  const run = await executions.describe(executionArn);
  if (!run || run.status !== 'RUNNING') {
    const by = cancelledBy(run?.cause);
    return {
      reason: RefusalReason.notWaiting,
      text: by
        ? `Nothing to cancel: this run was already cancelled by ${mention(by)}.`
        : `Nothing to cancel: ${run ? `the run already ended (${run.status.toLowerCase()})` : 'the run has not started yet'}.`,
    };
  }
  const name = String(run.input.system ?? '');
  const system = 'system' in target ? target.system : config.systems.find((s) => s.name === name);
  if (!system) {
    return {
      reason: RefusalReason.badRequest,
      text: `\`${escapeMrkdwn(name)}\` is not a configured system.`,
    };
  }
  return { system, executionArn, run };
}

/** The lock goes back at once, so the next run need not wait for the notifier to see the end. */
export async function releaseLock(found: CancellableRun, services: BotServices): Promise<void> {
  await services.budget
    .call(
      'DynamoDB',
      () =>
        services.runLock.release(found.system.name, found.executionArn, services.now().getTime()),
      { final: true },
    )
    .catch((error: unknown) =>
      // The notifier releases it too when it sees the run end.
      services.logger.warn('Run lock not given back after a cancel', {
        error: dependencyProblem(error),
      }),
    );
}

export function jobnetOf(found: Pick<CancellableRun, 'executionArn'>, services: BotServices) {
  return services.executions.jobnetOf(found.executionArn) ?? 'stop';
}

/** "the stop of `shop`". */
export function runWords(found: CancellableRun, services: BotServices): string {
  const verb = JOBNET_WORDS[jobnetOf(found, services)].verb;
  return `the ${verb} of \`${escapeMrkdwn(found.system.name)}\``;
}

function preapproved(run: RunDetails): boolean {
  return (run.input.trigger as { policy?: unknown } | undefined)?.policy === 'preapproved';
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
