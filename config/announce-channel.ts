import type { z } from 'zod';

/**
 * A system's announce channel gets one line per run start and end, skip and hold: the same
 * channel as its own (where the runs' threads are) would say everything twice, so it is refused,
 * naming the field.
 */
export function checkAnnounceChannels(
  config: {
    slack: { channels: readonly string[] };
    systems: readonly { channel?: string; announceChannel?: string }[];
  },
  ctx: z.RefinementCtx,
): void {
  config.systems.forEach((system, index) => {
    const own = system.channel ?? config.slack.channels[0];
    if (system.announceChannel !== undefined && system.announceChannel === own) {
      ctx.addIssue({
        code: 'custom',
        path: ['systems', index, 'announceChannel'],
        message: `must not be the system's own channel (${own}), where its runs are threaded`,
      });
    }
  });
}
