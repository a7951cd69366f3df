import type { AppConfig, SystemConfig } from '../../config/schema';
import type { Observed } from '../../functions/prepare-run/plan';
import type { GroupMembers } from './authorizer';
import type { Executions } from './executions';

/** Everything the listeners need besides Slack itself; injected so tests can swap each part. */
export interface BotServices {
  readonly config: AppConfig;
  readonly executions: Executions;
  /** The current state of a system's resources (read-only). */
  readonly observe: (system: SystemConfig) => Promise<Observed>;
  /** Members of a Slack user group (cached). */
  readonly groupMembers: GroupMembers;
  readonly now: () => Date;
}
