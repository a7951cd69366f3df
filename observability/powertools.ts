import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { METRICS_NAMESPACE, METRICS_SERVICE } from './metric-names';

/** One function's Logger, Tracer and Metrics. */
export interface Powertools {
  readonly logger: Logger;
  readonly tracer: Tracer;
  readonly metrics: Metrics;
}

/**
 * The set a function creates once, at module scope, so it lives as long as the container: the
 * cold start is told from warm ones, and the SDK clients created beside it can be traced.
 * Powertools reads the rest from the environment itself: the log level from
 * `POWERTOOLS_LOG_LEVEL`, and whether to trace at all — only inside Lambda, so tests and the
 * local mode never try to reach X-Ray.
 */
export function createPowertools(): Powertools {
  const logger = new Logger({ serviceName: METRICS_SERVICE });
  return {
    logger,
    tracer: new Tracer({ serviceName: METRICS_SERVICE }),
    // Metrics' own warnings become JSON log lines like everything else.
    metrics: new Metrics({ serviceName: METRICS_SERVICE, namespace: METRICS_NAMESPACE, logger }),
  };
}
