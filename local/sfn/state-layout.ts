import type { State, StateMachineScope } from '../../statemachines/asl-types';

/** Where a state runs: at the top level, in each iteration of a Map, or in one Parallel branch. */
export type StateScope =
  | { readonly kind: 'top' }
  | { readonly kind: 'map'; readonly map: string }
  | { readonly kind: 'branch'; readonly parallel: string; readonly branch: number };

export interface StateInfo {
  readonly state: State;
  readonly scope: StateScope;
}

/**
 * Every state of a definition by name, Map and Parallel bodies included, with the scope it runs
 * in. State names are unique across a whole state machine, so the name alone finds a state.
 */
export function stateLayout(definition: StateMachineScope): ReadonlyMap<string, StateInfo> {
  const layout = new Map<string, StateInfo>();
  const visit = (machine: StateMachineScope, scope: StateScope) => {
    for (const [name, state] of Object.entries(machine.States)) {
      layout.set(name, { state, scope });
      if (state.Type === 'Map') {
        const body = state.ItemProcessor ?? state.Iterator;
        if (body) visit(body, { kind: 'map', map: name });
      }
      if (state.Type === 'Parallel') {
        state.Branches.forEach((branch, index) =>
          visit(branch, { kind: 'branch', parallel: name, branch: index }),
        );
      }
    }
  };
  visit(definition, { kind: 'top' });
  return layout;
}

/** resourceType and resource as the history names them: `lambda` / `invoke.waitForTaskToken`. */
export function resourceParts(resource: string): { resourceType: string; resource: string } {
  // arn:aws:states:::lambda:invoke, arn:aws:states:::aws-sdk:backup:startBackupJob
  const service = resource.replace(/^arn:[^:]+:states:::/, '');
  const cut = service.lastIndexOf(':');
  return cut < 0
    ? { resourceType: service, resource: service }
    : { resourceType: service.slice(0, cut), resource: service.slice(cut + 1) };
}
