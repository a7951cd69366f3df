import type { RDSClient } from '@aws-sdk/client-rds';
import type { WebClient } from '@slack/web-api';
import type { AuroraWatchConfig } from '../../config/triggers-schema';
import type { AppConfig, SystemConfig } from '../../config/schema';
import type { AuditTrail } from '../audit/audit-trail';
import type { AuroraWatchState } from '../services/aurora-watch-state';
import type { RestopFiring } from './watch-input';

/** What the Aurora watch needs; injected, so tests and the local mode swap each part. */
export interface AuroraWatchDeps {
  readonly config: AppConfig;
  readonly rds: RDSClient;
  readonly state: AuroraWatchState;
  readonly slack: () => Promise<WebClient>;
  readonly audit: AuditTrail;
  /**
   * Hands the re-stop to the scheduled-run starter: an asynchronous invocation on AWS, a direct
   * call of the local starter in the local mode.
   */
  readonly startRestop: (firing: RestopFiring) => Promise<void>;
  readonly now: () => number;
  readonly log: (message: string, keys?: Record<string, unknown>) => void;
  /** Longest one look at AWS may take before the invocation gives up (and is retried). */
  readonly lookTimeoutMs?: number;
}

/** A system the watch looks after: one with `auroraWatch` configured. */
export type WatchedSystem = SystemConfig & { readonly auroraWatch: AuroraWatchConfig };

/** Every system with the watch on. */
export function watchedSystems(config: AppConfig): WatchedSystem[] {
  return config.systems.filter((s): s is WatchedSystem => s.auroraWatch !== undefined);
}

/** The channel a system's messages go to: its own, or the first configured. */
export function channelOf(config: AppConfig, system: SystemConfig): string {
  return system.channel ?? config.slack.channels[0];
}

/** Fifteen seconds: well inside the watch's 60-second timeout, with room for its Slack posts. */
export const DEFAULT_LOOK_TIMEOUT_MS = 15_000;
