import type { Observed } from '../../contract/plan';
import { escapeMrkdwn, listCompactly } from './limits';

/** Room for the ids of a minority state ("2 stopped: i-0a, i-0b") on one line. */
const STATE_IDS_MAX = 600;

/**
 * "48 running · 2 stopped: i-0a, i-0b": the most common state as a count, the others with
 * their ids, because the exceptions are what a reader looks for.
 */
export function byState(resources: readonly { id: string; state: string }[]): string {
  if (resources.length === 0) return 'none';
  const groups = new Map<string, string[]>();
  for (const r of resources) groups.set(r.state, [...(groups.get(r.state) ?? []), r.id]);
  const ordered = [...groups.entries()].sort((a, b) => b[1].length - a[1].length);
  return ordered
    .map(([state, ids], i) => {
      const count = `${ids.length} ${escapeMrkdwn(state)}`;
      return i === 0 ? count : `${count}: ${listCompactly(ids.map(escapeMrkdwn), STATE_IDS_MAX)}`;
    })
    .join(' · ');
}

/** The current state of everything a jobnet touches, one line per kind of resource. */
export function stateLines(observed: Observed): string[] {
  const instances = observed.instances.map((i) => ({
    id: i.name ? `${i.id} (${i.name})` : i.id,
    state: i.state,
  }));
  return [
    `• *Web instances* (${observed.instances.length}): ${byState(instances)}`,
    `• *DB cluster* ${escapeMrkdwn(observed.db.id)}: ${escapeMrkdwn(observed.db.status)}`,
    `• *Maintenance page*: ${observed.maintenancePage}`,
    `• *Targets* (${observed.targets.length}): ${byState(observed.targets)}`,
  ];
}
