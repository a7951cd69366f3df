import { JobnetError, JobnetErrors } from '../../contract/errors';
import type { PreparedRun } from '../../contract/plan';
import type { ApprovalRecord } from '../../contract/run-trigger';
import { firingKeyOf, type FiredTrigger } from '../scheduled-run/firing';
import type { ScheduleState } from '../services/schedule-state';

/** Why a run that claims an approval in advance is refused: said in the run's error cause. */
const refuse = (why: string) =>
  new JobnetError(JobnetErrors.approvalNotGranted, `Not approved in advance: ${why}`);

/**
 * Holds a scheduled, one-off or event-triggered run to what this app recorded when it fired, so
 * writing an execution input alone approves nothing: the firing record (written by the starter
 * when Scheduler fired, or when an event arrived) must name this very run with the same policy,
 * and a one-off's record (written by the bot when the approver clicked) must hold an approval
 * for this run.
 * Returns the approval to record for a pre-approved run; undefined when people still decide
 * (required, unless-held). Throws Jobnet.ApprovalNotGranted otherwise.
 */
export async function checkAdvanceApproval(
  run: PreparedRun,
  trigger: FiredTrigger,
  state: Pick<ScheduleState, 'firing' | 'oneOff'>,
  now: () => number,
): Promise<ApprovalRecord | undefined> {
  const key = firingKeyOf(run.system, trigger);
  const { source } = key;
  const firing = await state.firing(key);
  if (!firing || firing.runId !== run.runId) {
    const which = trigger.kind === 'event' ? `for event ${key.occurrence}` : `at ${key.occurrence}`;
    throw refuse(`no firing of ${source} ${which} started run ${run.runId}`);
  }
  if (firing.policy !== trigger.policy) {
    throw refuse(`${source} fired with policy ${firing.policy ?? 'none'}, not ${trigger.policy}`);
  }
  const at = new Date(now()).toISOString();
  if (trigger.kind === 'event') {
    if (trigger.policy !== 'preapproved') return undefined;
    return {
      approvedBy: `trigger ${trigger.trigger}`,
      approvedAt: at,
      via: 'event',
      trigger: trigger.trigger,
      note: `pre-approved by trigger ${trigger.trigger} (event ${trigger.eventId})`,
    };
  }
  if (trigger.kind === 'schedule') {
    if (trigger.policy !== 'preapproved') return undefined;
    return {
      approvedBy: `schedule ${trigger.schedule}`,
      approvedAt: at,
      via: 'schedule',
      schedule: trigger.schedule,
      note: `pre-approved by schedule ${trigger.schedule}`,
    };
  }
  const oneOff = await state.oneOff(run.system, trigger.oneOffId);
  if (!oneOff || oneOff.runId !== run.runId || oneOff.jobnet !== run.jobnet) {
    throw refuse(`one-off ${trigger.oneOffId} did not fire run ${run.runId}`);
  }
  if (oneOff.status !== 'fired' || !oneOff.approvedBy || oneOff.approvedAt === undefined) {
    throw refuse(`one-off ${trigger.oneOffId} is ${oneOff.status}, without an approval`);
  }
  return {
    approvedBy: oneOff.approvedBy,
    approvedAt: new Date(oneOff.approvedAt).toISOString(),
    via: 'one-off',
    note: `one-off approved in advance at ${new Date(oneOff.approvedAt).toISOString()}`,
  };
}
