import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { AppConfig, SystemConfig } from '../../config/schema';
import type { AuditTrail } from '../audit/audit-trail';
import type { AuroraWatchState } from './aurora-watch-state';
import type { StatusInput } from '../blocks/status';
import type { CancelEvent } from '../status-responder/cancel-report';
import type { HistoryEvent } from '../history-responder/history-report';
import type { GroupMembers } from './authorizer';
import type { Executions } from './executions';
import type { OneOffSchedules } from './one-off-schedules';
import type { RequestBudget } from './request-budget';
import type { RunLock } from './run-lock';
import type { ScheduleState } from './schedule-state';

/** Everything the listeners need besides Slack itself; injected so tests can swap each part. */
export interface BotServices {
  readonly config: AppConfig;
  readonly executions: Executions;
  /**
   * Asks for a system's status to be sent to the command's response URL. It runs elsewhere
   * (asynchronously) because reading every resource may take longer than Slack waits.
   */
  readonly requestStatus: (
    system: SystemConfig,
    executions: StatusInput['executions'],
    responseUrl: string,
  ) => Promise<void>;
  /**
   * Hands a cancel's look at every resource to the same function (asynchronously): the check
   * before a confirm, the thread's report after StopExecution.
   */
  readonly requestCancel: (event: CancelEvent) => Promise<void>;
  /**
   * Asks for the last runs of a system (or of all) to be read from the audit trail and sent to
   * the command's response URL, elsewhere (asynchronously): reading may take seconds.
   */
  readonly requestHistory: (request: HistoryEvent) => Promise<void>;
  /** One run per system: taken before StartExecution, again by a redrive. */
  readonly runLock: RunLock;
  /** Holds, skipped occurrences and one-off runs: what people decided about the schedules. */
  readonly scheduleState: ScheduleState;
  /** The one-time EventBridge Scheduler schedules of approved one-off runs. */
  readonly oneOffSchedules: OneOffSchedules;
  /** The Aurora watch's records: a re-stop asked for from its warning. */
  readonly auroraWatch: AuroraWatchState;
  /** The time the current Slack request may still spend on its dependencies. */
  readonly budget: RequestBudget;
  /** Members of a Slack user group (cached). */
  readonly groupMembers: GroupMembers;
  /** Where every request, refusal, decision, hold, skip, cancel and redrive is recorded. */
  readonly audit: AuditTrail;
  readonly now: () => Date;
  /** The function's Powertools logger: lines carry the request's run keys. */
  readonly logger: Logger;
  /** The function's Powertools metrics: runs started, refusals, approval waits. */
  readonly metrics: Metrics;
}
