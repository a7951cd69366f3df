import type { StepSpec } from '../contract/jobnet-steps';

/** A step as a definition lays it out: its state name and, for a Map, each item's states. */
export type StepOutline = Omit<StepSpec, 'label'>;

interface AslState {
  Type: string;
  Next?: string;
  Default?: string;
  Choices?: { Next: string }[];
  Branches?: AslMachine[];
  ItemProcessor?: AslMachine;
  Iterator?: AslMachine;
}
interface AslMachine {
  StartAt: string;
  States: Record<string, AslState>;
}

const SHOWN = new Set(['Task', 'Map']);

/** Task and Map states in the order they run; Parallel branches are listed branch by branch. */
export function stepOutline(definition: { StartAt: string; States: object }): StepOutline[] {
  const steps: StepOutline[] = [];
  const add = (name: string, state: AslState) => {
    if (!SHOWN.has(state.Type) || steps.some((s) => s.name === name)) return;
    const body = state.ItemProcessor ?? state.Iterator;
    steps.push({ name, ...(body ? { subSteps: chain(body) } : {}) });
  };
  const visit = (machine: AslMachine) => {
    let name: string | undefined = machine.StartAt;
    while (name) {
      const state: AslState = machine.States[name];
      if (state.Type === 'Parallel') state.Branches?.forEach(visit);
      if (state.Type === 'Choice') {
        // An optional step on a branch that rejoins at the Default (ReopenApprovalWanted) is
        // listed here; a choice that skips ahead (DatabaseOnly) leads to steps the Default's
        // path lists in their place.
        const ahead = pathFrom(machine, state.Default);
        for (const choice of state.Choices ?? []) {
          if (!ahead.has(choice.Next)) add(choice.Next, machine.States[choice.Next]);
        }
        name = state.Default;
        continue;
      }
      add(name, state);
      name = state.Next;
    }
  };
  visit(definition as AslMachine);
  return steps;
}

/** The states the path from `start` goes through, following each state's Next or Default. */
function pathFrom(machine: AslMachine, start: string | undefined): Set<string> {
  const seen = new Set<string>();
  for (let name = start; name && !seen.has(name);) {
    seen.add(name);
    const state: AslState = machine.States[name];
    name = state.Next ?? state.Default;
  }
  return seen;
}

function chain(machine: AslMachine): string[] {
  const names: string[] = [];
  for (let name: string | undefined = machine.StartAt; name; name = machine.States[name].Next) {
    names.push(name);
  }
  return names;
}
