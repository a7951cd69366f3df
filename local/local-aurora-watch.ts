import { CreateScheduleCommand, type SchedulerClient } from '@aws-sdk/client-scheduler';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { RDSClient } from '@aws-sdk/client-rds';
import type { WebClient } from '@slack/web-api';
import { makeHandler as makeAuroraWatch } from '../bot/aurora-watch/handler';
import type { RestopFiring } from '../bot/aurora-watch/watch-input';
import type { AuditTrail } from '../bot/audit/audit-trail';
import { AuroraWatchState } from '../bot/services/aurora-watch-state';
import {
  auroraDailyCheckSchedule,
  auroraWatchEventPattern,
} from '../config/aurora-watch-deployment';
import type { ScheduleDeploymentTargets } from '../config/schedule-deployment';
import type { AppConfig } from '../config/schema';
import { createPowertools } from '../observability/powertools';
import type { LocalScheduler } from './local-scheduler';
import { RdsEventPump } from './rds-event-pump';
import type { SimulatedAccount } from './sim-aws';

export interface LocalAuroraWatchOptions {
  readonly config: AppConfig;
  readonly account: SimulatedAccount;
  readonly clock: { now(): number; after(ms: number, fire: () => void): () => void };
  readonly rds: RDSClient;
  readonly schedulerClient: SchedulerClient;
  readonly scheduler: LocalScheduler;
  /** The app's schedule group, role and dead-letter queue, as the configured schedules use. */
  readonly targets: ScheduleDeploymentTargets;
  readonly ddb: DynamoDBClient;
  readonly tableName: string;
  readonly web: WebClient;
  readonly audit: AuditTrail;
  /** The scheduled-run starter, called directly (on AWS: an asynchronous invocation). */
  readonly starter: (firing: RestopFiring) => Promise<unknown>;
  readonly onError?: (error: unknown) => void;
}

/** A re-stop the watch handed to the starter, and what the starter answered. */
export interface HandedRestop {
  readonly firing: RestopFiring;
  readonly outcome: unknown;
}

/**
 * The Aurora watch as the CDK app deploys it, on the simulated account: its function, the
 * account's RDS events delivered to it by a pump on the simulated clock (the rule's pattern
 * applied), and its daily check as a schedule in the simulated EventBridge Scheduler.
 * Undefined when no system has the watch on.
 */
export async function startLocalAuroraWatch(options: LocalAuroraWatchOptions) {
  const pattern = auroraWatchEventPattern(options.config);
  if (!pattern) return undefined;
  const { region, accountId } = options.account;
  const targetArn = `arn:aws:lambda:${region}:${accountId}:function:webapp-chatops-aurora-watch`;
  const restops: HandedRestop[] = [];
  const watch = makeAuroraWatch(
    {
      config: options.config,
      rds: options.rds,
      state: new AuroraWatchState(options.ddb, options.tableName, options.clock.now),
      slack: async () => options.web,
      audit: options.audit,
      startRestop: async (firing) => {
        const outcome = await options.starter(firing);
        restops.push({ firing, outcome });
      },
      now: options.clock.now,
    },
    createPowertools(),
  );
  await options.schedulerClient.send(
    new CreateScheduleCommand(auroraDailyCheckSchedule({ ...options.targets, targetArn })),
  );
  options.scheduler.registerTarget(targetArn, (event) => watch(event));
  const pump = new RdsEventPump({
    account: options.account,
    clock: options.clock,
    pattern,
    deliver: (event) => watch(event),
    ...(options.onError ? { onError: options.onError } : {}),
  });
  pump.start();
  return {
    pump,
    /** Every re-stop the watch handed to the starter, in order. */
    restops,
    /** The ARN its daily check's schedule invokes. */
    targetArn,
  };
}

export type LocalAuroraWatch = NonNullable<Awaited<ReturnType<typeof startLocalAuroraWatch>>>;
