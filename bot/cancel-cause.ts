/**
 * How a cancel is written into the run, so everything that later reads the run tells who
 * cancelled it: the cause of the approval task's failure (before anything changed) or of
 * StopExecution (after). The notifier and the bot read it back; a Slack user id, no secret.
 */
export function cancelCause(user: string, at: Date): string {
  return `Cancelled by ${user} at ${at.toISOString()}`;
}

/** Who cancelled, when the cause is one `cancelCause` wrote; undefined otherwise. */
export function cancelledBy(cause: string | undefined): string | undefined {
  return /^Cancelled by (\S+?)(?:\s+at\s|\s*$)/.exec(cause?.trim() ?? '')?.[1];
}
