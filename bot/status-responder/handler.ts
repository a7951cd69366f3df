import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { RDSClient } from '@aws-sdk/client-rds';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { observeSystem } from '../../contract/observe-system';
import { instrument } from '../../observability/instrument';
import { SlackFunction } from '../../observability/metric-names';
import { createPowertools, type Powertools } from '../../observability/powertools';
import { clientForSecret } from '../slack/client-for-secret';
import { createSlackClient } from '../slack/slack-client';
import { slackSecretsLoader } from '../slack/slack-secrets';
import { handleCancel, type CancelEvent, type CancelReportDeps } from './cancel-report';
import {
  postToResponseUrl,
  reportStatus,
  type SystemStatusDeps,
  type SystemStatusEvent,
} from './system-status';

const powertools = createPowertools();

/** `/webapp status` (no kind), or a cancel's check or report. */
export type ResponderEvent = SystemStatusEvent | CancelEvent;

/**
 * Builds the Lambda handler around injected clients; logs and metrics go to `tools`. The
 * response URL in the event is never logged: it lets anyone answer the command for 30 minutes.
 */
export const makeHandler = (
  deps: SystemStatusDeps & CancelReportDeps,
  tools: Powertools = powertools,
) =>
  instrument(
    tools,
    async (event: ResponderEvent) => {
      if ('kind' in event) {
        await handleCancel(event, deps);
        tools.logger.info('Cancel answered', { kind: event.kind });
        return;
      }
      await reportStatus(event, deps);
      tools.logger.info('Status answered');
    },
    {
      keys: (event) => ({
        system: event.system.name,
        ...('executionArn' in event ? { executionArn: event.executionArn } : {}),
      }),
    },
  );

const { tracer } = powertools;
const clients = {
  ec2: tracer.captureAWSv3Client(new EC2Client({})),
  rds: tracer.captureAWSv3Client(new RDSClient({})),
  elbv2: tracer.captureAWSv3Client(new ElasticLoadBalancingV2Client({})),
};
const secrets = slackSecretsLoader(
  tracer.captureAWSv3Client(new SecretsManagerClient({})),
  process.env.SLACK_SECRET_ARN,
);

export const handler = makeHandler({
  observe: (system) => observeSystem(system, clients),
  post: postToResponseUrl,
  sfn: tracer.captureAWSv3Client(new SFNClient({})),
  // Only a cancel's report writes to a thread; `/webapp status` never reads the secret.
  slack: clientForSecret(secrets, (botToken) =>
    createSlackClient(botToken, { ...powertools, functionName: SlackFunction.statusResponder }),
  ),
  now: Date.now,
});
