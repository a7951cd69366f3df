import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { JobnetFunction } from './jobnet-function';
import type { SlackSecret } from './slack-secret';

export interface ApprovalRequesterProps {
  readonly slackSecret: SlackSecret;
  readonly logRetention: logs.RetentionDays;
  readonly code?: lambda.Code;
}

/**
 * The Approval step's function: posts the plan with Approve / Reject buttons into the run's
 * thread, then returns; the state machine waits for the bot to answer the task token.
 */
export class ApprovalRequester extends Construct {
  readonly handler: JobnetFunction;

  constructor(scope: Construct, id: string, props: ApprovalRequesterProps) {
    super(scope, id);
    this.handler = new JobnetFunction(this, 'RequestApproval', {
      entry: 'bot/approval-requester/handler.ts',
      description: 'Jobnet Approval: posts Approve / Reject buttons in the run thread',
      // The state machine retries Slack.Unavailable itself; one attempt stays short.
      timeout: Duration.seconds(60),
      logRetention: props.logRetention,
      environment: { SLACK_SECRET_ARN: props.slackSecret.secret.secretArn },
      permissions: props.slackSecret.readPermissions(),
      code: props.code,
    });
  }
}
