import { invalidParameter } from './errors';
import { STATE_CODES } from './instance-model';
import type { InstanceRecord, InstanceState } from './state';

type Predicate = (inst: InstanceRecord, state: InstanceState) => boolean;

/**
 * EC2 filter semantics: filters AND together, the values of one filter OR together, and
 * values may use `*` and `?` wildcards. A filter name the simulation does not know is an
 * error rather than silently matching everything, as real EC2 does for invalid names.
 */
export function instanceFilter(filters: Record<string, unknown>[]): Predicate {
  const predicates = filters.map((f) => {
    const name = f.Name;
    const values = f.Values;
    if (typeof name !== 'string' || !Array.isArray(values)) {
      throw invalidParameter('ec2', 'Each filter needs a Name and a list of Values');
    }
    const patterns = values.map((v) => globToRegExp(String(v)));
    const anyMatch = (candidates: string[]): boolean =>
      candidates.some((c) => patterns.some((p) => p.test(c)));
    return filterFor(name, anyMatch);
  });
  return (inst, state) => predicates.every((p) => p(inst, state));
}

function filterFor(name: string, anyMatch: (candidates: string[]) => boolean): Predicate {
  if (name.startsWith('tag:')) {
    const key = name.slice(4);
    return (inst) => key in inst.tags && anyMatch([inst.tags[key]]);
  }
  switch (name) {
    case 'tag-key':
      return (inst) => anyMatch(Object.keys(inst.tags));
    case 'tag-value':
      return (inst) => anyMatch(Object.values(inst.tags));
    case 'instance-id':
      return (inst) => anyMatch([inst.id]);
    case 'instance-state-name':
      return (_inst, state) => anyMatch([state]);
    case 'instance-state-code':
      return (_inst, state) => anyMatch([String(STATE_CODES[state])]);
    default:
      throw invalidParameter('ec2', `The filter '${name}' is invalid`);
  }
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}
