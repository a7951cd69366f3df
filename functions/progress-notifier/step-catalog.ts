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
  RemoveMaintenancePage: 'Take down the maintenance page',
};

const SHOWN = new Set(['Task', 'Map']);

/** Task and Map states in the order they run; Parallel branches are listed branch by branch. */
export function stepCatalog(definition: { StartAt: string; States: object }): StepSpec[] {
  const steps: StepSpec[] = [];
  const visit = (machine: AslMachine) => {
    let name: string | undefined = machine.StartAt;
    while (name) {
      const state: AslState = machine.States[name];
      if (state.Type === 'Parallel') state.Branches?.forEach(visit);
      if (SHOWN.has(state.Type)) {
        const body = state.ItemProcessor ?? state.Iterator;
        steps.push({
          name,
          label: LABELS[name] ?? name.replace(/([a-z])([A-Z])/g, '$1 $2'),
          ...(body ? { subSteps: chain(body) } : {}),
        });
      }
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
