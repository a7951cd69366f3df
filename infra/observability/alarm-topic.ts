import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { ALARM_NAME_PREFIX } from '../names';

export interface AlarmTopicProps {
  /** Addresses subscribed by email; each confirms its subscription from the mail SNS sends. */
  readonly emails: readonly string[];
}

const CLOUDWATCH = new iam.ServicePrincipal('cloudwatch.amazonaws.com');

/**
 * The SNS topic every alarm of the app notifies: encrypted with its own KMS key, publishing
 * only over TLS, open to CloudWatch for the app's alarms alone. The configured addresses are
 * subscribed here; a chat integration (Amazon Q Developer in chat applications) is subscribed
 * by the operator with the topic's ARN, since its Slack workspace is set up in that console.
 */
export class AlarmTopic extends Construct {
  readonly topic: sns.Topic;
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const stack = Stack.of(this);
    // A key of our own rather than SNS's AWS managed key: CloudWatch must be allowed to use the
    // key, and an AWS managed key's policy cannot be changed to allow it.
    this.key = new kms.Key(this, 'Key', {
      description: 'webapp-chatops: encrypts the alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'webapp-chatops alarms',
      masterKey: this.key,
      enforceSSL: true,
    });

    // enforceSSL replaces SNS's default topic policy, which is what lets CloudWatch publish in
    // the account; this gives that back, for this account's webapp-chatops alarms only.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowAppAlarmsToPublish',
        principals: [CLOUDWATCH],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: `${ALARM_NAME_PREFIX}*`,
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    // SNS encrypts what CloudWatch publishes with a data key CloudWatch must be able to make;
    // which alarms may publish at all is decided by the topic policy above.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchToPublishEncrypted',
        principals: [CLOUDWATCH],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );

    for (const address of props.emails) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(address));
    }
  }
}
