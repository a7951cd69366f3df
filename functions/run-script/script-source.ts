import type { RunRecord } from '../../contract/plan';

/**
 * The run's scripts from its record, remembered per execution: one container runs the script
 * steps of many instances of the same run, and the record does not change during it.
 */
export function cachedScripts(
  read: (executionArn: string) => Promise<RunRecord | undefined>,
  keep = 20,
): (executionArn: string) => Promise<RunRecord['scripts'] | undefined> {
  const cache = new Map<string, RunRecord['scripts']>();
  return async (executionArn) => {
    const hit = cache.get(executionArn);
    if (hit) return hit;
    const scripts = (await read(executionArn))?.scripts;
    if (scripts) {
      cache.set(executionArn, scripts);
      if (cache.size > keep) cache.delete(cache.keys().next().value as string);
    }
    return scripts;
  };
}
