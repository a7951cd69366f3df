import type { TargetHealthDescription } from '@aws-sdk/client-elastic-load-balancing-v2';

export interface HealthSummary {
  readonly allHealthy: boolean;
  readonly healthy: number;
  readonly total: number;
  /** "i-0abc unhealthy (Target.FailedHealthChecks)" for each target not healthy. */
  readonly notHealthy: string[];
}

/**
 * Every target must be healthy, and there must be at least one: an empty target group would
 * turn the site into ALB 503s the moment the maintenance page came down.
 */
export function summarizeHealth(descriptions: TargetHealthDescription[]): HealthSummary {
  const notHealthy = descriptions
    .filter((d) => d.TargetHealth?.State !== 'healthy')
    .map((d) => {
      const reason = d.TargetHealth?.Reason ? ` (${d.TargetHealth.Reason})` : '';
      return `${d.Target?.Id ?? '?'} ${d.TargetHealth?.State ?? 'unknown'}${reason}`;
    });
  const total = descriptions.length;
  return {
    allHealthy: total > 0 && notHealthy.length === 0,
    healthy: total - notHealthy.length,
    total,
    notHealthy,
  };
}

export function describeSummary(summary: HealthSummary): string {
  if (summary.total === 0) return 'no targets registered';
  const rest = summary.notHealthy.length > 0 ? `; ${summary.notHealthy.join(', ')}` : '';
  return `${summary.healthy}/${summary.total} healthy${rest}`;
}
