import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { Permissions } from '../iam/permissions';

/** The JSON shape of the secret value, as the Slack-facing functions read it. */
export const SLACK_SECRET_TEMPLATE = { botToken: 'xoxb-replace-me' } as const;

/**
 * The Slack bot token and signing secret, `{ "botToken": "xoxb-…", "signingSecret": "…" }`.
 * Created with a placeholder token and a random signing secret (so no request verifies until
 * the real values are stored); the operator overwrites it after creating the Slack app. Only
 * its ARN leaves this construct: no template or environment variable holds the values.
 */
export class SlackSecret extends Construct {
  readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description:
        'webapp-chatops Slack credentials: {"botToken":"xoxb-…","signingSecret":"…"} (overwrite after creating the Slack app)',
      generateSecretString: {
        secretStringTemplate: JSON.stringify(SLACK_SECRET_TEMPLATE),
        generateStringKey: 'signingSecret',
        excludePunctuation: true,
        passwordLength: 32,
      },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Slack issues the bot token and signing secret; they are rotated in the Slack app settings and stored here by hand (README, "Store the Slack credentials"). No rotation function can obtain new ones.',
    });
  }

  /** Reading the value, and nothing else (no DescribeSecret, no other secret). */
  readPermissions(): Permissions {
    return {
      statements: [
        new iam.PolicyStatement({
          actions: ['secretsmanager:GetSecretValue'],
          resources: [this.secret.secretArn],
        }),
      ],
    };
  }
}
