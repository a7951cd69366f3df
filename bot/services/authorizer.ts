import type { AppConfig } from '../../config/schema';

export type Role = 'requester' | 'approver';

export interface Principals {
  readonly users: readonly string[];
  readonly userGroups: readonly string[];
}

/** Looks up the members of a Slack user group. */
export type GroupMembers = (groupId: string) => Promise<readonly string[]>;

/** Who may do what: listed users, or members of listed user groups. */
export function principalsFor(config: AppConfig, role: Role): Principals {
  return role === 'requester' ? config.slack.requesters : config.slack.approvers;
}

/** True when the user is listed or belongs to a listed group; asks for groups only if needed. */
export async function isAllowed(
  userId: string,
  principals: Principals,
  groupMembers: GroupMembers,
): Promise<boolean> {
  if (principals.users.includes(userId)) return true;
  for (const group of principals.userGroups) {
    if ((await groupMembers(group)).includes(userId)) return true;
  }
  return false;
}

/**
 * Caches group membership for a few minutes per container: a click must be answered within
 * Slack's three seconds, and membership changes rarely.
 */
export function cachedGroupMembers(
  lookup: GroupMembers,
  now: () => number,
  ttlMs = 5 * 60_000,
): GroupMembers {
  const cache = new Map<string, { at: number; members: Promise<readonly string[]> }>();
  return (groupId) => {
    const hit = cache.get(groupId);
    if (hit && now() - hit.at < ttlMs) return hit.members;
    const members = lookup(groupId);
    cache.set(groupId, { at: now(), members });
    // A failed lookup must not be cached.
    members.catch(() => cache.delete(groupId));
    return members;
  };
}
