/** The steps a person sees for a jobnet, read from its definition so the two never drift. */
export interface StepSpec {
  readonly name: string;
  readonly label: string;
  /** For a Map: the states each item goes through, in order. */
  readonly subSteps?: readonly string[];
}

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

const LABELS: Record<string, string> = {
  Prepare: 'Check the input and look at every resource',
  Approval: 'Approval',
  PutMaintenancePage: 'Put up the maintenance page',
  StopWebInstances: 'Stop Apache and the web instances, back each up',
  BackupDbCluster: 'Back up the DB cluster',
  WaitDbAvailable: 'Wait until the DB cluster is available',
  StopDbCluster: 'Stop the DB cluster',
  StartDbCluster: 'Start the DB cluster',
  BootWebInstances: 'Start the web instances',
  StartWebServers: 'Start and check Apache',
  WaitTargetsHealthy: 'Wait until every target is healthy',
  ApproveReopen: 'Approval to take the maintenance page down',
  RemoveMaintenancePage: 'Take down the maintenance page',
};

const SHOWN = new Set(['Task', 'Map']);

/** Task and Map states in the order they run; Parallel branches are listed branch by branch. */
export function stepCatalog(definition: { StartAt: string; States: object }): StepSpec[] {
  const steps: StepSpec[] = [];
  const add = (name: string, state: AslState) => {
    if (!SHOWN.has(state.Type) || steps.some((s) => s.name === name)) return;
    const body = state.ItemProcessor ?? state.Iterator;
    steps.push({
      name,
      label: LABELS[name] ?? name.replace(/([a-z])([A-Z])/g, '$1 $2'),
      ...(body ? { subSteps: chain(body) } : {}),
    });
  };
  const visit = (machine: AslMachine) => {
    let name: string | undefined = machine.StartAt;
    while (name) {
      const state: AslState = machine.States[name];
      if (state.Type === 'Parallel') state.Branches?.forEach(visit);
      if (state.Type === 'Choice') {
        // An optional step on a branch that rejoins at the Default (ReopenApprovalWanted).
        for (const choice of state.Choices ?? []) add(choice.Next, machine.States[choice.Next]);
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

function chain(machine: AslMachine): string[] {
  const names: string[] = [];
  for (let name: string | undefined = machine.StartAt; name; name = machine.States[name].Next) {
    names.push(name);
  }
  return names;
}
