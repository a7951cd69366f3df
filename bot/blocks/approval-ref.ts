import { createHash } from 'node:crypto';

/** The two approval states of the definitions: before anything, and before the page comes down. */
export type ApprovalState = 'Approval' | 'ApproveReopen';

/**
 * What an approval message's buttons carry: exactly one approval — the execution, the state
 * and the attempt (a digest of its task token; a retried or redriven state gets a new token).
 * The token itself never goes to Slack: button values are visible to the channel.
 */
export interface ApprovalRef {
  readonly executionArn: string;
  readonly state: ApprovalState;
  readonly attempt: string;
}

/** A short, one-way name for a task token: enough to tell attempts apart, useless as a token. */
export function tokenDigest(taskToken: string): string {
  return createHash('sha256').update(taskToken).digest('hex').slice(0, 16);
}

/** The button value for an approval. */
export function approvalRefValue(ref: ApprovalRef): string {
  return JSON.stringify({ e: ref.executionArn, s: ref.state, a: ref.attempt });
}

/** The approval a button names, or undefined for a value this bot did not write. */
export function parseApprovalRef(value: string | undefined): ApprovalRef | undefined {
  try {
    const raw = JSON.parse(value ?? '') as { e?: unknown; s?: unknown; a?: unknown };
    if (typeof raw.e !== 'string' || typeof raw.a !== 'string') return undefined;
    if (raw.s !== 'Approval' && raw.s !== 'ApproveReopen') return undefined;
    return { executionArn: raw.e, state: raw.s, attempt: raw.a };
  } catch {
    return undefined;
  }
}

/** How a person names an approval state in a reply. */
export function approvalStateWords(state: ApprovalState): string {
  return state === 'ApproveReopen'
    ? 'the approval to take the maintenance page down'
    : 'the approval of the run';
}
