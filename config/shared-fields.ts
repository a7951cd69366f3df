import { z } from 'zod';

/** A Slack channel id, as the configuration names every channel. */
export const channelIdSchema = z
  .string()
  .regex(/^[CG][A-Z0-9]{2,}$/, 'must be a Slack channel id (C…)');

/**
 * The name of a schedule or a trigger: short, so `<system>-<name>` fits the 64 characters
 * EventBridge allows a schedule's or a rule's name.
 */
export const firerNameSchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{0,23}$/,
    'must be 1-24 lower-case letters, digits or -, starting with a letter',
  );

/**
 * Refuses a hold window on any approval policy but unless-held: only there does anyone have a
 * window to hold the run in. `what` names the thing in the message ("schedule", "trigger").
 */
export function checkHoldWindow(
  what: string,
  firer: { readonly approval: string; readonly holdWindowMinutes?: number },
  ctx: z.RefinementCtx,
): void {
  if (firer.holdWindowMinutes !== undefined && firer.approval !== 'unless-held') {
    ctx.addIssue({
      code: 'custom',
      path: ['holdWindowMinutes'],
      message: `only an unless-held ${what} has a hold window; this one is ${firer.approval}`,
    });
  }
}
