import { countRunEnded, recordNotifierLag } from '../../observability/app-metrics';
import type { Powertools } from '../../observability/powertools';
import type { Delivery } from './notifier';
import { runOutcomeOf } from './run-outcome';

/**
 * Logs what a delivery did and turns it into metrics: NotifierLagSeconds when the root message
 * was edited (from the newest change AWS recorded to the edit), RunEnded when this delivery
 * posted the attempt's summary — so each attempt is counted once, however often it is delivered.
 */
export function reportDelivery(
  delivery: Delivery,
  { logger, metrics }: Pick<Powertools, 'logger' | 'metrics'>,
): void {
  const { progress, changedAt, editedAt, summaryPosted, eventsRead } = delivery;
  const lagSeconds =
    editedAt !== undefined && changedAt !== undefined
      ? Math.max(0, editedAt - changedAt) / 1000
      : undefined;
  if (lagSeconds !== undefined) recordNotifierLag(metrics, lagSeconds);
  const outcome =
    summaryPosted && progress.status !== 'RUNNING'
      ? runOutcomeOf({ ...progress, status: progress.status })
      : undefined;
  if (outcome) {
    countRunEnded(metrics, { system: progress.system, jobnet: progress.jobnet, outcome });
  }
  logger.info('Progress delivered', {
    system: progress.system,
    jobnet: progress.jobnet,
    status: progress.status,
    edited: editedAt !== undefined,
    eventsRead,
    ...(lagSeconds !== undefined ? { lagSeconds } : {}),
    ...(outcome ? { outcome } : {}),
  });
}
