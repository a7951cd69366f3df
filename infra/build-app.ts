import type { App, Environment } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { AppConfig } from '../config/schema';
import { STACK_IDS } from './names';
import { DemoWebSystemStack } from './stacks/demo-web-system-stack';
import { WebappChatopsStack } from './stacks/webapp-chatops-stack';

export interface BuildOptions {
  /** Where the stacks deploy; the configuration's `account`/`region` win over it. */
  readonly env?: Environment;
  /** Replaces every function's bundle (template tests). */
  readonly code?: lambda.Code;
  /** When the app is synthesized (template tests fix it). @default the current time */
  readonly now?: Date;
}

export interface BuiltStacks {
  readonly main: WebappChatopsStack;
  readonly demo?: DemoWebSystemStack;
}

/** Adds the app's stacks for one validated configuration: the ChatOps app, and the demo if enabled. */
export function buildStacks(app: App, config: AppConfig, options: BuildOptions = {}): BuiltStacks {
  const env: Environment = {
    account: config.account ?? options.env?.account,
    region: config.region ?? options.env?.region,
  };
  const main = new WebappChatopsStack(app, STACK_IDS.main, {
    config,
    env,
    code: options.code,
    now: options.now,
    description: 'webapp-chatops: Slack ChatOps for the maintenance jobnets (Step Functions)',
  });
  if (!config.demo.enabled) return { main };
  const demo = new DemoWebSystemStack(app, STACK_IDS.demo, {
    env,
    description: 'webapp-chatops demo web system: ALB, two Apache instances, Aurora MySQL',
  });
  return { main, demo };
}
