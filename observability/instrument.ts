import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { Powertools } from './powertools';

/**
 * The keys that tie a log line to a run. A function appends those its event carries, once per
 * invocation; a key left undefined is left out of the line.
 */
export interface RunKeys {
  readonly executionArn?: string;
  readonly runId?: string;
  readonly system?: string;
  readonly jobnet?: string;
  readonly step?: string;
  readonly resource?: string;
  readonly slackUser?: string;
}

/** What Powertools reads from Lambda's context. */
export interface LambdaContext {
  readonly functionName: string;
  readonly functionVersion: string;
  readonly invokedFunctionArn: string;
  readonly memoryLimitInMB: string;
  readonly awsRequestId: string;
}

/** A handler as Lambda calls it; code that calls it in process (tests, local mode) passes no context. */
export type InstrumentedHandler<E, R> = (event: E, context?: LambdaContext) => Promise<R>;

export interface InstrumentOptions<E> {
  /** The run keys this event carries. */
  readonly keys?: (event: E) => RunKeys;
  /**
   * Called once the handler has returned or thrown, before the stored metrics are flushed: the
   * place for what describes the whole invocation, such as its duration.
   */
  readonly ended?: (
    event: E,
    outcome: { readonly seconds: number; readonly failed: boolean },
  ) => void;
}

type TracingRequest = Parameters<NonNullable<ReturnType<typeof captureLambdaHandler>['before']>>[0];

/**
 * Wraps a handler the Powertools way. Per invocation: the Lambda context and the run keys on
 * every log line, the cold start in logs, metrics and trace, a subsegment for the handler, a
 * failure logged with its keys; and whether the handler returned or threw, the stored metrics
 * flushed and the keys reset, so nothing leaks into the next invocation. The event itself is
 * never logged: approval events carry task tokens, the bot's carry Slack's request bodies.
 */
export function instrument<E, R>(
  tools: Powertools,
  handler: (event: E) => Promise<R>,
  options: InstrumentOptions<E> = {},
): InstrumentedHandler<E, R> {
  const { logger, metrics, tracer } = tools;
  // Powertools' own middleware opens and closes the handler subsegment; it needs no middy to run.
  const tracing = captureLambdaHandler(tracer, { captureResponse: false });
  return async (event, context) => {
    const startedAt = performance.now();
    if (context) logger.addContext(context);
    logger.appendKeys({ ...options.keys?.(event) });
    metrics.captureColdStartMetric(context?.functionName);
    const request: TracingRequest = {
      event,
      context: context as TracingRequest['context'],
      response: undefined,
      error: undefined,
      internal: {},
    };
    await tracing.before?.(request);
    let failed = false;
    try {
      const response = await handler(event);
      request.response = response;
      await tracing.after?.(request);
      return response;
    } catch (error) {
      failed = true;
      request.error = error as Error;
      logger.error('Invocation failed', error as Error);
      await tracing.onError?.(request);
      throw error;
    } finally {
      options.ended?.(event, { seconds: (performance.now() - startedAt) / 1000, failed });
      // Powertools warns on an empty flush; most invocations send their metrics at once instead.
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
      logger.resetKeys();
    }
  };
}
