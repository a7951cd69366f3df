import { resolve } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConfigError, loadConfigFile } from '../config/load';
import type { AppConfig } from '../config/schema';
import { buildStacks } from './build-app';

/**
 * The CDK app: reads and validates the configuration once (context `configFile`, relative to
 * the working directory), builds the stacks from it, and runs cdk-nag's AwsSolutions checks on
 * every synth, which fails on any unacknowledged finding.
 */
const app = new App();
const configFile = resolve(
  String(app.node.tryGetContext('configFile') ?? 'config/example.config.json'),
);

let config: AppConfig;
try {
  config = loadConfigFile(configFile);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  // The message names each bad field; a stack trace would only bury it.
  console.error(error.message);
  process.exit(1);
}

buildStacks(app, config, {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
