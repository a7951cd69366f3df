import { SSMClient } from '@aws-sdk/client-ssm';
import type { WaitEvent } from '../../contract/wait-events';
import { instrument } from '../../observability/instrument';
import { createPowertools, type Powertools } from '../../observability/powertools';
import { matchEvent, type MatcherDeps, type MatchSummary } from './matcher';
import { waitsFromEnv } from './waits-from-env';

const powertools = createPowertools();

/**
 * The wait matcher's Lambda handler: one EventBridge event per invocation, one log line saying
 * what became of it. A failure is thrown, so Lambda's asynchronous retries try it again (and
 * the sweep finds what they could not).
 */
export const makeHandler = (deps: MatcherDeps, tools: Powertools = powertools) =>
  instrument(tools, async (event: WaitEvent): Promise<MatchSummary> => {
    const summary = await matchEvent(event, deps);
    tools.logger.info('Wait event', {
      detailType: event['detail-type'],
      eventId: event.id,
      eventTime: event.time,
      ...summary,
    });
    return summary;
  });

export const handler = makeHandler({
  ...waitsFromEnv(powertools),
  ssm: powertools.tracer.captureAWSv3Client(new SSMClient({})),
});
